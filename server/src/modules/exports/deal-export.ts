import { PassThrough, type Readable } from "node:stream";
import { addDays, type DealExportQuery, fromTiyn, startOfDayInZone, toTiyn } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import type { Actor } from "../../platform/auth/authenticate";
import { type Executor, rows } from "../../platform/db/database";
import { notFound } from "../../platform/errors/problem";
import { unitsBelow } from "../../platform/scope/units-below";
import { csvAmount, csvStream } from "./csv-writer";
import { inert } from "./inert-cell";

export type ExportQuery = Pick<DealExportQuery, "from" | "to" | "format"> & {
  ownerId?: string[];
  unitId?: string[];
};

export interface ExportOptions {
  timeZone: string;
  /** Rows a sheet may hold, its header included; a full sheet continues on «Сделки (2)». Tests make it small. */
  rowsPerSheet?: number;
}

/** What one XLSX sheet can hold. */
export const sheetRowLimit = 1_048_576;
const batchSize = 2_000;
/** The streamed workbook waits for the client while this much is buffered and unread. */
const bufferLimit = 4 * 1024 * 1024;

export const tengeFormat = '#,##0.00 "₸"';
const dateTimeFormat = "dd.mm.yyyy hh:mm";
export const dateFormat = "dd.mm.yyyy";

