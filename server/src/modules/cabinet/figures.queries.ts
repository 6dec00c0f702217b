import { monthEnd, monthStart } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import { type Executor, rows, rowsOfEach } from "../../platform/db/database";
import { unitsBelow } from "../../platform/scope/units-below";

/** Half-open instant range [from, to) of calendar days in the company's time zone. */
export interface InstantRange {
  from: Date;
  to: Date;
}

/** Calendar days `from`..`to` inclusive (YYYY-MM-DD), in the company's time zone. */
export interface DayRange {
  from: string;
  to: string;
}

/**
 * Whose figures: a subquery yielding user ids, joined as a set. (A long IN list costs the parser
 * more than the query, and `= any(array)` makes PostgreSQL descend an index once per element:
 * 470 ms for 10,000 plans, where a hash join of the set takes 10 ms.)
 */
export type Owners = SQL;

export const ownersOfUser = (userId: string): Owners => sql`(select ${userId}::uuid)`;

/** Every user whose unit is `unitId` or a live unit below it. */
export const ownersInSubtree = (unitId: string): Owners =>
  sql`(select u.id from users u where u.unit_id in ${unitsBelow(sql`${unitId}`)})`;

// Each figure is one visible SQL query. Sums over deals and completed activities read the totals
// tables (figure-schema.ts), which triggers keep in the same transaction as every change. A
// many-user read (the roll-up) runs the queries as separate statements, which a server can run
// side by side; a one-user read sends them in one statement (`managerFigures`), because on the
// embedded engine every round trip costs.

/** Plans of these users for one month, as numeric strings. */
const plansQuery = (owners: Owners, month: string) =>
  sql`select user_id as "userId", amount::text as amount from plans where month = ${month} and user_id in ${owners}`;

/** Actual: the sum of won deals closed in the month, per owner, summed in SQL numeric. */
const actualQuery = (owners: Owners, month: string) =>
  sql`select t.owner_id as "userId", sum(t.amount)::text as amount
      from deal_closed_months t join stages s on s.id = t.stage_id
      where t.month = ${monthStart(month)} and t.owner_id in ${owners} and s.semantic = 'won'
      group by t.owner_id having sum(t.deal_count) > 0`;

/** Deals in work: count and sum of deals now in an open stage, whatever their dates. */
const dealsInWorkQuery = (owners: Owners) =>
  sql`select t.owner_id as "userId", sum(t.deal_count)::int as count, sum(t.amount)::text as amount
      from deal_stage_totals t join stages s on s.id = t.stage_id
      where t.owner_id in ${owners} and s.semantic = 'open'
      group by t.owner_id having sum(t.deal_count) > 0`;

/** Completed activities per owner and type, by the day of `completedAt`, within the days (a week). */
export const completedInDaysQuery = (owners: Owners, days: DayRange) =>
  sql`select owner_id as "userId", type_id as "typeId", sum(activity_count)::int as count from activity_completed_days
      where owner_id in ${owners} and day between ${days.from} and ${days.to}
      group by owner_id, type_id having sum(activity_count) > 0`;

/**
 * The same from the month's first day through `through`: the month's total (an index-only scan of
 * one month) less the days after `through`, one row per user with the counts by type (a roll-up of
 * 10,000 people gets 10,000 rows, not 75,000), added up by `completedByUser`.
 */
const completedInMonthQuery = (owners: Owners, month: string, through: string) =>
  sql`select owner_id as "userId", json_object_agg(type_id, activity_count) as counts from activity_completed_months
      where month = ${monthStart(month)} and owner_id in ${owners}
      group by owner_id
      union all
      select owner_id, json_object_agg(type_id, -count) from (
        select owner_id, type_id, sum(activity_count) as count from activity_completed_days
        where day > ${through} and day <= ${monthEnd(month)} and owner_id in ${owners}
        group by owner_id, type_id
      ) later group by owner_id`;

/**
 * Client base growth: clients (the deal's company, else its contact) whose first won deal ever
 * closed in the range, counted for that deal's owner.
 */
const clientGrowthQuery = (owners: Owners, range: InstantRange) =>
  sql`with candidates as (
        select distinct coalesce(d.company_id, d.contact_id) as client
        from deals d join stages s on s.id = d.stage_id
        where d.owner_id in ${owners} and s.semantic = 'won' and d.deleted_at is null
          and d.closed_at >= ${range.from} and d.closed_at < ${range.to}
          and coalesce(d.company_id, d.contact_id) is not null
      ), firsts as (
        -- Each client's earliest won deal, found through the company and contact indexes.
        select c.client, f.owner_id, f.closed_at from candidates c
        cross join lateral (
          select owner_id, closed_at from (
            select d.owner_id, d.closed_at, d.id from deals d join stages s on s.id = d.stage_id
            where d.company_id = c.client and s.semantic = 'won' and d.deleted_at is null
            union all
            select d.owner_id, d.closed_at, d.id from deals d join stages s on s.id = d.stage_id
            where d.company_id is null and d.contact_id = c.client and s.semantic = 'won' and d.deleted_at is null
          ) won order by closed_at, id limit 1
        ) f
      )
      select owner_id as "userId", count(*)::int as count from firsts
      where closed_at >= ${range.from} and closed_at < ${range.to} and owner_id in ${owners}
      group by owner_id`;

