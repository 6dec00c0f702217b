/**
 * The unit roll-up's own rules: a unit's plan to date comes from its summed plan, rounded once; and
 * the month's counts of activities and tasks per person and unit, against a plain count of the rows.
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, login, useTestApp } from "../../testing/test-app";
import { SeededRandom } from "../demo/random";

type Fixture = Awaited<ReturnType<typeof createAccessFixture>>;
const HOUR = 3_600_000;
/** Midnight of a day in Almaty (UTC+5), as an instant. */
const almatyMidnight = (day: string) => Date.parse(`${day}T00:00:00+05:00`);

describe("unit roll-up", () => {
  const context = useTestApp();
  let fixture: Fixture;
  let top: Client;

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    top = await login(context.app, "top-user");
  });

  it("a unit's plan to date is its summed plan's, rounded once; each person keeps their own", async () => {
    // 173 800 000 split so that each person's plan to date rounds down by a fraction of a tiyn.
    const plans = [
      [fixture.managerA1.id, "57933333.33"],
      [fixture.managerA2.id, "57933333.33"],
      [fixture.headA.id, "57933333.34"],
    ] as const;
    for (const [userId, amount] of plans)
      await context.handle.db.execute(
        sql`insert into plans (user_id, month, amount) values (${userId}, '2026-07', ${amount})`,
      );
    // July 2026: 23 weekdays less the Capital's day (6 July) = 22 working days; 1–3 and 7 July = 4.
    const response = await top.request(
      "GET",
      `/api/v1/cabinet/units/${fixture.rootUnitId}?month=2026-07&date=2026-07-07`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const company = response.json();
    // 173 800 000 × 4 ÷ 22 = 31 600 000 exactly (the people's rounded values sum to 31 599 999,99).
    expect((173_800_000 * 4) / 22).toBe(31_600_000);
    expect(company.totals.planToDate).toBe(31_600_000);
    const region = company.children[0];
    expect(region.totals.planToDate).toBe(31_600_000);
    const department = region.children.find((child: { unit: { id: string } }) => child.unit.id === fixture.departmentA);
    expect(department.totals.plan).toBe(173_800_000);
    expect(department.totals.planToDate).toBe(31_600_000);
    // Each person: 57 933 333,33 × 4 ÷ 22 = 10 533 333,3327… and 57 933 333,34 × 4 ÷ 22 = 10 533 333,3345…
    for (const entry of department.users as { user: { id: string }; planToDate: number }[])
      expect(entry.planToDate, entry.user.id).toBe(10_533_333.33);
  });

  describe("the month's counts of activities and tasks", () => {
    const month = "2026-11";
    const from = almatyMidnight("2026-11-01");
    const to = almatyMidnight("2026-12-01");
    interface Activity {
      ownerId: string;
      category: string;
      dueAt: number;
      completedAt: number | null;
      deleted: boolean;
    }
    interface Task {
      assigneeId: string;
      status: string;
      deadline: number | null;
      completedAt: number | null;
      deleted: boolean;
    }
    const activities: Activity[] = [];
    const tasks: Task[] = [];
    let people: string[];

    beforeAll(async () => {
      const db = context.handle.db;
      const random = new SeededRandom(1515);
      people = [fixture.managerA1, fixture.managerA2, fixture.managerB1, fixture.headA, fixture.regionHead].map(
        (user) => user.id,
      );
      const types = await rows<{ id: string; category: string }>(db, sql`select id, category from activity_types`);
      // Around the month's edges in Almaty (a few minutes either side of midnight) and inside it,
      // some far ahead (never overdue while the test runs), some deleted.
      const instants = [from, to, almatyMidnight("2026-11-15"), almatyMidnight("2099-12-20")];
      for (let index = 0; index < 400; index++) {
        const type = random.pick(types);
        const dueAt = random.pick(instants) + random.pick([-3, -1, 0, 1, 2, 600]) * 60_000;
        const completedAt = random.chance(0.5)
          ? random.pick(instants) + random.pick([-2, 0, 1, 300]) * 60_000 + random.integer(-30, 30) * HOUR
          : null;
        const activity = {
          ownerId: random.pick(people),
          category: type.category,
          dueAt,
          completedAt: completedAt !== null && completedAt > Date.now() ? null : completedAt,
          deleted: random.chance(0.05),
        };
        activities.push(activity);
        await db.execute(
          sql`insert into activities (type_id, subject, due_at, completed_at, owner_id, deleted_at)
              values (${type.id}, 'x', ${new Date(activity.dueAt)},
                      ${activity.completedAt === null ? null : new Date(activity.completedAt)}, ${activity.ownerId},
                      ${activity.deleted ? new Date() : null})`,
        );
      }
      const statuses = ["new", "in_progress", "waiting_control", "done", "deferred"];
      for (let index = 0; index < 120; index++) {
        const status = random.pick(statuses);
        const task = {
          assigneeId: random.pick(people),
          status,
          deadline: random.chance(0.2) ? null : random.pick(instants) + random.integer(-48, 48) * HOUR,
          completedAt:
            status === "done" ? Math.min(Date.now(), random.pick(instants) + random.pick([-2, 0, 2]) * 60_000) : null,
          deleted: random.chance(0.05),
        };
        tasks.push(task);
        await db.execute(
          sql`insert into tasks (title, status, deadline, creator_id, assignee_id, completed_at, deleted_at)
              values ('t', ${task.status}, ${task.deadline === null ? null : new Date(task.deadline)}, ${fixture.top.id},
                      ${task.assigneeId}, ${task.completedAt === null ? null : new Date(task.completedAt)},
                      ${task.deleted ? new Date() : null})`,
        );
      }
    });

    /** The counts of these people, counted plainly from the rows written above. */
    function expected(owners: readonly string[]) {
      const now = Date.now();
      const mine = activities.filter((activity) => !activity.deleted && owners.includes(activity.ownerId));
      const ofCategory = (category: string) => {
        const list = mine.filter((activity) => activity.category === category);
        return {
          planned: list.filter((activity) => activity.dueAt >= from && activity.dueAt < to).length,
          completed: list.filter(
            (activity) => activity.completedAt !== null && activity.completedAt >= from && activity.completedAt < to,
          ).length,
          overdue: list.filter((activity) => activity.completedAt === null && activity.dueAt < now).length,
        };
      };
      const theirTasks = tasks.filter((task) => !task.deleted && owners.includes(task.assigneeId));
      const open = theirTasks.filter((task) => task.status !== "done");
      return {
        call: ofCategory("call"),
        meeting: ofCategory("meeting"),
        demo: ofCategory("demo"),
        tasks: {
          open: open.length,
          overdue: open.filter((task) => task.deadline !== null && task.deadline < now).length,
          closed: theirTasks.filter(
            (task) => task.status === "done" && task.completedAt! >= from && task.completedAt! < to,
          ).length,
        },
      };
    }

    it("equal a plain count of the rows, per person and summed per unit", async () => {
      const response = await top.request("GET", `/api/v1/cabinet/units/${fixture.rootUnitId}/activity?month=${month}`);
      expect(response.statusCode, response.body).toBe(200);
      const answer = response.json();
      expect(answer.month).toBe(month);
      const byUser = new Map(
        answer.users.map((entry: { userId: string; counts: unknown }) => [entry.userId, entry.counts]),
      );
      for (const person of people) expect(byUser.get(person), person).toEqual(expected([person]));
      const byUnit = new Map(
        answer.units.map((entry: { unitId: string; counts: unknown }) => [entry.unitId, entry.counts]),
      );
      const { managerA1, managerA2, managerB1, headA } = fixture;
      expect(byUnit.get(fixture.departmentA)).toEqual(expected([managerA1.id, managerA2.id, headA.id]));
      expect(byUnit.get(fixture.departmentB)).toEqual(expected([managerB1.id]));
      expect(byUnit.get(fixture.regionId)).toEqual(expected(people));
      expect(byUnit.get(fixture.rootUnitId)).toEqual(expected(people));
      // Something of every kind was counted, so the comparison above is not of zeros.
      const all = expected(people);
      expect(all.call.planned * all.call.completed * all.call.overdue).toBeGreaterThan(0);
      expect(all.tasks.open * all.tasks.overdue * all.tasks.closed).toBeGreaterThan(0);
    });

    it("a head sees only their own subtree's counts; a manager none", async () => {
      const head = await login(context.app, "head-a");
      const own = await head.request("GET", `/api/v1/cabinet/units/${fixture.departmentA}/activity?month=${month}`);
      expect(own.statusCode).toBe(200);
      const answer = own.json();
      expect(answer.units.map((entry: { unitId: string }) => entry.unitId)).toEqual([fixture.departmentA]);
      expect(answer.users.map((entry: { userId: string }) => entry.userId).sort()).toEqual(
        [fixture.managerA1.id, fixture.managerA2.id, fixture.headA.id].sort(),
      );
      for (const unitId of [fixture.departmentB, fixture.regionId, fixture.rootUnitId])
        expect((await head.request("GET", `/api/v1/cabinet/units/${unitId}/activity?month=${month}`)).statusCode).toBe(
          404,
        );
      const manager = await login(context.app, "manager-a1");
      expect(
        (await manager.request("GET", `/api/v1/cabinet/units/${fixture.departmentA}/activity?month=${month}`))
          .statusCode,
      ).toBe(404);
    });
  });
});
