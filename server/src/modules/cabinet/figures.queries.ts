import { type SQL, sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";

/** Half-open instant range [from, to) of calendar days in the company's time zone. */
export interface InstantRange {
  from: Date;
  to: Date;
}

const idList = (ids: readonly string[]): SQL =>
  ids.length === 0
    ? sql`null::uuid`
    : sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      );

/** Plans of these users for one month, as numeric strings. */
export async function plansByUser(executor: Executor, userIds: readonly string[], month: string) {
  const found = await rows<{ userId: string; amount: string }>(
    executor,
    sql`select user_id as "userId", amount::text as amount from plans where month = ${month} and user_id in (${idList(userIds)})`,
  );
  return new Map(found.map((row) => [row.userId, row.amount]));
}

/** Actual: the sum of won deals closed in the range, per owner, summed in SQL numeric. */
export async function actualByUser(executor: Executor, userIds: readonly string[], range: InstantRange) {
  const found = await rows<{ userId: string; amount: string }>(
    executor,
    sql`select d.owner_id as "userId", sum(d.amount)::text as amount
        from deals d join stages s on s.id = d.stage_id
        where d.owner_id in (${idList(userIds)}) and s.semantic = 'won' and d.deleted_at is null
          and d.closed_at >= ${range.from} and d.closed_at < ${range.to}
        group by d.owner_id`,
  );
  return new Map(found.map((row) => [row.userId, row.amount]));
}

/** Deals in work: count and sum of deals now in an open stage, whatever their dates. */
export async function dealsInWorkByUser(executor: Executor, userIds: readonly string[]) {
  const found = await rows<{ userId: string; count: number; amount: string }>(
    executor,
    sql`select d.owner_id as "userId", count(*)::int as count, sum(d.amount)::text as amount
        from deals d join stages s on s.id = d.stage_id
        where d.owner_id in (${idList(userIds)}) and s.semantic = 'open' and d.deleted_at is null
        group by d.owner_id`,
  );
  return new Map(found.map((row) => [row.userId, { count: row.count, amount: row.amount }]));
}

/** Completed activities per owner and type, by `completedAt` within the range. */
export async function completedByUserAndType(executor: Executor, userIds: readonly string[], range: InstantRange) {
  const found = await rows<{ userId: string; typeId: string; count: number }>(
    executor,
    sql`select owner_id as "userId", type_id as "typeId", count(*)::int as count from activities
        where owner_id in (${idList(userIds)}) and deleted_at is null
          and completed_at >= ${range.from} and completed_at < ${range.to}
        group by owner_id, type_id`,
  );
  const result = new Map<string, Map<string, number>>();
  for (const row of found) {
    const perType = result.get(row.userId) ?? new Map<string, number>();
    perType.set(row.typeId, row.count);
    result.set(row.userId, perType);
  }
  return result;
}

/**
 * Client base growth: clients (the deal's company, else its contact) whose first won deal ever
 * closed in the range, counted for that deal's owner.
 */
export async function clientGrowthByUser(executor: Executor, userIds: readonly string[], range: InstantRange) {
  const found = await rows<{ userId: string; count: number }>(
    executor,
    sql`with candidates as (
          select distinct coalesce(d.company_id, d.contact_id) as client
          from deals d join stages s on s.id = d.stage_id
          where d.owner_id in (${idList(userIds)}) and s.semantic = 'won' and d.deleted_at is null
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
        where closed_at >= ${range.from} and closed_at < ${range.to} and owner_id in (${idList(userIds)})
        group by owner_id`,
  );
  return new Map(found.map((row) => [row.userId, row.count]));
}

/** Deal stages: open stages hold the deals now in them; won and lost count the deals closed in the range. */
export async function stagesForUser(executor: Executor, userId: string, range: InstantRange) {
  return rows<{
    stageId: string;
    name: string;
    semantic: "open" | "won" | "lost";
    color: string;
    count: number;
    amount: string;
  }>(
    executor,
    sql`select s.id as "stageId", s.name, s.semantic, s.color,
               count(d.id)::int as count, coalesce(sum(d.amount), 0)::text as amount
        from stages s join pipelines p on p.id = s.pipeline_id
        left join deals d on d.stage_id = s.id and d.owner_id = ${userId} and d.deleted_at is null
          and (s.semantic = 'open' or (d.closed_at >= ${range.from} and d.closed_at < ${range.to}))
        group by s.id, s.name, s.semantic, s.color, s.sort, p.is_default, p.sort, p.id
        order by p.is_default desc, p.sort, p.id, s.sort`,
  );
}
