import { addDays, dayInTimeZone, isoWeekday, type UnitRollup } from "@planerka/common";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../platform/auth/authenticate";
import { type DatabaseHandle, rows } from "../../platform/db/database";
import { computeScope } from "../../platform/scope/access-scope";
import { openTestDatabase } from "../../testing/test-database";
import { unitCabinetOrThrow } from "../cabinet/unit-rollup.service";
import { stalledCondition } from "../workflows/workflow-instance.queries";
import { seedDemoCompanyIfEmpty } from "./demo-company";
import { seedDemoCrm } from "./demo-crm";
import { seedDemoWork } from "./demo-work";

describe("demo CRM data", () => {
  let handle: DatabaseHandle;
  let counts: Awaited<ReturnType<typeof seedDemoCrm>>;
  let work: Awaited<ReturnType<typeof seedDemoWork>>;
  const today = dayInTimeZone(new Date(), "Asia/Almaty");

  beforeAll(async () => {
    handle = await openTestDatabase();
    await seedDemoCompanyIfEmpty(handle, { withCrm: false });
    counts = await seedDemoCrm(handle, { volume: { companies: 300, dealsPerSellerDay: 0.2, activityScale: 0.05 } });
    work = await seedDemoWork(handle.db);
  }, 300_000);
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

  it("links a call only to a deal that existed by then, with that deal's own client", async () => {
    const [check] = await rows<{ on_deals: number; before_deal: number; other_client: number }>(
      handle.db,
      sql`select count(*)::int as on_deals,
                 count(*) filter (where a.due_at < d.created_at)::int as before_deal,
                 count(*) filter (where a.company_id is distinct from d.company_id)::int as other_client
          from activities a join deals d on d.id = a.deal_id`,
    );
    expect(check!.on_deals).toBeGreaterThan(50);
    expect(check).toMatchObject({ before_deal: 0, other_client: 0 });
  });

  it("leaves fewer overdue activities to those with a higher activity coefficient", async () => {
    const [user] = await rows<Actor["user"]>(
      handle.db,
      sql`select id, login, name, role, unit_id as "unitId" from users where role = 'admin' limit 1`,
    );
    const admin: Actor = { user: user!, scope: await computeScope(handle.db, user!), via: "session" };
    const [root] = await rows<{ id: string }>(handle.db, sql`select id from units where parent_id is null`);
    // Last month's coefficient: a whole month of work says more of a person's habits than a few days.
    const lastMonth = addDays(`${today.slice(0, 7)}-01`, -1);
    const rollup = await unitCabinetOrThrow(handle.db, admin, root!.id, {
      month: lastMonth.slice(0, 7),
      date: lastMonth,
    });
    const managers = new Set(
      (await rows<{ id: string }>(handle.db, sql`select id from users where role = 'manager'`)).map((row) => row.id),
    );
    const overdue = new Map(
      (
        await rows<{ owner_id: string; overdue: number }>(
          handle.db,
          sql`select owner_id, count(*)::int as overdue from activities
              where completed_at is null and due_at < now() group by owner_id`,
        )
      ).map((row) => [row.owner_id, row.overdue]),
    );
    const everyone = (unit: UnitRollup): UnitRollup["users"] => [...unit.users, ...unit.children.flatMap(everyone)];
    const sellers = rollup.children
      .flatMap(everyone)
      .filter((row) => managers.has(row.user.id) && row.activityCoefficient !== null)
      .map((row) => ({ coefficient: row.activityCoefficient!, overdue: overdue.get(row.user.id) ?? 0 }))
      .sort((a, b) => a.coefficient - b.coefficient);
    expect(sellers.length).toBeGreaterThan(50);
    const quarter = Math.floor(sellers.length / 4);
    const mean = (list: typeof sellers) => list.reduce((sum, row) => sum + row.overdue, 0) / list.length;
    const lowest = mean(sellers.slice(0, quarter));
    const highest = mean(sellers.slice(-quarter));
    expect(highest).toBeLessThan(lowest * 0.6);
    expect(
      spearman(
        sellers.map((row) => row.coefficient),
        sellers.map((row) => row.overdue),
      ),
    ).toBeLessThan(-0.3);
  });

  it("gives every sales person tasks from their head — overdue, due and done — and runs workflows, one stalled", async () => {
    expect(work.tasks).toBeGreaterThan(200);
    const perPerson = await rows<{
      assignee: string;
      role: string;
      total: number;
      overdue: number;
      done: number;
      by_other: number;
    }>(
      handle.db,
      sql`select t.assignee_id as assignee, u.role, count(*)::int as total,
                 count(*) filter (where t.status <> 'done' and t.deadline < now())::int as overdue,
                 count(*) filter (where t.status = 'done')::int as done,
                 count(*) filter (where t.creator_id <> t.assignee_id)::int as by_other
          from tasks t join users u on u.id = t.assignee_id
          where t.group_id is null and t.workflow_instance_id is null group by 1, 2`,
    );
    const [sellers] = await rows<{ count: number }>(
      handle.db,
      sql`select count(*)::int as count from users u join units un on un.id = u.unit_id
          where u.role = 'manager' and un.kind = 'city'`,
    );
    const managers = perPerson.filter((row) => row.role === "manager");
    expect(managers).toHaveLength(sellers!.count);
    for (const row of managers) {
      expect(row.total).toBeGreaterThanOrEqual(4);
      expect(row.overdue).toBeGreaterThanOrEqual(1);
      expect(row.done).toBeGreaterThanOrEqual(1);
      expect(row.by_other).toBe(row.total);
    }
    const [history] = await rows<{ created_later: number; done_later: number }>(
      handle.db,
      sql`select count(*) filter (where created_at > now())::int as created_later,
                 count(*) filter (where completed_at > now() or completed_at < created_at)::int as done_later from tasks`,
    );
    expect(history).toEqual({ created_later: 0, done_later: 0 });

    const [flows] = await rows<{ running: number; stalled: number; waiting_task: number }>(
      handle.db,
      sql`select count(*) filter (where i.status = 'running')::int as running,
                 count(*) filter (where ${stalledCondition})::int as stalled,
                 (select count(*)::int from tasks t where t.workflow_instance_id is not null and t.status <> 'done') as waiting_task
          from workflow_instances i`,
    );
    expect(flows!.running).toBe(work.workflows);
    expect(flows!.running).toBeGreaterThanOrEqual(3);
    expect(flows!.stalled).toBe(1);
    expect(flows!.waiting_task).toBe(flows!.running);
  });
});

