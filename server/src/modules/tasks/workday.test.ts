import { addDays, dayInTimeZone } from "@planerka/common";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture, createUser } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { errorPaths } from "./task-testing";

describe("the working day", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let managerA1: Client;
  let managerA2: Client;
  let headA: Client;
  let headB: Client;
  let top: Client;
  const today = dayInTimeZone(new Date(), "Asia/Almaty");
  const act = (client: Client, action: string) => client.request("POST", "/api/v1/workday", { action });
  /** A closed period at Almaty wall-clock times (UTC+5) on a day. */
  const period = (userId: string, day: string, from: string, to: string, toDay = day) =>
    context.handle.db.execute(
      sql`insert into workday_periods (user_id, day, started_at, ended_at)
          values (${userId}, ${day}, ${`${day}T${from}:00+05:00`}::timestamptz, ${`${toDay}T${to}:00+05:00`}::timestamptz)`,
    );

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [managerA1, managerA2, headA, headB, top] = await loginEach(context.app, [
      "manager-a1",
      "manager-a2",
      "head-a",
      "head-b",
      "top-user",
    ]);
  });

  it("moves through start, pause, resume and finish, and never starts again the same day", async () => {
    const initial = (await managerA1.request("GET", "/api/v1/workday")).json();
    expect(initial).toEqual({ day: today, state: "not_started", workedMinutes: 0, startedAt: null, finishedAt: null });
    for (const action of ["pause", "resume", "finish"]) {
      const refused = await act(managerA1, action);
      expect(refused.statusCode, action).toBe(422);
      expect(errorPaths(refused)).toEqual(["action"]);
    }
    const started = (await act(managerA1, "start")).json();
    expect(started).toMatchObject({ day: today, state: "working", finishedAt: null });
    expect(Math.abs(Date.parse(started.startedAt) - Date.now())).toBeLessThan(60_000);
    expect((await act(managerA1, "start")).statusCode).toBe(422);
    expect((await act(managerA1, "resume")).statusCode).toBe(422);
    expect((await act(managerA1, "pause")).json().state).toBe("paused");
    expect((await act(managerA1, "pause")).statusCode).toBe(422);
    // Two hours of work so far: the first period moved back, then counted whole.
    await context.handle.db.execute(
      sql`update workday_periods set started_at = ended_at - interval '2 hours' where user_id = ${fixture.managerA1.id}`,
    );
    expect((await act(managerA1, "resume")).json()).toMatchObject({ state: "working", workedMinutes: 120 });
    const finished = (await act(managerA1, "finish")).json();
    expect(finished).toMatchObject({ day: today, state: "finished", workedMinutes: 120 });
    expect(finished.finishedAt).not.toBeNull();
    for (const action of ["start", "resume", "pause", "finish"]) {
      expect((await act(managerA1, action)).statusCode, action).toBe(422);
    }
    const audit = await rows<{ action: string }>(
      context.handle.db,
      sql`select action from audit_log where entity = 'workday' and entity_id = ${fixture.managerA1.id} order by id`,
    );
    expect(audit.map((entry) => entry.action)).toEqual(["start", "pause", "resume", "finish"]);
    expect(errorPaths(await act(managerA1, "sleep"))).toContain("body.action");
  });

  it("carries a day begun before midnight on until it is finished", async () => {
    const yesterday = addDays(today, -1);
    await context.handle.db.execute(
      sql`insert into workday_periods (user_id, day, started_at) values (${fixture.managerA2.id}, ${yesterday}, now() - interval '3 hours')`,
    );
    const status = (await managerA2.request("GET", "/api/v1/workday")).json();
    expect(status).toMatchObject({ day: yesterday, state: "working", workedMinutes: 180 });
    expect((await act(managerA2, "finish")).json()).toMatchObject({ day: yesterday, state: "finished" });
    expect((await managerA2.request("GET", "/api/v1/workday")).json()).toMatchObject({
      day: today,
      state: "not_started",
    });
    expect((await act(managerA2, "start")).json()).toMatchObject({ day: today, state: "working" });
  });

  it("shows a head who is working now among their people, and nobody else's", async () => {
    const team = (await headA.request("GET", "/api/v1/workday/team")).json();
    expect(
      team.items.map((item: { user: { name: string }; unitName: string; status: { state: string } }) => [
        item.user.name,
        item.unitName,
        item.status.state,
      ]),
    ).toEqual([
      ["Test head-a", "Department A", "not_started"],
      ["Test manager-a1", "Department A", "finished"],
      ["Test manager-a2", "Department A", "working"],
    ]);
    const own = (await managerA1.request("GET", "/api/v1/workday/team")).json();
    expect(own.items.map((item: { user: { id: string } }) => item.user.id)).toEqual([fixture.managerA1.id]);
    expect((await top.request("GET", `/api/v1/workday/team?unitId=${fixture.departmentB}`)).json().items).toHaveLength(
      2,
    );
    expect((await headB.request("GET", `/api/v1/workday/team?unitId=${fixture.departmentA}`)).statusCode).toBe(404);
    expect((await managerA1.request("GET", `/api/v1/workday/team?unitId=${fixture.departmentA}`)).statusCode).toBe(404);
  });

  it("reports minutes per person and day, a night shift counted to the day it began", async () => {
    const { managerA1: a1, managerA2: a2, managerB1: b1 } = fixture;
    await period(a1.id, "2026-02-02", "09:00", "13:00");
    await period(a1.id, "2026-02-02", "14:00", "18:30");
    await period(a1.id, "2026-02-03", "22:00", "02:00", "2026-02-04");
    await period(a2.id, "2026-02-04", "10:15", "11:00");
    await period(b1.id, "2026-02-03", "09:00", "17:00");
    await period(a2.id, "2026-02-05", "09:00", "17:00");
    const departed = await createUser(context.handle.db, {
      unitId: fixture.departmentA,
      name: "Ушедший",
      active: false,
    });
    await period(departed.id, "2026-02-02", "09:00", "10:00");
    await createUser(context.handle.db, { unitId: fixture.departmentA, name: "Ушедший без смен", active: false });

    const response = await headA.request("GET", "/api/v1/workday/report?from=2026-02-02&to=2026-02-04");
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report.days).toEqual(["2026-02-02", "2026-02-03", "2026-02-04"]);
    expect(
      report.rows.map((row: { user: { name: string }; minutes: number[]; totalMinutes: number }) => [
        row.user.name,
        row.minutes,
        row.totalMinutes,
      ]),
    ).toEqual([
      ["Test head-a", [0, 0, 0], 0],
      ["Test manager-a1", [510, 240, 0], 750],
      ["Test manager-a2", [0, 0, 45], 45],
      ["Ушедший", [60, 0, 0], 60],
    ]);
    const forTop = (
      await top.request("GET", `/api/v1/workday/report?from=2026-02-03&to=2026-02-03&unitId=${fixture.departmentB}`)
    ).json();
    expect(forTop.rows).toEqual([
      { user: { id: fixture.headB.id, name: "Test head-b" }, minutes: [0], totalMinutes: 0 },
      { user: { id: b1.id, name: "Test manager-b1" }, minutes: [480], totalMinutes: 480 },
    ]);
    const forManager = (await managerA1.request("GET", "/api/v1/workday/report?from=2026-02-02&to=2026-02-04")).json();
    expect(forManager.rows.map((row: { totalMinutes: number }) => row.totalMinutes)).toEqual([750]);
    const outside = await headB.request(
      "GET",
      `/api/v1/workday/report?from=2026-02-02&to=2026-02-04&unitId=${fixture.departmentA}`,
    );
    expect(outside.statusCode).toBe(404);
    const reversed = await headA.request("GET", "/api/v1/workday/report?from=2026-02-04&to=2026-02-02");
    expect(reversed.statusCode).toBe(422);
    expect(errorPaths(reversed)).toEqual(["to"]);
  });
});
