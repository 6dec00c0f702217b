import type { BonusExclusionReason } from "@planerka/common";
import { monthStart, toTiyn } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";
import type { InstantRange } from "../cabinet/figures.queries";

/**
 * The figures a bonus is made of, for a set of people at once; each is one visible query.
 * `owners` is a set of user ids as a subquery (joined as a set: see cabinet/figures.queries.ts).
 */
export const ownersFromIds = (ids: readonly string[]): SQL =>
  sql`(select value::uuid from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`;

/** The company exchanges with 1C once a first exchange (or JSON upsert) succeeded: then confirmed = paid in 1C. */
export async function usesOneC(executor: Executor): Promise<boolean> {
  const [row] = await rows<{ used: boolean }>(
    executor,
    sql`select coalesce((select last_success_at is not null from one_c_state where id = 1), false) as used`,
  );
  return row?.used ?? false;
}

export async function plansOf(executor: Executor, owners: SQL, months: readonly string[]) {
  const found = await rows<{ userId: string; amount: string }>(
    executor,
    sql`select user_id as "userId", sum(amount)::text as amount from plans
        where month in (select jsonb_array_elements_text(${JSON.stringify(months)}::jsonb)) and user_id in ${owners}
        group by user_id`,
  );
  return new Map(found.map((row) => [row.userId, row.amount]));
}

export interface ConfirmedDealRow {
  dealId: string;
  title: string;
  ownerId: string;
  amount: string;
  confirmedAt: Date | string | null;
  document: string | null;
  payment: string | null;
}

/**
 * Confirmed revenue, deal by deal. With 1C: orders posted, live and paid in full, by the date of
 * the payment that completed them, at the order's amount (DESIGN.md section 7). Without: won deals
 * by their close date (the cabinet's «Факт»).
 */
const confirmedDealsSql = (owners: SQL, range: InstantRange, oneC: boolean) =>
  oneC
    ? sql`select d.id as "dealId", d.title, d.owner_id as "ownerId", o.amount::text as amount, o.paid_at as "confirmedAt",
                   o.number as document, o.payment_number as payment
            from one_c_orders o join deals d on d.id = o.deal_id
            where o.paid_at >= ${range.from} and o.paid_at < ${range.to} and o.posted and not o.deleted and not o.cancelled
              and d.deleted_at is null and d.owner_id in ${owners}
            order by o.paid_at, d.id`
    : sql`select d.id as "dealId", d.title, d.owner_id as "ownerId", d.amount::text as amount, d.closed_at as "confirmedAt",
                   null as document, null as payment
            from deals d join stages s on s.id = d.stage_id
            where s.semantic = 'won' and d.closed_at >= ${range.from} and d.closed_at < ${range.to}
              and d.deleted_at is null and d.owner_id in ${owners}
            order by d.closed_at, d.id`;

export type ExcludedDealRow = ConfirmedDealRow & { reason: BonusExclusionReason };

/**
 * With 1C, the deals a manager would expect to count and why they do not: won in the CRM in the
 * period without a 1C order; 1C orders dated in the period that are not paid in full within it
 * (unpaid, not posted, cancelled or deleted, paid back, or paid in another period).
 */
const excludedDealsSql = (owners: SQL, range: InstantRange) =>
  sql`select d.id as "dealId", d.title, d.owner_id as "ownerId", d.amount::text as amount, d.closed_at as "confirmedAt",
               null as document, null as payment, 'no_document' as reason
        from deals d join stages s on s.id = d.stage_id
        where s.semantic = 'won' and d.closed_at >= ${range.from} and d.closed_at < ${range.to}
          and d.deleted_at is null and d.owner_id in ${owners}
          and not exists (select 1 from one_c_orders o where o.deal_id = d.id)
        union all
        select d.id, d.title, d.owner_id, o.amount::text, o.paid_at, o.number, o.payment_number,
               case when o.deleted or o.cancelled then 'cancelled'
                    when not o.posted then 'not_posted'
                    when o.paid_at is not null then 'outside_period'
                    when exists (select 1 from one_c_payments p where p.order_guid = o.guid and p.refund and p.posted
                                 and not p.deleted) then 'returned'
                    else 'unpaid' end
        from one_c_orders o join deals d on d.id = o.deal_id
        where o.document_date >= ${range.from} and o.document_date < ${range.to}
          and d.deleted_at is null and d.owner_id in ${owners}
          and not coalesce(o.posted and not o.deleted and not o.cancelled
                           and o.paid_at >= ${range.from} and o.paid_at < ${range.to}, false)
        order by 5, 1`;

