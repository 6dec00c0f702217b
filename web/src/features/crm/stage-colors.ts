/** Swatches for stage colours: Mantine's palette at shade 6, as #rrggbb. */
export const stageSwatches = [
  "#228be6",
  "#15aabf",
  "#12b886",
  "#40c057",
  "#82c91e",
  "#fab005",
  "#fd7e14",
  "#fa5252",
  "#e64980",
  "#be4bdb",
  "#7950f2",
  "#4c6ef5",
  "#868e96",
];

export const semanticColors = { open: "#228be6", won: "#40c057", lost: "#fa5252" } as const;

export function isHexColor(value: string): boolean {
  return /^#[0-9a-fA-F]{6}$/.test(value);
}
