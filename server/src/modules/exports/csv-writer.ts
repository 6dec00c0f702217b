import { Readable } from "node:stream";
import { inert } from "./inert-cell";

/**
 * A text cell: quoted (a comma or `=` inside stays in its cell whatever separator the reader
 * picks) and made inert like the workbook's cells; empty when there is none.
 */
export function csvText(text: string | null): string {
  if (text === null) return "";
  const safe = inert(text) as string;
  return `"${safe.includes('"') ? safe.replaceAll('"', '""') : safe}"`;
}

/**
 * An amount (SQL numeric text, "267900.00") as Russian Excel reads a number: "267900,00",
 * unquoted. Kept as text, so no amount passes through a float.
 */
export const csvAmount = (numeric: string | null): string => (numeric === null ? "" : numeric.replace(".", ","));

/**
 * A CSV for Excel in Russian: UTF-8 with a BOM, `;` between cells, CRLF between records (`record`
 * writes one, with `csvText` and `csvAmount`; numbers stay bare so they are numbers). Written a
 * page at a time — one string per page, no stream transform per cell, no array per record:
 * allocation is what a million rows cost — and pulled as the client reads, so memory stays flat;
 * a closed download ends the page loop.
 */
export function csvStream<T>(
  header: readonly string[],
  pages: AsyncIterable<readonly T[]>,
  record: (row: T) => string,
): Readable {
  return Readable.from(
    (async function* () {
      yield `\uFEFF${header.map(csvText).join(";")}\r\n`;
      for await (const page of pages) {
        let text = "";
        for (const row of page) text += record(row);
        yield text;
      }
    })(),
    { objectMode: false },
  );
}