const uuidList = (ids: readonly string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

/** The chosen employees and everyone in the chosen units' subtrees, as a subquery of user ids; null: no choice. */
function selectedOwners(query: ExportQuery): SQL | null {
  const ownerIds = query.ownerId ?? [];
  const unitIds = query.unitId ?? [];
  if (ownerIds.length === 0 && unitIds.length === 0) return null;
  const byOwner = ownerIds.length > 0 ? sql`u.id in (${uuidList(ownerIds)})` : sql`false`;
  const byUnit = unitIds.length > 0 ? sql`u.unit_id in ${unitsBelow(uuidList(unitIds))}` : sql`false`;
  return sql`(select u.id from users u where ${byOwner} or ${byUnit})`;
}

/** The caller's export scope, narrowed to the selection when there is one. */
function ownerFilter(actor: Actor, entity: "deals" | "activities", column: SQL, query: ExportQuery): SQL {
  const parts: SQL[] = [actor.scope.ownerCondition(entity, "export", column)];
  const selected = selectedOwners(query);
  if (selected) parts.push(sql`${column} in ${selected}`);
  return sql.join(parts, sql` and `);
}

/**
 * Every chosen unit and employee must be one the caller may export; otherwise the answer is 404,
 * as for any record out of scope, and nothing is exported (never a silently smaller file).
 */
export async function checkSelectionOrThrow(executor: Executor, actor: Actor, query: ExportQuery): Promise<void> {
  const ownerIds = [...new Set(query.ownerId ?? [])];
  const unitIds = [...new Set(query.unitId ?? [])];
  if (ownerIds.length === 0 && unitIds.length === 0) return;
  const level = actor.scope.level("deals", "export");
  if (
    unitIds.length > 0 &&
    level !== "all" &&
    !(level === "subtree" && unitIds.every((id) => actor.scope.isInSubtree(id)))
  )
    throw notFound();
  const [units, owners] = await Promise.all([
    unitIds.length > 0
      ? rows<{ id: string }>(
          executor,
          sql`select id from units where id in (${uuidList(unitIds)}) and deleted_at is null`,
        )
      : [],
    ownerIds.length > 0
      ? rows<{ id: string; unitId: string }>(
          executor,
          sql`select id, unit_id as "unitId" from users where id in (${uuidList(ownerIds)})`,
        )
      : [],
  ]);
  if (units.length !== unitIds.length || owners.length !== ownerIds.length) throw notFound();
  if (!owners.every((owner) => actor.scope.canReachOwner("deals", "export", owner))) throw notFound();
}

interface Range {
  from: Date;
  to: Date;
}

export function exportRange(query: ExportQuery, timeZone: string): Range {
  return { from: startOfDayInZone(query.from, timeZone), to: startOfDayInZone(addDays(query.to, 1), timeZone) };
}

const dealsInPeriod = (range: Range) =>
  sql`((d.created_at >= ${range.from} and d.created_at < ${range.to}) or (d.closed_at >= ${range.from} and d.closed_at < ${range.to}))`;

/** Rows of the export: deals (both formats) and, in the workbook, activities. For the progress bar. */
export async function countExportRows(
  executor: Executor,
  actor: Actor,
  query: ExportQuery,
  timeZone: string,
): Promise<number> {
  const range = exportRange(query, timeZone);
  const activities =
    query.format === "xlsx"
      ? sql`(select count(*) from activities a where a.deleted_at is null and ${ownerFilter(actor, "activities", sql`a.owner_id`, query)}
               and a.due_at >= ${range.from} and a.due_at < ${range.to})`
      : sql`0`;
  const [row] = await rows<{ count: number }>(
    executor,
    sql`select ((select count(*) from deals d where d.deleted_at is null and ${ownerFilter(actor, "deals", sql`d.owner_id`, query)}
                  and ${dealsInPeriod(range)}) + ${activities})::int as count`,
  );
  return row?.count ?? 0;
}

/** A column of a sheet: its header, width and number format. */
interface ColumnSpec {
  header: string;
  width: number;
  numFmt?: string;
}

const dealColumns: ColumnSpec[] = [
  { header: "№", width: 8 },
  { header: "Сделка", width: 40 },
  { header: "Этап", width: 18 },
  { header: "Сумма, ₸", width: 18, numFmt: tengeFormat },
  { header: "Компания", width: 30 },
  { header: "Контакт", width: 24 },
  { header: "Ответственный", width: 28 },
  { header: "Создана", width: 17, numFmt: dateTimeFormat },
  { header: "Закрыта", width: 17, numFmt: dateTimeFormat },
  { header: "Ожидаемое закрытие", width: 14, numFmt: dateFormat },
  { header: "Источник", width: 16 },
];
const activityColumns: ColumnSpec[] = [
  { header: "Тип", width: 26 },
  { header: "Тема", width: 40 },
  { header: "Срок", width: 17, numFmt: dateTimeFormat },
  { header: "Выполнено", width: 17, numFmt: dateTimeFormat },
  { header: "Результат", width: 30 },
  { header: "Ответственный", width: 28 },
  { header: "Сделка", width: 30 },
  { header: "Компания", width: 30 },
];
const summaryColumns: ColumnSpec[] = [
  { header: "Ответственный", width: 32 },
  { header: "Подразделение", width: 26 },
  { header: "Выиграно за период, ₸", width: 22, numFmt: tengeFormat },
  { header: "Сделок в работе", width: 16 },
  { header: "В работе на сумму, ₸", width: 22, numFmt: tengeFormat },
];

/** A wall-clock time in the company's zone ("YYYY-MM-DDTHH:MM:SS", as SQL formats it), as a spreadsheet date. */
const wallClock = (text: unknown): Date | null => (typeof text === "string" ? new Date(`${text}Z`) : null);
/** The same for CSV: "YYYY-MM-DD HH:MM". */
const wallClockText = (text: unknown): string | null =>
  typeof text === "string" ? text.slice(0, 16).replace("T", " ") : null;

const zoned = (column: SQL, timeZone: string) =>
  sql`to_char(${column} at time zone ${timeZone}, 'YYYY-MM-DD"T"HH24:MI:SS')`;

interface DealRow {
  number: number;
  title: string;
  stage: string;
  amount: string;
  company: string | null;
  contact: string | null;
  owner: string;
  created: string;
  closed: string | null;
  expected: string | null;
  source: string | null;
}

/** Keyset pages of deals created or closed in the period, within the caller's export scope. */
async function* dealPages(executor: Executor, actor: Actor, query: ExportQuery, range: Range, timeZone: string) {
  let after = 0;
  for (;;) {
    const page = await rows<DealRow>(
      executor,
      sql`select d.number::int as number, d.title, s.name as stage, d.amount::text as amount, c.name as company, p.name as contact,
                 o.name as owner, ${zoned(sql`d.created_at`, timeZone)} as created, ${zoned(sql`d.closed_at`, timeZone)} as closed,
                 d.expected_close_date::text as expected, d.source
          from deals d join stages s on s.id = d.stage_id join users o on o.id = d.owner_id
          left join companies c on c.id = d.company_id and c.deleted_at is null
          left join contacts p on p.id = d.contact_id and p.deleted_at is null
          where d.deleted_at is null and d.number > ${after} and ${ownerFilter(actor, "deals", sql`d.owner_id`, query)}
            and ${dealsInPeriod(range)}
          order by d.number limit ${batchSize}`,
    );
    if (page.length === 0) return;
    yield page;
    after = page.at(-1)!.number;
  }
}

interface ActivityRow {
  id: string;
  due_at: Date | string;
  type: string;
  subject: string;
  due: string;
  completed: string | null;
  result: string | null;
  owner: string;
  deal: string | null;
  company: string | null;
}

async function* activityPages(executor: Executor, actor: Actor, query: ExportQuery, range: Range, timeZone: string) {
  let afterDue = new Date(0);
  let afterId = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const page = await rows<ActivityRow>(
      executor,
      sql`select a.id, a.due_at, t.name as type, a.subject, ${zoned(sql`a.due_at`, timeZone)} as due,
                 ${zoned(sql`a.completed_at`, timeZone)} as completed, a.result, o.name as owner, d.title as deal, c.name as company
          from activities a join activity_types t on t.id = a.type_id join users o on o.id = a.owner_id
          left join deals d on d.id = a.deal_id and d.deleted_at is null and ${actor.scope.ownerCondition("deals", "read", sql`d.owner_id`)}
          left join companies c on c.id = a.company_id and c.deleted_at is null and ${actor.scope.ownerCondition("companies", "read", sql`c.owner_id`)}
          where a.deleted_at is null and ${ownerFilter(actor, "activities", sql`a.owner_id`, query)}
            and a.due_at >= ${range.from} and a.due_at < ${range.to}
            and (a.due_at, a.id) > (${afterDue}, ${afterId}::uuid)
          order by a.due_at, a.id limit ${batchSize}`,
    );
    if (page.length === 0) return;
    yield page;
    afterDue = new Date(page.at(-1)!.due_at);
    afterId = page.at(-1)!.id;
  }
}