/**
 * Completed activities per person and type from the period's first day through `through`: whole
 * months from the monthly totals, less the days of the last month after `through`.
 */
export async function completedBetween(executor: Executor, owners: SQL, firstDay: string, through: string) {
  const lastMonth = monthStart(through.slice(0, 7));
  // One row per person with the counts by type (10,000 rows for a company, not 90,000).
  const found = await rows<{ userId: string; counts: Record<string, number> }>(
    executor,
    sql`select owner_id as "userId", json_object_agg(type_id, count) as counts from (
          select owner_id, type_id, sum(count)::int as count from (
            select owner_id, type_id, activity_count as count from activity_completed_months
            where month >= ${firstDay} and month <= ${lastMonth} and owner_id in ${owners}
            union all
            select owner_id, type_id, -activity_count from activity_completed_days
            where day > ${through} and day < (${lastMonth}::date + interval '1 month')::date and owner_id in ${owners}
          ) counts group by owner_id, type_id having sum(count) <> 0
        ) per_type group by owner_id`,
  );
  return new Map(found.map((row) => [row.userId, new Map(Object.entries(row.counts))]));
}

/** What one person's deals add to a base: the sum in tiyn, the counts, and the deals when asked for. */
export interface OwnerRevenue {
  amountTiyn: bigint;
  count: number;
  excludedCount: number;
  deals: ConfirmedDealRow[];
  excluded: ExcludedDealRow[];
}

/**
 * Confirmed revenue per person for a period. With `withDeals` every deal comes back (a sheet with
 * its deal lists, an approval, an export); without, only sums and counts, added up in SQL numeric —
 * a company's half-year holds tens of thousands of deals a screen of lines does not need.
 */
export async function revenueByOwner(
  executor: Executor,
  owners: SQL,
  range: InstantRange,
  options: { oneC: boolean; withDeals: boolean; months: readonly string[] },
): Promise<Map<string, OwnerRevenue>> {
  const result = new Map<string, OwnerRevenue>();
  const entry = (ownerId: string) => {
    let found = result.get(ownerId);
    if (!found) {
      found = { amountTiyn: 0n, count: 0, excludedCount: 0, deals: [], excluded: [] };
      result.set(ownerId, found);
    }
    return found;
  };
  const confirmed = confirmedDealsSql(owners, range, options.oneC);
  const excluded = options.oneC ? excludedDealsSql(owners, range) : null;
  if (options.withDeals) {
    const [deals, others] = await Promise.all([
      rows<ConfirmedDealRow>(executor, confirmed),
      excluded ? rows<ExcludedDealRow>(executor, excluded) : Promise.resolve([]),
    ]);
    for (const deal of deals) {
      const owner = entry(deal.ownerId);
      owner.deals.push(deal);
      owner.amountTiyn += toTiyn(deal.amount);
      owner.count += 1;
    }
    for (const deal of others) {
      const owner = entry(deal.ownerId);
      owner.excluded.push(deal);
      owner.excludedCount += 1;
    }
    return result;
  }
  const [sums, counts] = await Promise.all([
    rows<{ ownerId: string; amount: string; count: number }>(
      executor,
      options.oneC
        ? sql`select "ownerId", sum(amount::numeric)::text as amount, count(*)::int as count from (${confirmed}) deals
              group by "ownerId"`
        : // Won deals by close month are what the totals table keeps (the cabinet's «Факт»), in the
          // company's time zone, in the same transaction as every change of a deal.
          sql`select t.owner_id as "ownerId", sum(t.amount)::text as amount, sum(t.deal_count)::int as count
              from deal_closed_months t join stages s on s.id = t.stage_id
              where s.semantic = 'won' and t.month in (select jsonb_array_elements_text(${JSON.stringify(options.months.map(monthStart))}::jsonb)::date)
                and t.owner_id in ${owners}
              group by t.owner_id having sum(t.deal_count) > 0`,
    ),
    excluded
      ? rows<{ ownerId: string; count: number }>(
          executor,
          sql`select "ownerId", count(*)::int as count from (${excluded}) deals group by "ownerId"`,
        )
      : Promise.resolve([]),
  ]);
  for (const row of sums) Object.assign(entry(row.ownerId), { amountTiyn: toTiyn(row.amount), count: row.count });
  for (const row of counts) entry(row.ownerId).excludedCount = row.count;
  return result;
}
