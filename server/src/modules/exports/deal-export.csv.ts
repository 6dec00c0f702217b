import type { Readable } from "node:stream";
import type { Actor } from "../../platform/auth/authenticate";
import type { Executor } from "../../platform/db/database";
import { csvStream } from "./csv-writer";
import { csvDealRecord, dealColumns } from "./deal-export.columns";
import { dealPages } from "./deal-export.queries";
import type { ExportQuery, ExportRange } from "./deal-export.selection";

/** The deals as CSV: the header, then each page's records as the client pulls them (stream back-pressure). */
export function dealCsvStream(
  executor: Executor,
  actor: Actor,
  query: ExportQuery,
  range: ExportRange,
  timeZone: string,
): Readable {
  return csvStream(
    dealColumns.map((column) => column.header),
    dealPages(executor, actor, query, range, timeZone),
    csvDealRecord,
  );
}
