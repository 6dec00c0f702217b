import { describe, expect, it } from "vitest";
import type { AppError } from "../../platform/errors/problem";
import { declareSize, workbookWith } from "../../testing/xlsx-archives";
import { importLimits, parseImportFileOrThrow, uniqueColumnNames } from "./import-file";

async function refusal(promise: Promise<unknown>) {
  const error = (await promise.then(
    () => null,
    (caught: unknown) => caught,
  )) as AppError | null;
  expect(error, "the file was accepted").not.toBeNull();
  expect(error!.status).toBe(422);
  return error!.errors![0]!;
}

describe("column names", () => {
  it("numbers repeated names and keeps them unique, even against names that look numbered", () => {
    expect(uniqueColumnNames(["Сумма", "Сумма", "Сумма (2)", "Сумма", "Город"])).toEqual([
      "Сумма",
      "Сумма (2)",
      "Сумма (2) (2)",
      "Сумма (3)",
      "Город",
    ]);
    expect(uniqueColumnNames(["a (2)", "a", "a", "a"])).toEqual(["a (2)", "a", "a (3)", "a (4)"]);
  });

  it("handles 16,000 equal names in linear time", () => {
    const names = Array.from({ length: 16_000 }, () => "a");
    const started = performance.now();
    const unique = uniqueColumnNames(names);
    // Quadratic numbering took seconds here; linear takes a few milliseconds. The bound is generous
    // for a busy machine and still far below the quadratic cost.
    expect(performance.now() - started).toBeLessThan(500);
    expect(new Set(unique).size).toBe(16_000);
    expect(unique.at(-1)).toBe("a (16000)");
  });
});

describe("import file limits", () => {
  it("refuses a header of 16,000 columns at once, naming the limit", async () => {
    const header = Array.from({ length: 16_000 }, () => "a").join(",");
    const started = performance.now();
    const entry = await refusal(parseImportFileOrThrow("wide.csv", Buffer.from(`${header}\n1\n`)));
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(entry).toMatchObject({ path: "file", code: "tooManyColumns", params: { count: 16_000, max: 500 } });
  });

  it("reads 500 columns and refuses 501", async () => {
    const header = (count: number) => Array.from({ length: count }, (_, index) => `c${index}`).join(";");
    const table = await parseImportFileOrThrow("ok.csv", Buffer.from(`${header(500)}\n1\n`));
    expect(table.columns).toHaveLength(500);
    expect((await refusal(parseImportFileOrThrow("wide.csv", Buffer.from(`${header(501)}\n1\n`)))).code).toBe(
      "tooManyColumns",
    );
  });

  it("refuses more rows than the limit", async () => {
    const text = `name\n${"x\n".repeat(importLimits.rows + 1)}`;
    expect(await refusal(parseImportFileOrThrow("long.csv", Buffer.from(text)))).toMatchObject({
      code: "tooManyRows",
      params: { max: importLimits.rows },
    });
  });

  it("refuses a CSV with a NUL byte, naming the row", async () => {
    const data = Buffer.from("name;city\nАльфа;Алматы\nБета\u0000;Астана\n");
    expect(await refusal(parseImportFileOrThrow("nul.csv", data))).toMatchObject({
      path: "file",
      code: "nulByte",
      params: { row: 3 },
    });
  });

  it("reads Excel's UTF-16 «Unicode text» instead of calling its zero bytes binary", async () => {
    const text = "name\tcity\nАльфа\tАлматы\n";
    const data = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    expect(await parseImportFileOrThrow("unicode.txt", data)).toEqual({
      columns: ["name", "city"],
      rows: [["Альфа", "Алматы"]],
    });
  });

  it("refuses a cell longer than Excel's own limit", async () => {
    const data = await workbookWith({}, [["x".repeat(importLimits.cellChars + 1), "Астана"]]);
    expect(await refusal(parseImportFileOrThrow("giant.xlsx", data))).toMatchObject({
      code: "cellTooLong",
      params: { row: 3, max: 32_767 },
    });
  });
});

describe("xlsx archives", () => {
  it("reads a workbook with pictures without inflating them", async () => {
    const data = await workbookWith({ "xl/media/image1.png": Buffer.from("not really a picture") });
    expect((await parseImportFileOrThrow("ok.xlsx", data)).rows).toEqual([["ТОО «Альфа»", "Алматы"]]);
  });

  it("refuses an entry that declares a gigabyte, before inflating anything", async () => {
    const small = await workbookWith({ "xl/media/image1.png": Buffer.alloc(1024) });
    const data = declareSize(small, "xl/media/image1.png", 1024 ** 3);
    const before = process.memoryUsage().arrayBuffers;
    expect(await refusal(parseImportFileOrThrow("bomb.xlsx", data))).toMatchObject({
      code: "unsafeArchive",
      params: { entry: "xl/media/image1.png" },
    });
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 ** 2);
  });

  it("refuses zeros posing as a picture (a thousand to one)", async () => {
    const data = await workbookWith({ "xl/media/image1.png": Buffer.alloc(8 * 1024 ** 2) });
    expect(data.length).toBeLessThan(100_000);
    expect((await refusal(parseImportFileOrThrow("bomb.xlsx", data))).code).toBe("unsafeArchive");
  });

  it("refuses a part that inflates to more than it declares", async () => {
    const honest = await workbookWith({ "xl/padding.xml": Buffer.from(`<x>${"0123456789abcdef".repeat(65_536)}</x>`) });
    const data = declareSize(honest, "xl/padding.xml", 4_096);
    expect((await refusal(parseImportFileOrThrow("liar.xlsx", data))).code).toBe("unsafeArchive");
  });

  it("refuses an archive of too many entries", async () => {
    const entries = Object.fromEntries(Array.from({ length: 1_001 }, (_, index) => [`xl/media/i${index}.png`, "x"]));
    expect((await refusal(parseImportFileOrThrow("many.xlsx", await workbookWith(entries)))).code).toBe(
      "unsafeArchive",
    );
  });

  it("calls a file that is no zip unreadable", async () => {
    expect((await refusal(parseImportFileOrThrow("fake.xlsx", Buffer.from("PK not a zip")))).code).toBe("unreadable");
  });
});
