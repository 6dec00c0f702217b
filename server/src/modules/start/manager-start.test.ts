/**
 * The manager's start page: today's and overdue activities against a plain filter of the rows, the
 * month and the week as «Мой кабинет» shows them, next week's plan; only ever the caller's own.
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { SeededRandom } from "../demo/random";

type Fixture = Awaited<ReturnType<typeof createAccessFixture>>;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Today in Almaty and its midnight (UTC+5 all year), written out rather than taken from the code under test. */
const almatyDay = (instant: number) => new Date(instant + 5 * HOUR).toISOString().slice(0, 10);
const almatyMidnight = (day: string) => Date.parse(`${day}T00:00:00+05:00`);

interface Inserted {
  id: string;
  ownerId: string;
  typeId: string;
  dueAt: number;
  completedAt: number | null;
  deleted: boolean;
  dealId: string | null;
}

describe("the manager's start page", () => {
  const context = useTestApp();
  let fixture: Fixture;
  let managerA1: Client;
  let managerA2: Client;
  const activities: Inserted[] = [];
  let ownDeal: string;
  let othersDeal: string;
  let weeklyType: string;
  let letterType: string;
  const now = Date.now();
  const today = almatyDay(now);
  const dayStart = almatyMidnight(today);

  beforeAll(async () => {
    const db = context.handle.db;
    fixture = await createAccessFixture(db);
    [managerA1, managerA2] = await loginEach(context.app, ["manager-a1", "manager-a2"]);
    const types = await rows<{ id: string; inWeeklyTable: boolean }>(
      db,
      sql`select id, in_weekly_table as "inWeeklyTable" from activity_types order by sort`,
    );
    weeklyType = types.find((type) => type.inWeeklyTable)!.id;
    letterType = types.find((type) => !type.inWeeklyTable)!.id;
    ownDeal = (await managerA1.request("POST", "/api/v1/deals", { title: "Своя сделка", amount: 100 })).json().id;
    othersDeal = (await managerA2.request("POST", "/api/v1/deals", { title: "Чужая сделка", amount: 100 })).json().id;

    const random = new SeededRandom(2207);
    // Around today's edges in Almaty, earlier days and later ones; A2's own as well.
    const offsets = [-3 * DAY, -DAY, -60_000, 0, 60_000, 9 * HOUR, 23 * HOUR + 59 * 60_000, DAY, DAY + HOUR, 3 * DAY];
    for (let index = 0; index < 120; index++) {
      const dueAt = dayStart + random.pick(offsets) + random.integer(0, 3) * 1_000;
      const completed = random.chance(0.4);
      const activity = {
        ownerId: random.chance(0.75) ? fixture.managerA1.id : fixture.managerA2.id,
        typeId: random.chance(0.8) ? weeklyType : letterType,
        dueAt,
        completedAt: completed ? Math.min(now, dueAt) : null,
        deleted: random.chance(0.05),
        dealId: random.pick([null, ownDeal, othersDeal]),
      };
      const [row] = await rows<{ id: string }>(
        db,
        sql`insert into activities (type_id, subject, due_at, completed_at, owner_id, deal_id, deleted_at)
            values (${activity.typeId}, ${`Дело ${index}`}, ${new Date(activity.dueAt)},
                    ${activity.completedAt === null ? null : new Date(activity.completedAt)}, ${activity.ownerId},
                    ${activity.dealId}, ${activity.deleted ? new Date() : null})
            returning id`,
      );
      activities.push({ id: row!.id, ...activity });
    }
    // Next week: A1 plans two calls (one deleted does not count) and a letter, outside the table.
    const nextMonday = (() => {
      const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
      return almatyMidnight(today) + (7 - weekday) * DAY;
    })();
    for (const [typeId, deleted] of [
      [weeklyType, false],
      [weeklyType, false],
      [weeklyType, true],
      [letterType, false],
    ] as const) {
      await db.execute(
        sql`insert into activities (type_id, subject, due_at, owner_id, deleted_at)
            values (${typeId}, 'План', ${new Date(nextMonday + 2 * DAY + 10 * HOUR)}, ${fixture.managerA1.id},
                    ${deleted ? new Date() : null})`,
      );
    }
  });

  it("lists today's activities and the overdue ones before today, each with what it links to", async () => {
    const response = await managerA1.request("GET", "/api/v1/start/me");
    expect(response.statusCode, response.body).toBe(200);
    const start = response.json();
    expect(start.date).toBe(today);

    const own = activities.filter((activity) => activity.ownerId === fixture.managerA1.id && !activity.deleted);
    const inTime = (left: Inserted, right: Inserted) => left.dueAt - right.dueAt || (left.id < right.id ? -1 : 1);
    const todays = own.filter((activity) => activity.dueAt >= dayStart && activity.dueAt < dayStart + DAY).sort(inTime);
    const overdue = own.filter((activity) => activity.completedAt === null && activity.dueAt < dayStart).sort(inTime);
    expect(todays.length).toBeGreaterThan(0);
    expect(overdue.length).toBeGreaterThan(0);
    expect(start.today.map((activity: { id: string }) => activity.id)).toEqual(todays.map((activity) => activity.id));
    expect(start.overdue.total).toBe(overdue.length);
    expect(start.overdue.items.map((activity: { id: string }) => activity.id)).toEqual(
      overdue.slice(0, 50).map((activity) => activity.id),
    );
    const stateOf = (activity: Inserted) =>
      activity.completedAt !== null ? "completed" : activity.dueAt < Date.now() ? "overdue" : "active";
    for (const shown of [...start.today, ...start.overdue.items]) {
      const inserted = activities.find((activity) => activity.id === shown.id)!;
      // A state that is about to change (due within these seconds) is left alone.
      if (Math.abs(inserted.dueAt - Date.now()) > 30_000) expect(shown.state).toBe(stateOf(inserted));
      // The own deal is named; another manager's deal is not, though the activity is A1's.
      expect(shown.deal).toEqual(inserted.dealId === ownDeal ? { id: ownDeal, name: "Своя сделка" } : null);
    }
  });

  it("shows the month and the week with the very figures of «Мой кабинет», and next week's plan", async () => {
    const start = (await managerA1.request("GET", "/api/v1/start/me")).json();
    const cabinet = (await managerA1.request("GET", `/api/v1/cabinet/manager/${fixture.managerA1.id}`)).json();
    const { stages: _stages, user: _user, ...figures } = cabinet;
    expect(start.month).toEqual(figures);
    const week = (await managerA1.request("GET", `/api/v1/cabinet/manager/${fixture.managerA1.id}/week`)).json();
    expect(start.week.week).toBe(week.week);
    expect(start.week.totals).toEqual(week.totals.groups);
    expect(start.week.activityCoefficient).toBe(week.activityCoefficient);
    expect(start.week.days.map((day: { date: string }) => day.date)).toEqual(
      week.days.map((day: { date: string }) => day.date),
    );
    const todayRow = start.week.days.find((day: { date: string }) => day.date === today);
    if (todayRow) expect(todayRow.total).toBe(start.today.length);
    // Two calls of the weekly table; the deleted one and the letter do not count.
    expect(start.nextWeek.planned).toBe(2);
  });

  it("is only ever about the caller: another manager's page holds none of A1's activities", async () => {
    const start = (await managerA2.request("GET", "/api/v1/start/me")).json();
    const ids = new Set([...start.today, ...start.overdue.items].map((activity: { id: string }) => activity.id));
    const a1 = activities
      .filter((activity) => activity.ownerId === fixture.managerA1.id)
      .map((activity) => activity.id);
    expect(a1.filter((id) => ids.has(id))).toEqual([]);
    expect(start.nextWeek.planned).toBe(0);
    // A2 sees their own activity on A1's deal without the deal's title.
    const onOthers = [...start.today, ...start.overdue.items].filter(
      (shown: { id: string }) => activities.find((activity) => activity.id === shown.id)?.dealId === ownDeal,
    );
    for (const shown of onOthers) expect(shown.deal).toBeNull();
  });

  it("keeps the landing choice on the profile: the start page or the cabinet, nothing else", async () => {
    expect((await managerA1.request("GET", "/api/v1/me")).json().startPage).toBe("home");
    const chosen = await managerA1.request("PATCH", "/api/v1/me", { startPage: "cabinet" });
    expect(chosen.statusCode, chosen.body).toBe(200);
    expect(chosen.json().startPage).toBe("cabinet");
    const wrong = await managerA1.request("PATCH", "/api/v1/me", { startPage: "desk" });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].path).toBe("body.startPage");
    expect((await managerA1.request("GET", "/api/v1/me")).json().startPage).toBe("cabinet");
    // Another person's choice is theirs alone.
    expect((await managerA2.request("GET", "/api/v1/me")).json().startPage).toBe("home");
  });
});
