import { type ExportFormat, exportRowsHeader } from "@planerka/common";
import { request } from "../../lib/api";

export interface ExportSelection {
  from: string;
  to: string;
  ownerIds: string[];
  unitIds: string[];
  format: ExportFormat;
}

export interface ExportProgress {
  /** Bytes received so far. */
  bytes: number;
  /** Rows the server announced (deals, plus activities in a workbook), if it did. */
  totalRows: number | null;
  /** Rows received, where they can be counted (CSV: one line a row); null for a workbook. */
  rows: number | null;
}

export function exportPath(selection: ExportSelection): string {
  const params = new URLSearchParams({ from: selection.from, to: selection.to, format: selection.format });
  for (const id of selection.unitIds) params.append("unitId", id);
  for (const id of selection.ownerIds) params.append("ownerId", id);
  return `/exports/deals?${params.toString()}`;
}

const lineFeed = 0x0a;

/**
 * Downloads an export as a stream, reporting progress as the bytes arrive, and returns the file.
 * The CSV's lines are counted (less its header), so the bar can be exact; a workbook is compressed
 * and only its size is known until it ends.
 */
export async function downloadExport(
  selection: ExportSelection,
  onProgress: (progress: ExportProgress) => void,
  signal: AbortSignal,
): Promise<{ blob: Blob; fileName: string }> {
  const response = await request(exportPath(selection), { signal });
  const announced = Number(response.headers.get(exportRowsHeader));
  const totalRows = Number.isFinite(announced) && response.headers.has(exportRowsHeader) ? announced : null;
  const type = response.headers.get("content-type") ?? "application/octet-stream";
  const fileName =
    /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ??
    `planerka-deals.${selection.format}`;
  const chunks: BlobPart[] = [];
  let bytes = 0;
  let lines = 0;
  const counting = selection.format === "csv";
  onProgress({ bytes, totalRows, rows: counting ? 0 : null });
  const reader = response.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      bytes += value.byteLength;
      if (counting) for (const byte of value) if (byte === lineFeed) lines += 1;
      onProgress({ bytes, totalRows, rows: counting ? Math.max(lines - 1, 0) : null });
    }
  } else {
    const whole = await response.arrayBuffer();
    chunks.push(whole);
    bytes = whole.byteLength;
  }
  return { blob: new Blob(chunks, { type }), fileName };
}

/** Hands a downloaded file to the browser, as a link with `download` would. */
export function saveFile(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
