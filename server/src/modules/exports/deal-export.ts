import { PassThrough, Readable } from "node:stream";
import { addDays, startOfDayInZone } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import type { Actor } from "../../platform/auth/authenticate";
import { type Executor, rows } from "../../platform/db/database";

export interface ExportQuery {
  from: string;
  to: string;
  ownerId?: string;
  unitId?: string;
  format: "xlsx" | "csv";
}

const batchSize = 2_000;

/** A cell that starts like a formula is written as text, so a spreadsheet never executes it. */
export function inert(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return value;
  const text = value instanceof Date ? value.toISOString() : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function ownerFilter(actor: Actor, entity: "deals" | "activities", column: SQL, query: ExportQuery): SQL {
  const parts: SQL[] = [actor.scope.ownerCondition(entity, "export", column)];
  if (query.ownerId) parts.push(sql`${column} = ${query.ownerId}`);
  if (query.unitId) {
    parts.push(sql`${column} in (select u.id from users u where u.unit_id in (
      with recursive t as (select id from units where id = ${query.unitId} union select c.id from units c join t on c.parent_id = t.id)
      select id from t))`);
  }
  return sql.join(parts, sql` and `);
}

const dealHeader = [
  "№",
  "Сделка",
  "Этап",
  "Сумма, ₸",
  "Компания",
  "Контакт",
  "Ответственный",
  "Создана",
  "Закрыта",
  "Ожидаемое закрытие",
  "Источник",
];
const activityHeader = ["Тип", "Тема", "Срок", "Выполнено", "Результат", "Ответственный", "Сделка", "Компания"];

/** Keyset pages of deals created or closed in the period, within the caller's export scope. */
async function* dealRows(executor: Executor, actor: Actor, query: ExportQuery, range: { from: Date; to: Date }) {
  let after = 0;
  for (;;) {
    const page = await rows<Record<string, unknown> & { number: number }>(
      executor,
      sql`select d.number::int as number, d.title, s.name as stage, d.amount::text as amount, c.name as company, p.name as contact,
                 o.name as owner, d.created_at, d.closed_at, d.expected_close_date::text as expected, d.source
          from deals d join stages s on s.id = d.stage_id join users o on o.id = d.owner_id
          left join companies c on c.id = d.company_id and c.deleted_at is null
          left join contacts p on p.id = d.contact_id and p.deleted_at is null
          where d.deleted_at is null and d.number > ${after} and ${ownerFilter(actor, "deals", sql`d.owner_id`, query)}
            and ((d.created_at >= ${range.from} and d.created_at < ${range.to}) or (d.closed_at >= ${range.from} and d.closed_at < ${range.to}))
          order by d.number limit ${batchSize}`,
    );
    if (page.length === 0) return;
    for (const row of page) {
      yield [
        row.number,
        row.title,
        row.stage,
        Number(row.amount),
        row.company,
        row.contact,
        row.owner,
        row.created_at,
        row.closed_at,
        row.expected,
        row.source,
      ];
    }
    after = page.at(-1)!.number;
  }
}

async function* activityRows(executor: Executor, actor: Actor, query: ExportQuery, range: { from: Date; to: Date }) {
  let afterDue = new Date(0);
  let afterId = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const page = await rows<Record<string, unknown> & { id: string; due_at: Date }>(
      executor,
      sql`select a.id, t.name as type, a.subject, a.due_at, a.completed_at, a.result, o.name as owner, d.title as deal, c.name as company
          from activities a join activity_types t on t.id = a.type_id join users o on o.id = a.owner_id
          left join deals d on d.id = a.deal_id and d.deleted_at is null and ${actor.scope.ownerCondition("deals", "read", sql`d.owner_id`)}
          left join companies c on c.id = a.company_id and c.deleted_at is null and ${actor.scope.ownerCondition("companies", "read", sql`c.owner_id`)}
          where a.deleted_at is null and ${ownerFilter(actor, "activities", sql`a.owner_id`, query)}
            and a.due_at >= ${range.from} and a.due_at < ${range.to}
            and (a.due_at, a.id) > (${afterDue}, ${afterId}::uuid)
          order by a.due_at, a.id limit ${batchSize}`,
    );
    if (page.length === 0) return;
    for (const row of page)
      yield [row.type, row.subject, row.due_at, row.completed_at, row.result, row.owner, row.deal, row.company];
    afterDue = new Date(page.at(-1)!.due_at);
    afterId = page.at(-1)!.id;
  }
}

const csvLine = (values: unknown[]) =>
  `${values
    .map((value) => {
      const cell = inert(value);
      if (cell === null) return "";
      const text = String(cell);
      return /[";\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(";")}\r\n`;

/**
 * The deals of a period (and, in the workbook, their activities) as a stream: rows are read in
 * keyset pages and written as they come, so a million rows never sit in memory.
 */
export function exportDeals(executor: Executor, actor: Actor, query: ExportQuery, timeZone: string): Readable {
  const range = { from: startOfDayInZone(query.from, timeZone), to: startOfDayInZone(addDays(query.to, 1), timeZone) };
  if (query.format === "csv") {
    return Readable.from(
      (async function* () {
        // The BOM lets Excel open the Russian text as UTF-8.
        yield `\uFEFF${csvLine(dealHeader)}`;
        for await (const row of dealRows(executor, actor, query, range)) yield csvLine(row);
      })(),
    );
  }
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true });
  void (async () => {
    try {
      const deals = workbook.addWorksheet("Сделки");
      deals.addRow(dealHeader).commit();
      for await (const row of dealRows(executor, actor, query, range)) deals.addRow(row.map(inert)).commit();
      deals.commit();
      const activities = workbook.addWorksheet("Дела");
      activities.addRow(activityHeader).commit();
      for await (const row of activityRows(executor, actor, query, range)) activities.addRow(row.map(inert)).commit();
      activities.commit();
      await workbook.commit();
    } catch (error) {
      output.destroy(error as Error);
    }
  })();
  return output;
}
