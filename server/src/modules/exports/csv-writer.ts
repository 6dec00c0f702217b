import { Readable } from "node:stream";
import { type SQL, sql } from "drizzle-orm";
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

/** The characters `inert` guards, as a PostgreSQL pattern (`-` last, so it is itself). */
const formulaStart = "^([=+@\t\r\uFF1D\uFF0B\uFF20\uFF0D-])";

/**
 * `csvText` written by the database, for a CSV whose records SQL builds: the same quoting and the
 * same formula rule as `inert` (a leading quote), the value read once (it may be a subquery).
 */
export const csvTextSql = (value: SQL) =>
  sql`coalesce('"' || replace(regexp_replace(${value}, ${formulaStart}, ${"'\\1"}), '"', '""') || '"', '')`;

/**
 * An amount (SQL numeric, 267900.00) as Russian Excel reads a number: "267900,00", unquoted. Kept
 * as text, so no amount passes through a float.
 */
export const csvAmountSql = (numeric: SQL) => sql`coalesce(replace(${numeric}::text, '.', ','), '')`;

/** The record separator Excel expects. */
export const csvLineEnd = "\r\n";

/**
 * A CSV for Excel in Russian: UTF-8 with a BOM, `;` between cells, CRLF between records (cells
 * by `csvTextSql` and `csvAmountSql`; numbers stay bare so they are numbers). The records come a
 * page of text at a time, written by the database — parsing rows into objects and writing them
 * back out cost this process more than the database spent on the rows — and are pulled as the
 * client reads, so memory stays flat; a closed download ends the page loop.
 */
export function csvStream(header: readonly string[], pages: AsyncIterable<string>): Readable {
  return Readable.from(
    (async function* () {
      yield `\uFEFF${header.map(csvText).join(";")}${csvLineEnd}`;
      yield* pages;
    })(),
    { objectMode: false },
  );
}
