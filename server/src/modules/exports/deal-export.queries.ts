import { type SQL, sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Executor, rows } from "../../platform/db/database";
import { type ExportQuery, type ExportRange, exportRange, ownerFilter } from "./deal-export.selection";

/** Rows per keyset page: few round trips, yet a page never holds much memory. */
const batchSize = 2_000;

const dealsInPeriod = (range: ExportRange) =>
  sql`((d.created_at >= ${range.from} and d.created_at < ${range.to}) or (d.closed_at >= ${range.from} and d.closed_at < ${range.to}))`;

const zoned = (column: SQL, timeZone: string) =>
  sql`to_char(${column} at time zone ${timeZone}, 'YYYY-MM-DD"T"HH24:MI:SS')`;

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

/** A deal as the export writes it; times are wall-clock text in the company's zone. */
export interface DealRow {
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
export async function* dealPages(
  executor: Executor,
  actor: Actor,
  query: ExportQuery,
  range: ExportRange,
  timeZone: string,
) {
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

/** An activity as the workbook writes it; `id` and `due_at` are the keyset's position. */
export interface ActivityRow {
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

/** Keyset pages of activities due in the period; their deal and company only when the caller may read them. */
export async function* activityPages(
  executor: Executor,
  actor: Actor,
  query: ExportQuery,
  range: ExportRange,
  timeZone: string,
) {
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

export interface SummaryRow {
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
export function summaryRows(executor: Executor, actor: Actor, query: ExportQuery, range: ExportRange) {
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
