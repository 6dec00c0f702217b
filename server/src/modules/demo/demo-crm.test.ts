import { addDays, dayInTimeZone, isoWeekday } from "@planerka/common";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, rows } from "../../platform/db/database";
import { openTestDatabase } from "../../testing/test-database";
import { seedDemoCompanyIfEmpty } from "./demo-company";
import { seedDemoCrm } from "./demo-crm";

describe("demo CRM data", () => {
  let handle: DatabaseHandle;
  let counts: Awaited<ReturnType<typeof seedDemoCrm>>;
  const today = dayInTimeZone(new Date(), "Asia/Almaty");

  beforeAll(async () => {
    handle = await openTestDatabase();
    await seedDemoCompanyIfEmpty(handle, { withCrm: false });
    counts = await seedDemoCrm(handle, { volume: { companies: 300, dealsPerSellerDay: 0.2, activityScale: 0.05 } });
  }, 120_000);
  afterAll(async () => {
    await handle?.close();
  });

  it("creates clients, deals and activities for the sales people", async () => {
    expect(counts.companies).toBe(300);
    expect(counts.contacts).toBe(300);
    expect(counts.deals).toBeGreaterThan(2_000);
    expect(counts.activities).toBeGreaterThan(5_000);
    const [totals] = await rows<{ deals: number; activities: number }>(
      handle.db,
      sql`select (select count(*)::int from deals) as deals, (select count(*)::int from activities) as activities`,
    );
    expect(totals).toEqual({ deals: counts.deals, activities: counts.activities });
  });

  it("leaves the figure totals equal to the rows, though the bulk load bypassed their triggers", async () => {
    const [check] = await rows<{
      stage_mismatch: number;
      closed_mismatch: number;
      completed_mismatch: number;
      closed: number;
    }>(
      handle.db,
      sql`select
            (select count(*)::int from (
               select owner_id, stage_id, count(*)::int as n, sum(amount) as amount from deals where deleted_at is null group by 1, 2
               except select owner_id, stage_id, deal_count, amount from deal_stage_totals) m) as stage_mismatch,
            (select count(*)::int from (
               select owner_id, date_trunc('month', closed_at at time zone 'Asia/Almaty')::date, stage_id, count(*)::int, sum(amount)
               from deals where deleted_at is null and closed_at is not null group by 1, 2, 3
               except select owner_id, month, stage_id, deal_count, amount from deal_closed_months) m) as closed_mismatch,
            (select count(*)::int from (
               select owner_id, (completed_at at time zone 'Asia/Almaty')::date, type_id, count(*)::int from activities
               where deleted_at is null and completed_at is not null group by 1, 2, 3
               except select owner_id, day, type_id, activity_count from activity_completed_days) m) as completed_mismatch,
            (select count(*)::int from deal_closed_months) as closed`,
    );
    expect(check).toMatchObject({ stage_mismatch: 0, closed_mismatch: 0, completed_mismatch: 0 });
    expect(check!.closed).toBeGreaterThan(100);
  });

  it("gives every seller a plan for each month of the year, above zero", async () => {
    const [check] = await rows<{ sellers: number; planned: number; zero: number }>(
      handle.db,
      sql`select (select count(distinct owner_id)::int from deals) as sellers,
                 (select count(distinct user_id)::int from plans where month = ${today.slice(0, 7)}) as planned,
                 (select count(*)::int from plans where amount <= 0) as zero`,
    );
    expect(check!.planned).toBe(check!.sellers);
    expect(check!.zero).toBe(0);
  });

  it("closes exactly the won and lost deals, never in the future, and only clients of the deal's owner", async () => {
    const [check] = await rows<{
      wrong_closed: number;
      future: number;
      foreign_client: number;
      open: number;
      won: number;
    }>(
      handle.db,
      sql`select
            count(*) filter (where (s.semantic = 'open') = (d.closed_at is not null))::int as wrong_closed,
            count(*) filter (where d.closed_at > now())::int as future,
            count(*) filter (where c.owner_id <> d.owner_id)::int as foreign_client,
            count(*) filter (where s.semantic = 'open')::int as open,
            count(*) filter (where s.semantic = 'won')::int as won
          from deals d join stages s on s.id = d.stage_id join companies c on c.id = d.company_id`,
    );
    expect(check).toMatchObject({ wrong_closed: 0, future: 0, foreign_client: 0 });
    expect(check!.open).toBeGreaterThan(0);
    expect(check!.won).toBeGreaterThan(0);
  });

  it("spans a year up to next week: past work mostly done, some overdue, next week partly planned", async () => {
    const nextMonday = addDays(today, 8 - isoWeekday(today));
    const [check] = await rows<{
      earliest: string;
      latest: string;
      overdue: number;
      planned_next_week: number;
      completed_future: number;
    }>(
      handle.db,
      sql`select to_char(min(due_at) at time zone 'Asia/Almaty', 'YYYY-MM-DD') as earliest,
                 to_char(max(due_at) at time zone 'Asia/Almaty', 'YYYY-MM-DD') as latest,
                 count(*) filter (where completed_at is null and due_at < now())::int as overdue,
                 count(*) filter (where due_at >= ${nextMonday}::date)::int as planned_next_week,
                 count(*) filter (where completed_at > now())::int as completed_future
          from activities`,
    );
    expect(check!.earliest >= addDays(today, -366)).toBe(true);
    expect(check!.latest <= addDays(nextMonday, 6)).toBe(true);
    expect(check!.overdue).toBeGreaterThan(0);
    expect(check!.planned_next_week).toBeGreaterThan(0);
    expect(check!.completed_future).toBe(0);
  });

  it("follows each manager's habits: the busiest does several times the work of the idlest", async () => {
    const perOwner = await rows<{ count: number }>(
      handle.db,
      sql`select count(*)::int as count from activities a join users u on u.id = a.owner_id
          where u.role = 'manager' group by a.owner_id order by count`,
    );
    expect(perOwner.length).toBeGreaterThan(50);
    expect(perOwner.at(-1)!.count).toBeGreaterThan(perOwner[0]!.count * 2);
  });
});
