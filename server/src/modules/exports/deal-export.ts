import type { Readable } from "node:stream";
import type { Actor } from "../../platform/auth/authenticate";
import type { Executor } from "../../platform/db/database";
import { dealCsvStream } from "./deal-export.csv";
import { type ExportQuery, exportRange } from "./deal-export.selection";
import { dealWorkbookStream } from "./deal-export.xlsx";

export interface ExportOptions {
  timeZone: string;
  /** Rows a sheet may hold, its header included; a full sheet continues on «Сделки (2)». Tests make it small. */
  rowsPerSheet?: number;
}

/**
 * The deals of a period (and, in the workbook, their activities and the owners' totals) as a
 * stream: rows are read in keyset pages and written as they come, so a million rows never sit in
 * memory. The selection must have passed `checkSelectionOrThrow`.
 */
export function exportDeals(executor: Executor, actor: Actor, query: ExportQuery, options: ExportOptions): Readable {
  const range = exportRange(query, options.timeZone);
  return query.format === "csv"
    ? dealCsvStream(executor, actor, query, range, options.timeZone)
    : dealWorkbookStream(executor, actor, query, range, options);
}
