/**
 * A text cell that starts like a formula (=, +, -, @, a tab or a carriage return, or their
 * full-width forms that some spreadsheets fold into them) is written with a leading quote, so a
 * spreadsheet shows it as text and never executes it. The workbook and the CSV share this rule.
 */
export function inert(value: unknown): string | number | Date | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || value instanceof Date) return value;
  const text = String(value);
  return /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(text) ? `'${text}` : text;
}
