import { pipeline, Readable } from "node:stream";
import { stringify } from "csv-stringify";
import { inert } from "./inert-cell";

/** An amount of tenge for the CSV; see `csvAmount`. */
class CsvAmount {
  constructor(readonly text: string) {}
}

/**
 * An amount (SQL numeric text, "267900.00") as Russian Excel reads a number: "267900,00",
 * unquoted. Kept as text, so no amount passes through a float.
 */
export const csvAmount = (numeric: string | null): CsvAmount | null =>
  numeric === null ? null : new CsvAmount(numeric.replace(".", ","));

/**
 * A CSV for Excel in Russian: UTF-8 with a BOM, `;` between cells, CRLF between records. Every
 * text cell is quoted (a comma or `=` inside stays in its cell whatever separator the reader
 * picks) and made inert like the workbook's cells; numbers and amounts stay bare so they are
 * numbers. Records are pulled one at a time as the client reads, so memory stays flat.
 */
export function csvStream(records: AsyncIterable<readonly unknown[]>): Readable {
  const csv = stringify({
    delimiter: ";",
    record_delimiter: "\r\n",
    bom: true,
    quoted_string: true,
    cast: {
      string: (value) => inert(value) as string,
      number: (value) => String(value),
      object: (value) =>
        value instanceof CsvAmount ? { value: value.text, quoted_string: false } : JSON.stringify(value),
    },
  });
  // On an error or a closed download, pipeline destroys both ends, which ends the query loop.
  pipeline(Readable.from(records), csv, () => {});
  return csv;
}
