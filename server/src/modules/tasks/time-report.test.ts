import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { createTaskAs, errorPaths } from "./task-testing";

interface Entry {
  task: string;
  user: string;
  startedAt: string;
  minutes: number;
}

/** The report worked out from the entries alone: Almaty is UTC+5 all year. */
function expectedReport(
  entries: Entry[],
  from: string,
  to: string,
  people: Set<string>,
  names: Record<string, string>,
) {
  const dayOf = (instant: string) => new Date(Date.parse(instant) + 5 * 3_600_000).toISOString().slice(0, 10);
  const counted = entries.filter(
    (entry) => people.has(entry.user) && dayOf(entry.startedAt) >= from && dayOf(entry.startedAt) <= to,
  );
  const byUser = [...people]
    .map((user) => {
      const own = counted.filter((entry) => entry.user === user);
      return {
        user: { id: user, name: names[user]! },
        minutes: own.reduce((total, entry) => total + entry.minutes, 0),
        taskCount: new Set(own.map((entry) => entry.task)).size,
      };
    })
    .filter((row) => row.minutes > 0 || row.taskCount > 0)
    .sort((a, b) => a.user.name.localeCompare(b.user.name));
  return { byUser, totalMinutes: counted.reduce((total, entry) => total + entry.minutes, 0) };
}

describe("the time report", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let managerA1: Client;
  let managerA2: Client;
  let headA: Client;
  let top: Client;
  const entries: Entry[] = [];
  const names: Record<string, string> = {};
  const tasks: Record<string, string> = {};

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [managerA1, managerA2, headA, top] = await loginEach(context.app, [
      "manager-a1",
      "manager-a2",
      "head-a",
      "top-user",
    ]);
    const [managerB1] = await loginEach(context.app, ["manager-b1"]);
    const { managerA1: a1, managerA2: a2, managerB1: b1 } = fixture;
    Object.assign(names, { [a1.id]: "Test manager-a1", [a2.id]: "Test manager-a2", [b1.id]: "Test manager-b1" });
    tasks.shared = (await createTaskAs(managerA1, { title: "Общая", coassigneeIds: [a2.id], plannedMinutes: 300 })).id;
    tasks.a2 = (await createTaskAs(managerA2, { title: "Своя A2" })).id;
    tasks.b1 = (await createTaskAs(managerB1, { title: "Своя B1" })).id;
    entries.push(
      { task: tasks.shared, user: a1.id, startedAt: "2026-03-02T05:00:00Z", minutes: 60 },
      // 23:30 in Almaty on 3 March.
      { task: tasks.shared, user: a1.id, startedAt: "2026-03-03T18:30:00Z", minutes: 45 },
      // 00:10 in Almaty on 5 March, still 4 March in UTC: outside a report to the 4th.
      { task: tasks.shared, user: a1.id, startedAt: "2026-03-04T19:10:00Z", minutes: 30 },
      { task: tasks.shared, user: a2.id, startedAt: "2026-03-02T09:00:00Z", minutes: 90 },
      { task: tasks.a2, user: a2.id, startedAt: "2026-03-04T03:00:00Z", minutes: 20 },
      // 23:59 in Almaty on 1 March: before the period.
      { task: tasks.a2, user: a2.id, startedAt: "2026-03-01T18:59:00Z", minutes: 100 },
      { task: tasks.b1, user: b1.id, startedAt: "2026-03-03T06:00:00Z", minutes: 70 },
    );
    await context.handle.db.execute(
      sql`insert into task_time_entries (task_id, user_id, source, started_at, ended_at, minutes) values ${sql.join(
        entries.map(
          (entry) =>
            sql`(${entry.task}, ${entry.user}, 'manual', ${entry.startedAt}::timestamptz,
                 ${entry.startedAt}::timestamptz + make_interval(mins => ${entry.minutes}::int), ${entry.minutes})`,
        ),
        sql`, `,
      )}`,
    );
  });

  const report = async (client: Client, query: string) => {
    const response = await client.request("GET", `/api/v1/time-report?from=2026-03-02&to=2026-03-04${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  it("equals a sum worked out from the entries, for each reach", async () => {
    const { managerA1: a1, managerA2: a2, managerB1: b1 } = fixture;
    const cases: [Client, string, string[]][] = [
      [managerA1, "", [a1.id]],
      [managerA2, "", [a2.id]],
      [headA, "", [a1.id, a2.id]],
      [headA, `&unitId=${fixture.departmentA}`, [a1.id, a2.id]],
      [headA, `&userId=${a2.id}`, [a2.id]],
      [top, "", [a1.id, a2.id, b1.id]],
      [top, `&unitId=${fixture.departmentB}`, [b1.id]],
    ];
    for (const [client, query, people] of cases) {
      const actual = await report(client, query);
      const expected = expectedReport(entries, "2026-03-02", "2026-03-04", new Set(people), names);
      expect(actual.byUser, query).toEqual(expected.byUser);
      expect(actual.totalMinutes).toBe(expected.totalMinutes);
      expect(actual.byTask.reduce((total: number, row: { minutes: number }) => total + row.minutes, 0)).toBe(
        expected.totalMinutes,
      );
    }
    expect((await report(headA, "")).totalMinutes).toBe(215);
  });

  it("breaks each task down by person, with the planned minutes", async () => {
    const { byTask } = await report(headA, "");
    expect(byTask).toEqual([
      {
        task: { id: tasks.shared, title: "Общая" },
        plannedMinutes: 300,
        minutes: 195,
        users: [
          { user: { id: fixture.managerA1.id, name: "Test manager-a1" }, minutes: 105 },
          { user: { id: fixture.managerA2.id, name: "Test manager-a2" }, minutes: 90 },
        ],
      },
      {
        task: { id: tasks.a2, title: "Своя A2" },
        plannedMinutes: null,
        minutes: 20,
        users: [{ user: { id: fixture.managerA2.id, name: "Test manager-a2" }, minutes: 20 }],
      },
    ]);
  });

  it("refuses bad periods naming the field", async () => {
    const ask = (query: string) => headA.request("GET", `/api/v1/time-report?${query}`);
    const reversed = await ask("from=2026-03-04&to=2026-03-02");
    expect(reversed.statusCode).toBe(422);
    expect(errorPaths(reversed)).toEqual(["to"]);
    expect(errorPaths(await ask("from=2025-01-01&to=2026-03-02"))).toEqual(["to"]);
    expect(errorPaths(await ask("from=march&to=2026-03-02"))).toContain("query.from");
    expect(errorPaths(await ask("to=2026-03-02"))).toContain("query.from");
    expect(errorPaths(await ask("from=2026-03-01&to=2026-03-02&unitId=1"))).toContain("query.unitId");
  });
});