/** Spearman's rank correlation (ties ranked by order: enough for a sign and a rough strength). */
function spearman(xs: number[], ys: number[]): number {
  // Tied values share their mean rank: ranking ties in input order would lend them the order of
  // the other list (the sellers come sorted by coefficient).
  const ranks = (values: number[]) => {
    const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
    const result = new Array<number>(values.length);
    for (let first = 0; first < order.length; ) {
      let last = first;
      while (last + 1 < order.length && order[last + 1]!.value === order[first]!.value) last++;
      for (let rank = first; rank <= last; rank++) result[order[rank]!.index] = (first + last) / 2;
      first = last + 1;
    }
    return result;
  };
  const rx = ranks(xs);
  const ry = ranks(ys);
  // Pearson's correlation of the ranks (the d² shortcut is exact only without ties).
  const mean = (list: number[]) => list.reduce((total, value) => total + value, 0) / list.length;
  const mx = mean(rx);
  const my = mean(ry);
  let covariance = 0;
  let vx = 0;
  let vy = 0;
  for (let index = 0; index < rx.length; index++) {
    covariance += (rx[index]! - mx) * (ry[index]! - my);
    vx += (rx[index]! - mx) ** 2;
    vy += (ry[index]! - my) ** 2;
  }
  return covariance / Math.sqrt(vx * vy);
}
