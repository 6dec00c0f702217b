import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { invalid } from "../../platform/errors/problem";

export interface ParsedTable {
  columns: string[];
  rows: string[][];
}

export const maxImportRows = 1_000_000;

/** 1C and Excel on Windows often save CSV in Windows-1251; anything that is not valid UTF-8 is read so. */
function decodeText(data: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(data).replace(/^\uFEFF/, "");
  } catch {
    return new TextDecoder("windows-1251").decode(data);
  }
}

function detectDelimiter(firstLine: string): string {
  const counts = [";", ",", "\t"].map((delimiter) => ({ delimiter, count: firstLine.split(delimiter).length }));
  return counts.sort((left, right) => right.count - left.count)[0]!.delimiter;
}

function parseCsvOrThrow(data: Buffer): string[][] {
  const text = decodeText(data);
  const delimiter = detectDelimiter(text.split(/\r?\n/, 1)[0] ?? "");
  try {
    return parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
  } catch (error) {
    throw invalid("file", `The CSV file cannot be read: ${(error as Error).message.slice(0, 200)}`);
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date)
    return value.toISOString().slice(0, value.getUTCHours() || value.getUTCMinutes() ? 19 : 10);
  if (typeof value === "object") {
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
    if ("richText" in value) return value.richText.map((part) => part.text).join("");
    if ("text" in value) return String(value.text);
    if ("error" in value) return "";
  }
  return String(value);
}

async function parseXlsxOrThrow(data: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw invalid("file", "The file is not a readable .xlsx workbook");
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw invalid("file", "The workbook has no sheets");
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values = (row.values as ExcelJS.CellValue[]).slice(1);
    rows.push(values.map(cellText));
  });
  return rows;
}

/** The first row names the columns; every later non-empty row is a record. */
export async function parseImportFileOrThrow(fileName: string, data: Buffer): Promise<ParsedTable> {
  const lower = fileName.toLowerCase();
  let table: string[][];
  if (lower.endsWith(".xlsx")) table = await parseXlsxOrThrow(data);
  else if (lower.endsWith(".csv") || lower.endsWith(".txt")) table = parseCsvOrThrow(data);
  else throw invalid("file", "Upload a .csv or .xlsx file");
  const [header, ...rows] = table;
  if (!header || header.every((cell) => cell.trim() === "")) throw invalid("file", "The file has no header row");
  if (rows.length > maxImportRows) throw invalid("file", `At most ${maxImportRows} rows per file`);
  const columns = header.map((cell, index) => cell.trim() || `Column ${index + 1}`);
  const seen = new Set<string>();
  const unique = columns.map((column) => {
    let name = column;
    for (let suffix = 2; seen.has(name); suffix++) name = `${column} (${suffix})`;
    seen.add(name);
    return name;
  });
  return {
    columns: unique,
    rows: rows.map((row) => unique.map((_, index) => (row[index] ?? "").trim())).filter((row) => row.some(Boolean)),
  };
}
