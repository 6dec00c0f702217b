import { PassThrough, type Readable } from "node:stream";
import { fromTiyn, toTiyn } from "@planerka/common";
import ExcelJS from "exceljs";
import type { Actor } from "../../platform/auth/authenticate";
import type { Executor } from "../../platform/db/database";
import { activityCells, activityColumns, dealCells, dealColumns, summaryColumns } from "./deal-export.columns";
import { activityPages, dealPages, summaryRows } from "./deal-export.queries";
import type { ExportQuery, ExportRange } from "./deal-export.selection";
import { SheetSeries, sheetRowLimit } from "./sheet-series";
import { readerCaughtUp } from "./stream-back-pressure";

/**
 * The workbook: «Сделки» with a totals row, «Дела», and «Итоги» per owner. Written as the pages
 * come, waiting whenever the client lags behind; a closed download stops the reading.
 */
export function dealWorkbookStream(
  executor: Executor,
  actor: Actor,
  query: ExportQuery,
  range: ExportRange,
  options: { timeZone: string; rowsPerSheet?: number },
): Readable {
  const { timeZone } = options;
  const rowsPerSheet = Math.min(options.rowsPerSheet ?? sheetRowLimit, sheetRowLimit);
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true });
  void (async () => {
    try {
      // The last deals sheet also holds a blank row and the totals row.
      const deals = new SheetSeries(workbook, "Сделки", dealColumns, rowsPerSheet - 3);
      let count = 0;
      let sum = 0n;
      for await (const page of dealPages(executor, actor, query, range, timeZone)) {
        if (output.destroyed) return;
        for (const row of page) {
          deals.add(dealCells(row));
          count += 1;
          sum += toTiyn(row.amount);
        }
        await readerCaughtUp(output);
      }
      deals.finish([{ values: ["Итого", count, null, fromTiyn(sum)], bold: true }]);

      const activities = new SheetSeries(workbook, "Дела", activityColumns, rowsPerSheet - 1);
      for await (const page of activityPages(executor, actor, query, range, timeZone)) {
        if (output.destroyed) return;
        for (const row of page) activities.add(activityCells(row));
        await readerCaughtUp(output);
      }
      activities.finish();

      const summary = new SheetSeries(workbook, "Итоги", summaryColumns, rowsPerSheet - 3);
      let won = 0n;
      let inWorkCount = 0;
      let inWorkAmount = 0n;
      for (const row of await summaryRows(executor, actor, query, range)) {
        // Former employees appear only while they carry a figure.
        if (!row.active && toTiyn(row.won) === 0n && row.inWorkCount === 0) continue;
        summary.add([row.owner, row.unit, Number(row.won), row.inWorkCount, Number(row.inWorkAmount)]);
        won += toTiyn(row.won);
        inWorkCount += row.inWorkCount;
        inWorkAmount += toTiyn(row.inWorkAmount);
      }
      summary.finish([
        {
          values: ["Итого", `${query.from} — ${query.to}`, fromTiyn(won), inWorkCount, fromTiyn(inWorkAmount)],
          bold: true,
        },
      ]);
      await workbook.commit();
    } catch (error) {
      output.destroy(error as Error);
    }
  })();
  return output;
}
