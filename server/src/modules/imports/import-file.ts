import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { invalid } from "../../platform/errors/problem";
import { readZipEntriesOrThrow } from "../../platform/files/zip-archive";

export interface ParsedTable {
  columns: string[];
  rows: string[][];
}

/**
 * What one file may hold. 200,000 rows take two minutes at DESIGN's 100,000 records a minute and
 * fit a 20 MB upload; a bigger data set goes in several files. A cell holds at most what Excel
 * itself allows; a column name is cut so that a mapping key (at most 200 characters) can name it.
 */
export const importLimits = { rows: 200_000, columns: 500, cellChars: 32_767, columnNameChars: 190 };

/** UTF-16 text (Excel's «Unicode text») by its mark; UTF-8; anything else is Windows-1251 (1C, old Excel). */
function decodeText(data: Buffer): string {
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder("utf-16le").decode(data.subarray(2));
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder("utf-16be").decode(data.subarray(2));
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
    // One record past the limit is enough to know the file is too long.
    const to = importLimits.rows + 2;
    return parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, bom: true, to }) as string[][];
  } catch (error) {
    throw invalid("file", `The CSV file cannot be read: ${(error as Error).message.slice(0, 200)}`, {
      code: "unreadable",
    });
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

/** Only the workbook's XML parts are read: pictures, embedded objects and macros are never inflated. */
const isWorkbookPart = (name: string) => /\.(xml|rels|vml)$/i.test(name);

async function parseXlsxOrThrow(data: Buffer): Promise<string[][]> {
  const { contents, skipped } = await readZipEntriesOrThrow(data, isWorkbookPart);
  // exceljs reads a whole archive: it gets one holding the checked parts, stored as they are, and
  // the skipped ones empty (a drawing that names a missing picture stops it).
  const archive = new JSZip();
  for (const [name, content] of contents) archive.file(name, content);
  for (const name of skipped) archive.file(name, Buffer.alloc(0));
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(
      (await archive.generateAsync({ type: "nodebuffer", compression: "STORE" })) as unknown as ArrayBuffer,
    );
  } catch {
    throw invalid("file", "The file is not a readable .xlsx workbook", { code: "unreadable" });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw invalid("file", "The workbook has no sheets", { code: "noSheet" });
  if (sheet.columnCount > importLimits.columns) throw tooManyColumns(sheet.columnCount);
  if (sheet.actualRowCount > importLimits.rows + 1) throw tooManyRows();
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values = (row.values as ExcelJS.CellValue[]).slice(1);
    rows.push(Array.from(values, cellText));
  });
  return rows;
}

const tooManyColumns = (count: number) =>
  invalid("file", `The file has ${count} columns; at most ${importLimits.columns} are read`, {
    code: "tooManyColumns",
    params: { count, max: importLimits.columns },
  });
const tooManyRows = () =>
  invalid("file", `At most ${importLimits.rows} rows per file; split the file`, {
    code: "tooManyRows",
    params: { max: importLimits.rows },
  });

/** Refuses text no record may hold: a NUL (PostgreSQL cannot store one) or a cell longer than Excel's. */
function checkCellsOrThrow(table: string[][]) {
  for (const [index, cells] of table.entries()) {
    // Row numbers as people see them in the file: the header is row 1.
    const row = index + 1;
    for (const cell of cells) {
      if (cell.length > importLimits.cellChars)
        throw invalid("file", `Row ${row} has a cell longer than ${importLimits.cellChars} characters`, {
          code: "cellTooLong",
          params: { row, max: importLimits.cellChars },
        });
      if (cell.includes("\u0000"))
        throw invalid("file", `Row ${row} contains a NUL character (a binary file, not text?)`, {
          code: "nulByte",
          params: { row },
        });
    }
  }
}

/**
 * Makes column names unique, "Сумма", "Сумма (2)", …, in linear time: each name remembers the next
 * suffix to try, so a header of thousands of equal names costs no more than one of distinct names.
 */
export function uniqueColumnNames(columns: string[]): string[] {
  const seen = new Set<string>();
  const nextSuffix = new Map<string, number>();
  return columns.map((column) => {
    let name = column;
    if (seen.has(name)) {
      let suffix = nextSuffix.get(column) ?? 2;
      while (seen.has(`${column} (${suffix})`)) suffix++;
      name = `${column} (${suffix})`;
      nextSuffix.set(column, suffix + 1);
    }
    seen.add(name);
    return name;
  });
}

/** The first row names the columns; every later non-empty row is a record. */
export async function parseImportFileOrThrow(fileName: string, data: Buffer): Promise<ParsedTable> {
  const lower = fileName.toLowerCase();
  let table: string[][];
  if (lower.endsWith(".xlsx")) table = await parseXlsxOrThrow(data);
  else if (lower.endsWith(".csv") || lower.endsWith(".txt")) table = parseCsvOrThrow(data);
  else throw invalid("file", "Upload a .csv or .xlsx file", { code: "fileType" });
  const [header, ...rows] = table;
  if (!header || header.every((cell) => cell.trim() === ""))
    throw invalid("file", "The file has no header row", { code: "noHeader" });
  if (header.length > importLimits.columns) throw tooManyColumns(header.length);
  if (rows.length > importLimits.rows) throw tooManyRows();
  checkCellsOrThrow(table);
  const columns = uniqueColumnNames(
    header.map((cell, index) => cell.trim().slice(0, importLimits.columnNameChars) || `Column ${index + 1}`),
  );
  return {
    columns,
    rows: rows.map((row) => columns.map((_, index) => (row[index] ?? "").trim())).filter((row) => row.some(Boolean)),
  };
}