/** Deal stages: open stages hold the deals now in them; won and lost count the deals closed in the month. */
const stagesQuery = (userId: string, month: string) =>
  sql`select s.id as "stageId", s.name, s.semantic, s.color,
             row_number() over (order by p.is_default desc, p.sort, p.id, s.sort)::int as position,
             coalesce(case when s.semantic = 'open' then open.count else closed.count end, 0)::int as count,
             coalesce(case when s.semantic = 'open' then open.amount else closed.amount end, 0)::text as amount
      from stages s join pipelines p on p.id = s.pipeline_id
      left join lateral (select t.deal_count as count, t.amount from deal_stage_totals t
                         where t.owner_id = ${userId} and t.stage_id = s.id) open on true
      left join lateral (select t.deal_count as count, t.amount from deal_closed_months t
                         where t.owner_id = ${userId} and t.month = ${monthStart(month)} and t.stage_id = s.id) closed on true`;

type AmountRow = { userId: string; amount: string };
type WorkRow = { userId: string; count: number; amount: string };
type CompletedRow = { userId: string; typeId: string; count: number };
type CompletedCountsRow = { userId: string; counts: Record<string, number> };
type CountRow = { userId: string; count: number };
export type StageRow = {
  stageId: string;
  name: string;
  semantic: "open" | "won" | "lost";
  color: string;
  position: number;
  count: number;
  amount: string;
};

const byUser = <T extends { userId: string }, V>(found: T[], pick: (row: T) => V) =>
  new Map(found.map((row) => [row.userId, pick(row)]));

function completedByUser(found: (CompletedRow | CompletedCountsRow)[]) {
  const result = new Map<string, Map<string, number>>();
  const add = (userId: string, typeId: string, count: number) => {
    let perType = result.get(userId);
    if (!perType) {
      perType = new Map<string, number>();
      result.set(userId, perType);
    }
    perType.set(typeId, (perType.get(typeId) ?? 0) + count);
  };
  for (const row of found) {
    if ("counts" in row) for (const typeId in row.counts) add(row.userId, typeId, row.counts[typeId]!);
    else add(row.userId, row.typeId, row.count);
  }
  return result;
}

/** The month figures of many users (a unit's roll-up), one statement per figure. */
export async function usersFigures(
  executor: Executor,
  owners: Owners,
  month: string,
  /** The coefficient's last day: min(as-of day, month end). */
  through: string,
) {
  const [plans, actuals, inWork, completed] = await Promise.all([
    rows<AmountRow>(executor, plansQuery(owners, month)),
    rows<AmountRow>(executor, actualQuery(owners, month)),
    rows<WorkRow>(executor, dealsInWorkQuery(owners)),
    rows<CompletedCountsRow>(executor, completedInMonthQuery(owners, month, through)),
  ]);
  return {
    plans: byUser(plans, (row) => row.amount),
    actuals: byUser(actuals, (row) => row.amount),
    inWork: byUser(inWork, (row) => ({ count: row.count, amount: row.amount })),
    completed: completedByUser(completed),
  };
}

/** Every figure of one user's month in a single statement. */
export async function managerFigures(
  executor: Executor,
  userId: string,
  month: string,
  period: { through: string; instants: InstantRange },
) {
  const owners = ownersOfUser(userId);
  const found = await rowsOfEach<{
    plans: AmountRow[];
    actuals: AmountRow[];
    inWork: WorkRow[];
    completed: CompletedCountsRow[];
    growth: CountRow[];
    stages: StageRow[];
  }>(
    executor,
    {
      plans: plansQuery(owners, month),
      actuals: actualQuery(owners, month),
      inWork: dealsInWorkQuery(owners),
      completed: completedInMonthQuery(owners, month, period.through),
      growth: clientGrowthQuery(owners, period.instants),
      stages: stagesQuery(userId, month),
    },
    { prepared: true },
  );
  return {
    plan: found.plans[0]?.amount ?? "0",
    actual: found.actuals[0]?.amount ?? "0",
    inWork: found.inWork[0] ?? { count: 0, amount: "0" },
    completed: completedByUser(found.completed).get(userId),
    clientGrowth: found.growth[0]?.count ?? 0,
    stages: [...found.stages].sort((left, right) => left.position - right.position),
  };
}

/** Completed activities per type for one user in a range (the weekly table's coefficient). */
