import ExcelJS from "exceljs";
import mammoth from "mammoth";
import { AppError, invalid } from "../../platform/errors/problem";
import { readZipEntriesOrThrow } from "../../platform/files/zip-archive";
import { docxType, xlsxType } from "./drive-sniff";

/** The most text kept of one file: enough to find it by, small enough for one row. */
export const contentCharacterLimit = 200_000;

const unreadable = () => invalid("file", "The file's text cannot be read", { code: "unreadable" });

/** Collects text up to the limit; `full` tells a reader to stop early. */
class TextCollector {
  private parts: string[] = [];
  private length = 0;

  get full() {
    return this.length >= contentCharacterLimit;
  }

  add(text: string) {
    if (this.full || !text) return;
    this.parts.push(text);
    this.length += text.length;
  }

  toString() {
    let text = this.parts.join("").slice(0, contentCharacterLimit);
    // A pair cut in half would leave a lone surrogate.
    if (/[\uD800-\uDBFF]$/.test(text)) text = text.slice(0, -1);
    // PostgreSQL text holds no NUL.
    return text.replaceAll("\u0000", "").trimEnd();
  }
}

async function pdfText(data: Buffer, out: TextCollector) {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const task = getDocument({
    // pdf.js takes the array over: give it a copy.
    data: new Uint8Array(data),
    disableFontFace: true,
    isEvalSupported: false,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  try {
    const document = await task.promise;
    for (let number = 1; number <= document.numPages && !out.full; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      for (const item of content.items) {
        if (!("str" in item)) continue;
        out.add(item.str);
        out.add(item.hasEOL ? "\n" : item.str && !item.str.endsWith(" ") ? " " : "");
      }
      out.add("\n");
      page.cleanup();
    }
  } finally {
    await task.destroy();
  }
}

/**
 * An Office file is a zip: its central directory is checked and every entry inflated by our own
 * reader first, which refuses bombs and entries whose declared sizes lie, before a library that
 * trusts the archive opens it.
 */
async function checkArchiveOrThrow(data: Buffer) {
  await readZipEntriesOrThrow(data, () => true);
}

async function docxText(data: Buffer, out: TextCollector) {
  await checkArchiveOrThrow(data);
  const result = await mammoth.extractRawText({ buffer: data });
  out.add(result.value);
}

function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((run) => run.text).join("");
    if ("text" in value) return String(value.text);
    if ("result" in value) return value.result === undefined || value.result === null ? "" : String(value.result);
    if ("error" in value) return "";
  }
  return String(value);
}

async function xlsxText(data: Buffer, out: TextCollector) {
  await checkArchiveOrThrow(data);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data as unknown as ArrayBuffer);
  for (const sheet of workbook.worksheets) {
    if (out.full) break;
    out.add(`${sheet.name}\n`);
    sheet.eachRow((row) => {
      if (out.full) return;
      const cells: string[] = [];
      row.eachCell((cell) => {
        const text = cellText(cell);
        if (text) cells.push(text);
      });
      if (cells.length) out.add(`${cells.join("\t")}\n`);
    });
  }
}

/**
 * The text of a PDF, DOCX, XLSX or text file (at most `contentCharacterLimit` characters), or null
 * for a type that has none. A file that cannot be read, or an archive that is refused, is a 422 on
 * `file`.
 */
export async function extractTextOrThrow(data: Buffer, mimeType: string): Promise<string | null> {
  const out = new TextCollector();
  try {
    switch (mimeType) {
      case "application/pdf":
        await pdfText(data, out);
        break;
      case docxType:
        await docxText(data, out);
        break;
      case xlsxType:
        await xlsxText(data, out);
        break;
      case "text/plain":
      case "text/csv":
        out.add(
          data
            .subarray(0, contentCharacterLimit * 4)
            .toString("utf8")
            .replace(/^\uFEFF/, ""),
        );
        break;
      default:
        return null;
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unreadable();
  }
  return out.toString();
}
