import { describe, expect, it } from "vitest";
import { AppError } from "../../platform/errors/problem";
import { docxWithText, pdfWithText, xlsxWithSheets } from "../../testing/drive-documents";
import { declareSize } from "../../testing/xlsx-archives";
import { contentCharacterLimit, extractTextOrThrow } from "./drive-content";
import { docxType, xlsxType } from "./drive-sniff";

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  const problem = error as AppError;
  expect(problem.status).toBe(422);
  expect(problem.errors?.[0]?.path).toBe("file");
  return problem.errors![0]!;
}

describe("extractTextOrThrow", () => {
  it("reads the words of a PDF, every page's text", async () => {
    const text = await extractTextOrThrow(
      pdfWithText("Welding price list 2026", "Inverter (200 A)"),
      "application/pdf",
    );
    expect(text).toContain("Welding price list 2026");
    expect(text).toContain("Inverter (200 A)");
  });

  it("reads a Word document's paragraphs, in Russian", async () => {
    const docx = await docxWithText(["Сварочный аппарат", "Цена: 120 000 ₸"]);
    const text = await extractTextOrThrow(docx, docxType);
    expect(text).toContain("Сварочный аппарат");
    expect(text).toContain("Цена: 120 000 ₸");
  });

  it("reads every sheet's cells of a workbook as text", async () => {
    const xlsx = await xlsxWithSheets({
      Прайс: [
        ["Наименование", "Цена"],
        ["Сварочный аппарат", 120000],
      ],
      Склад: [["Электроды", { formula: "1+1", result: 2 }, new Date(Date.UTC(2026, 0, 15))]],
    });
    const text = await extractTextOrThrow(xlsx, xlsxType);
    expect(text).toContain("Прайс");
    expect(text).toContain("Сварочный аппарат\t120000");
    expect(text).toContain("Склад");
    expect(text).toContain("Электроды\t2\t2026-01-15");
  });

  it("decodes text and CSV as UTF-8, without a BOM or NUL characters", async () => {
    expect(await extractTextOrThrow(Buffer.from("\uFEFFСварка\u0000 и резка"), "text/plain")).toBe("Сварка и резка");
    expect(await extractTextOrThrow(Buffer.from("name;city\nАльфа;Алматы\n"), "text/csv")).toBe(
      "name;city\nАльфа;Алматы",
    );
  });

  it("keeps at most 200,000 characters", async () => {
    const text = await extractTextOrThrow(Buffer.from("слово ".repeat(60_000)), "text/plain");
    expect(text).toHaveLength(contentCharacterLimit);
    expect(contentCharacterLimit).toBe(200_000);
    const docx = await docxWithText(Array.from({ length: 3000 }, (_, index) => `Абзац ${index} ${"ж".repeat(100)}`));
    expect((await extractTextOrThrow(docx, docxType))!.length).toBeLessThanOrEqual(contentCharacterLimit);
  });

  it("has no text for pictures, archives and other types", async () => {
    for (const type of ["image/png", "application/zip", "text/html", "image/svg+xml", "application/octet-stream"])
      expect(await extractTextOrThrow(Buffer.from("<b>Сварка</b>"), type)).toBeNull();
  });

  it("refuses a zip bomb disguised as a Word document before inflating it", async () => {
    // 40 MiB of zeros deflate to about 40 KiB: a real, if small, bomb.
    const bomb = await docxWithText(["Сварочный аппарат"], { "word/media/zeros.bin": Buffer.alloc(40 * 1024 ** 2) });
    expect(bomb.length).toBeLessThan(1024 ** 2);
    expect((await refusal(extractTextOrThrow(bomb, docxType))).code).toBe("unsafeArchive");

    // A header claiming a gigabyte is refused from the central directory alone.
    const huge = declareSize(await docxWithText(["x"], { "word/media/big.bin": "y" }), "word/media/big.bin", 1024 ** 3);
    expect((await refusal(extractTextOrThrow(huge, docxType))).code).toBe("unsafeArchive");

    // Sizes that lie (small declared, more inside) are caught while inflating.
    const liar = declareSize(await docxWithText(["x"], { "word/pad.xml": "<a/>".repeat(5000) }), "word/pad.xml", 100);
    expect((await refusal(extractTextOrThrow(liar, docxType))).code).toBe("unsafeArchive");
  });

  it("refuses a workbook bomb the same way", async () => {
    const bomb = declareSize(
      await xlsxWithSheets({ Лист: [["a"]] }).then(async (xlsx) => {
        const JSZip = (await import("jszip")).default;
        const zip = await JSZip.loadAsync(xlsx);
        zip.file("xl/media/image1.png", "z");
        return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
      }),
      "xl/media/image1.png",
      1024 ** 3,
    );
    expect((await refusal(extractTextOrThrow(bomb, xlsxType))).code).toBe("unsafeArchive");
  });

  it("calls a damaged file unreadable (a 422 on file, never a crash)", async () => {
    const garbage = Buffer.from("this is not what it claims to be ".repeat(20));
    for (const type of ["application/pdf", docxType, xlsxType])
      expect((await refusal(extractTextOrThrow(garbage, type))).code).toBe("unreadable");
    const truncated = (await docxWithText(["Сварочный аппарат"])).subarray(0, 200);
    expect((await refusal(extractTextOrThrow(truncated, docxType))).code).toBe("unreadable");
  });
});
