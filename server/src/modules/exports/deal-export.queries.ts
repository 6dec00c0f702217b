import { type SQL, sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Executor, rows, rowsOfEach } from "../../platform/db/database";
import { type ExportQuery, type ExportRange, exportRange, ownerFilter } from "./deal-export.selection";
import { afterPosition, type KeysetPosition, keysetPages, pageSize } from "./keyset-pages";

const within = (column: SQL, range: ExportRange) => sql`${column} >= ${range.from} and ${column} < ${range.to}`;

const dealsInPeriod = (range: ExportRange) =>
  sql`(${within(sql`d.created_at`, range)} or ${within(sql`d.closed_at`, range)})`;

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
               and ${within(sql`a.due_at`, range)})`
      : sql`0`;
  const [row] = await rows<{ count: number }>(
    executor,
    sql`select ((select count(*) from deals d where d.deleted_at is null and ${ownerFilter(actor, "deals", sql`d.owner_id`, query)}
                  and ${dealsInPeriod(range)}) + ${activities})::int as count`,
  );
  return row?.count ?? 0;
}

/**
 * Names every page needs, read once per export: a page then carries ids, not a join per row
 * (the users' join alone was a quarter of a page's time over 1,000,000 deals).
 */
async function namesById(executor: Executor) {
  const names = await rowsOfEach<{
    stages: { id: string; name: string }[];
    users: { id: string; name: string }[];
    types: { id: string; name: string }[];
  }>(executor, {
    stages: sql`select id, name from stages`,
    users: sql`select id, name from users`,
    types: sql`select id, name from activity_types`,
  });
  const byId = (list: { id: string; name: string }[]) => new Map(list.map((row) => [row.id, row.name]));
  return { stages: byId(names.stages), users: byId(names.users), types: byId(names.types) };
}

/**
 * Empty columns for the names a page adds: the driver's row objects then already have these
 * properties, and setting one is cheap (adding one to 5,000 rows cost 25 ms a page).
 */
const namedLater = (...names: string[]) =>
  sql.join(
    names.map((name) => sql`null::text as ${sql.identifier(name)}`),
    sql`, `,
  );

const linked = {
  companies: sql`select id, name from companies l`,
  contacts: sql`select id, name from contacts l`,
  deals: sql`select id, title as name from deals l`,
};

/**
 * The names of a page's linked records, one index lookup each, a statement per table (a server
 * runs them side by side): live ones only, and only those `visible` (a condition on `l.owner_id`)
 * lets the caller see.
 */
async function linkedNames<T extends keyof typeof linked>(
  executor: Executor,
  wanted: Record<T, { ids: (string | null)[]; visible: SQL }>,
): Promise<Record<T, Map<string, string>>> {
  const tables = Object.keys(wanted) as T[];
  const found = await Promise.all(
    tables.map((table) => {
      const ids = [...new Set(wanted[table].ids.filter((id): id is string => id !== null))];
      return ids.length === 0
        ? []
        : rows<{ id: string; name: string }>(
            executor,
            sql`${linked[table]} where l.id = any(${`{${ids.join(",")}}`}::uuid[])
                and l.deleted_at is null and ${wanted[table].visible}`,
          );
    }),
  );
  return Object.fromEntries(
    tables.map((table, index) => [table, new Map(found[index]!.map((row) => [row.id, row.name]))]),
  ) as Record<T, Map<string, string>>;
}

/** A deal as the export writes it; times are wall-clock text in the company's zone. */
export interface DealRow extends KeysetPosition {
  number: number;
  title: string;
  stageId: string;
  stage: string;
  amount: string;
  companyId: string | null;
  company: string | null;
  contactId: string | null;
  contact: string | null;
  ownerId: string;
  owner: string;
  created: string;
  closed: string | null;
  expected: string | null;
  source: string | null;
}

/**
 * Keyset pages of deals created or closed in the period, within the caller's export scope: first
 * those created in it, by creation (the `(created_at, id)` index), then those created before and
 * closed in it, by closing (`(closed_at, id)`). Each page reads its own rows only, never the
 * deals outside the period, and no join (with joins the planner could sort the whole rest of the
 * period for every page); names are added from maps and one lookup of the page's companies and
 * contacts.
 */
export async function* dealPages(
  executor: Executor,
  actor: Actor,
  query: ExportQuery,
  range: ExportRange,
  timeZone: string,
) {
  const names = await namesById(executor);
  const owners = ownerFilter(actor, "deals", sql`d.owner_id`, query);
  const fetch = (order: SQL, condition: SQL) => (position: KeysetPosition | null) =>
    rows<DealRow>(
      executor,
      sql`select ${order}::text as key, d.id, d.number::int as number, d.title, d.stage_id as "stageId",
                 d.amount::text as amount, d.company_id as "companyId", d.contact_id as "contactId",
                 d.owner_id as "ownerId", ${zoned(sql`d.created_at`, timeZone)} as created,
                 ${zoned(sql`d.closed_at`, timeZone)} as closed, d.expected_close_date::text as expected, d.source,
                 ${namedLater("stage", "owner", "company", "contact")}
          from deals d
          where d.deleted_at is null and ${owners} and ${condition} ${afterPosition(order, sql`d.id`, position)}
          order by ${order}, d.id limit ${pageSize}`,
    );
  // A deal's company and contact are written whoever owns them (as the export always has): they
  // are part of the deal the caller may export.
  const complete = async (page: DealRow[]) => {
    const { companies, contacts } = await linkedNames(executor, {
      companies: { ids: page.map((row) => row.companyId), visible: sql`true` },
      contacts: { ids: page.map((row) => row.contactId), visible: sql`true` },
    });
    for (const row of page) {
      row.stage = names.stages.get(row.stageId) ?? "";
      row.owner = names.users.get(row.ownerId) ?? "";
      row.company = row.companyId ? (companies.get(row.companyId) ?? null) : null;
      row.contact = row.contactId ? (contacts.get(row.contactId) ?? null) : null;
    }
  };
  for (const pass of dealPasses(range)) yield* keysetPages(fetch(pass.order, pass.condition), complete);
}

/**
 * The two keyset passes over a period's deals, each by its own index: those created in it (by
 * creation), then those created before and closed in it (by closing). Both formats walk them.
 */
export function dealPasses(range: ExportRange): { order: SQL; condition: SQL }[] {
  const created = within(sql`d.created_at`, range);
  return [
    { order: sql`d.created_at`, condition: created },
    { order: sql`d.closed_at`, condition: sql`${within(sql`d.closed_at`, range)} and not (${created})` },
  ];
}

/** An activity as the workbook writes it. */
export interface ActivityRow extends KeysetPosition {
  typeId: string;
  type: string;
  subject: string;
  due: string;
  completed: string | null;
  result: string | null;
  ownerId: string;
  owner: string;
  dealId: string | null;
  deal: string | null;
  companyId: string | null;
  company: string | null;
}

/** Keyset pages of activities due in the period (the `(due_at, id)` index); their deal and company only when the caller may read them. */
export async function* activityPages(
  executor: Executor,
  actor: Actor,
  query: ExportQuery,
  range: ExportRange,
  timeZone: string,
) {
  const names = await namesById(executor);
  const owners = ownerFilter(actor, "activities", sql`a.owner_id`, query);
  const { scope } = actor;
  const fetch = (position: KeysetPosition | null) =>
    rows<ActivityRow>(
      executor,
      sql`select a.due_at::text as key, a.id, a.type_id as "typeId", a.subject, ${zoned(sql`a.due_at`, timeZone)} as due,
                 ${zoned(sql`a.completed_at`, timeZone)} as completed, a.result, a.owner_id as "ownerId",
                 a.deal_id as "dealId", a.company_id as "companyId", ${namedLater("type", "owner", "deal", "company")}
          from activities a
          where a.deleted_at is null and ${owners} and ${within(sql`a.due_at`, range)}
            ${afterPosition(sql`a.due_at`, sql`a.id`, position)}
          order by a.due_at, a.id limit ${pageSize}`,
    );
  const complete = async (page: ActivityRow[]) => {
    const { deals, companies } = await linkedNames(executor, {
      deals: { ids: page.map((row) => row.dealId), visible: scope.ownerCondition("deals", "read", sql`l.owner_id`) },
      companies: {
        ids: page.map((row) => row.companyId),
        visible: scope.ownerCondition("companies", "read", sql`l.owner_id`),
      },
    });
    for (const row of page) {
      row.type = names.types.get(row.typeId) ?? "";
      row.owner = names.users.get(row.ownerId) ?? "";
      row.deal = row.dealId ? (deals.get(row.dealId) ?? null) : null;
      row.company = row.companyId ? (companies.get(row.companyId) ?? null) : null;
    }
  };
  yield* keysetPages(fetch, complete);
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