interface SummaryRow {
  owner: string;
  unit: string;
  active: boolean;
  won: string;
  inWorkCount: number;
  inWorkAmount: string;
}

/**
 * «Итоги» per owner: won in the period (the cabinet's Actual when the period is a month) and deals
 * in work (open now, whatever their dates) — the cabinet's definitions, summed in SQL numeric.
 */
function summaryRows(executor: Executor, actor: Actor, query: ExportQuery, range: Range) {
  return rows<SummaryRow>(
    executor,
    sql`select o.name as owner, un.name as unit, o.active,
               coalesce((select sum(d.amount) from deals d join stages s on s.id = d.stage_id
                         where d.owner_id = o.id and d.deleted_at is null and s.semantic = 'won'
                           and d.closed_at >= ${range.from} and d.closed_at < ${range.to}), 0)::text as won,
               w.count as "inWorkCount", w.amount as "inWorkAmount"
        from users o join units un on un.id = o.unit_id
        cross join lateral (select count(*)::int as count, coalesce(sum(d.amount), 0)::text as amount
                            from deals d join stages s on s.id = d.stage_id
                            where d.owner_id = o.id and d.deleted_at is null and s.semantic = 'open') w
        where ${ownerFilter(actor, "deals", sql`o.id`, query)}
        order by o.name, o.id`,
  );
}

