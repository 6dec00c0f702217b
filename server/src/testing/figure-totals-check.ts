/**
 * The totals tables behind the figures (deal_stage_totals, deal_closed_months,
 * activity_completed_days, activity_completed_months) must equal, after any kind of change, what the
 * source rows say. This recomputes them in TypeScript (tiyn as BigInt, days with Intl) from the rows
 * themselves, independently of the triggers' SQL, and compares.
 */
import { dayInTimeZone, toTiyn } from "@planerka/common";
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { type Executor, rows } from "../platform/db/database";

type Sums = Map<string, { count: number; amount: bigint }>;

export async function expectTotalsMatchSources(db: Executor): Promise<{ deals: number; activities: number }> {
  const [{ zone }] = (await rows<{ zone: string }>(db, sql`select time_zone as zone from company_settings`)) as [
    { zone: string },
  ];
  const deals = await rows<{
    ownerId: string;
    stageId: string;
    amount: string;
    closedAt: string | null;
    deletedAt: string | null;
  }>(
    db,
    sql`select owner_id as "ownerId", stage_id as "stageId", amount::text as amount, closed_at as "closedAt",
               deleted_at as "deletedAt" from deals`,
  );
  const activities = await rows<{
    ownerId: string;
    typeId: string;
    completedAt: string | null;
    deletedAt: string | null;
  }>(
    db,
    sql`select owner_id as "ownerId", type_id as "typeId", completed_at as "completedAt", deleted_at as "deletedAt"
        from activities`,
  );
  const add = (map: Sums, key: string, amount: bigint) => {
    const entry = map.get(key) ?? { count: 0, amount: 0n };
    entry.count += 1;
    entry.amount += amount;
    map.set(key, entry);
  };
  const expectedStages: Sums = new Map();
  const expectedClosed: Sums = new Map();
  for (const deal of deals.filter((row) => row.deletedAt === null)) {
    add(expectedStages, `${deal.ownerId}|${deal.stageId}`, toTiyn(deal.amount));
    if (deal.closedAt) {
      const month = `${dayInTimeZone(new Date(deal.closedAt), zone).slice(0, 7)}-01`;
      add(expectedClosed, `${deal.ownerId}|${month}|${deal.stageId}`, toTiyn(deal.amount));
    }
  }
  const expectedCompleted: Sums = new Map();
  const expectedCompletedMonths: Sums = new Map();
  for (const activity of activities.filter((row) => row.deletedAt === null && row.completedAt !== null)) {
    const day = dayInTimeZone(new Date(activity.completedAt!), zone);
    add(expectedCompleted, `${activity.ownerId}|${day}|${activity.typeId}`, 0n);
    add(expectedCompletedMonths, `${activity.ownerId}|${day.slice(0, 7)}-01|${activity.typeId}`, 0n);
  }
  const stored = async (query: ReturnType<typeof sql>): Promise<Sums> =>
    new Map(
      (await rows<{ key: string; count: number; amount: string }>(db, query)).map((row) => [
        row.key,
        { count: row.count, amount: toTiyn(row.amount) },
      ]),
    );
  expect(
    await stored(
      sql`select owner_id || '|' || stage_id as key, deal_count as count, amount::text as amount
          from deal_stage_totals where deal_count <> 0 or amount <> 0`,
    ),
  ).toEqual(expectedStages);
  expect(
    await stored(
      sql`select owner_id || '|' || to_char(month, 'YYYY-MM-DD') || '|' || stage_id as key, deal_count as count,
                 amount::text as amount from deal_closed_months where deal_count <> 0 or amount <> 0`,
    ),
  ).toEqual(expectedClosed);
  expect(
    await stored(
      sql`select owner_id || '|' || to_char(day, 'YYYY-MM-DD') || '|' || type_id as key, activity_count as count,
                 '0' as amount from activity_completed_days where activity_count <> 0`,
    ),
  ).toEqual(expectedCompleted);
  expect(
    await stored(
      sql`select owner_id || '|' || to_char(month, 'YYYY-MM-DD') || '|' || type_id as key, activity_count as count,
                 '0' as amount from activity_completed_months where activity_count <> 0`,
    ),
  ).toEqual(expectedCompletedMonths);
  return { deals: deals.length, activities: activities.length };
}