const dealCells = (row: DealRow) => [
  row.number,
  row.title,
  row.stage,
  Number(row.amount),
  row.company,
  row.contact,
  row.owner,
  wallClock(row.created),
  wallClock(row.closed),
  row.expected ? new Date(`${row.expected}T00:00:00Z`) : null,
  row.source,
];
const activityCells = (row: ActivityRow) => [
  row.type,
  row.subject,
  wallClock(row.due),
  wallClock(row.completed),
  row.result,
  row.owner,
  row.deal,
  row.company,
];

/**
 * Sheets of one kind: a bold, frozen header with a filter over it; a full sheet continues on the
 * next one, «Сделки (2)», «Сделки (3)» …
 */
class SheetSeries {
  private sheet: ExcelJS.Worksheet | null = null;
  private count = 0;
  private rowsInSheet = 0;

  constructor(
    private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter,
    private readonly name: string,
    private readonly columns: ColumnSpec[],
    /** Data rows a sheet may hold. */
    private readonly capacity: number,
  ) {}

  add(values: unknown[]) {
    if (!this.sheet || this.rowsInSheet >= this.capacity) this.open();
    this.sheet!.addRow(values.map(inert)).commit();
    this.rowsInSheet += 1;
  }

  /** Closes the last sheet, after `trailer` rows below the filtered range (a blank row keeps them out of it). */
  finish(trailer: { values: unknown[]; bold?: boolean }[] = []) {
    if (!this.sheet) this.open();
    const sheet = this.sheet!;
    this.setFilter();
    if (trailer.length > 0) sheet.addRow([]).commit();
    for (const line of trailer) {
      const row = sheet.addRow(line.values.map(inert));
      if (line.bold) row.eachCell((cell) => (cell.font = { bold: true }));
      row.commit();
    }
    sheet.commit();
    this.sheet = null;
  }

  private setFilter() {
    this.sheet!.autoFilter = {
      from: { row: 1, column: 1 },
      to: { row: this.rowsInSheet + 1, column: this.columns.length },
    };
  }

  private open() {
    if (this.sheet) {
      this.setFilter();
      this.sheet.commit();
    }
    this.count += 1;
    this.rowsInSheet = 0;
    const sheet = this.workbook.addWorksheet(this.count === 1 ? this.name : `${this.name} (${this.count})`, {
      views: [{ state: "frozen", xSplit: 0, ySplit: 1 }],
    });
    sheet.columns = this.columns.map((column, index) => ({
      key: String(index),
      width: column.width,
      style: column.numFmt ? { numFmt: column.numFmt } : {},
    }));
    const header = sheet.addRow(this.columns.map((column) => column.header));
    header.eachCell((cell) => {
      cell.font = { bold: true };
      cell.numFmt = "@";
    });
    header.commit();
    this.sheet = sheet;
  }
}

const csvDealCells = (row: DealRow) => [
  row.number,
  row.title,
  row.stage,
  csvAmount(row.amount),
  row.company,
  row.contact,
  row.owner,
  wallClockText(row.created),
  wallClockText(row.closed),
  row.expected,
  row.source,
];

/** Waits while the client has not read what is already written (a slow download must not fill memory). */
async function readerCaughtUp(output: PassThrough) {
  while (!output.destroyed && output.readableLength + output.writableLength > bufferLimit) {
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        output.off("drain", done);
        output.off("close", done);
        resolve();
      };
      // The writable side drains only when the piped-in zip has filled it; a short poll covers the rest.
      const timer = setTimeout(done, 50);
      output.once("drain", done);
      output.once("close", done);
    });
  }
}

/**
 * The deals of a period (and, in the workbook, their activities and the owners' totals) as a
 * stream: rows are read in keyset pages and written as they come, so a million rows never sit in
 * memory. The selection must have passed `checkSelectionOrThrow`.
 */
export function exportDeals(executor: Executor, actor: Actor, query: ExportQuery, options: ExportOptions): Readable {
  const { timeZone } = options;
  const range = exportRange(query, timeZone);
  if (query.format === "csv") {
    return csvStream(
      (async function* () {
        yield dealColumns.map((column) => column.header);
        for await (const page of dealPages(executor, actor, query, range, timeZone)) yield* page.map(csvDealCells);
      })(),
    );
  }
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
