import { addDays } from "@planerka/common";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { almaty, createEventAs, dayFromToday, errorPaths, meeting, rangeAs } from "./calendar-testing";

describe("everything dated in someone's calendar for a range", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let managerA1: Client;
  let managerA2: Client;
  let headA: Client;
  let typeId: string;
  // A Monday three to four weeks ahead.
  const monday = (() => {
    const day = dayFromToday(21);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    return addDays(day, (8 - weekday) % 7);
  })();

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [managerA1, managerA2, headA] = await loginEach(context.app, ["manager-a1", "manager-a2", "head-a"]);
    typeId = (await managerA1.request("GET", "/api/v1/activity-types")).json().items[0].id;
  });

  it("expands a weekly meeting into its occurrences, skipping an exception, and keeps 10:00 Almaty", async () => {
    const event = await createEventAs(
      managerA1,
      meeting("Планерка", almaty(monday, "10:00"), 1, {
        recurrence: "FREQ=WEEKLY;BYDAY=MO",
        exceptions: [addDays(monday, 7)],
        attendeeIds: [fixture.managerA2.id],
      }),
    );
    const entries = (await rangeAs(managerA1, `from=${addDays(monday, -3)}&to=${addDays(monday, 20)}`)).filter(
      (entry) => entry.id === event.id,
    );
    expect(entries.map((entry) => [entry.key, entry.start, entry.end])).toEqual(
      [0, 14].map((offset) => {
        const start = almaty(addDays(monday, offset), "10:00");
        return [`event:${event.id}:${start}`, start, almaty(addDays(monday, offset), "11:00")];
      }),
    );
    expect(entries[0]).toMatchObject({
      kind: "event",
      busyOnly: false,
      title: "Планерка",
      allDay: false,
      userId: fixture.managerA1.id,
      calendar: "personal",
      myResponse: "accepted",
      recurring: true,
      editable: true,
    });
    // The invitee has it too until they decline.
    const forA2 = `from=${monday}&to=${monday}&userIds=${fixture.managerA2.id}`;
    expect((await rangeAs(managerA2, forA2)).map((entry) => [entry.id, entry.myResponse, entry.editable])).toEqual([
      [event.id, "pending", false],
    ]);
    await managerA2.request("POST", `/api/v1/events/${event.id}/response`, { response: "declined" });
    expect(await rangeAs(managerA2, forA2)).toEqual([]);
  });

  it("holds all-day events by their days, also across the range's edges", async () => {
    const event = await createEventAs(managerA1, {
      title: "Командировка",
      allDay: true,
      startDate: addDays(monday, 1),
      endDate: addDays(monday, 3),
    });
    const edge = await rangeAs(managerA1, `from=${addDays(monday, 3)}&to=${addDays(monday, 4)}`);
    expect(
      edge.filter((entry) => entry.id === event.id).map((entry) => [entry.allDay, entry.start, entry.end]),
    ).toEqual([[true, addDays(monday, 1), addDays(monday, 3)]]);
    expect(
      (await rangeAs(managerA1, `from=${addDays(monday, 4)}&to=${addDays(monday, 5)}`)).filter(
        (entry) => entry.id === event.id,
      ),
    ).toEqual([]);
  });

  it("shows timed activities (busy only beyond the caller's scope) and task deadlines the caller may read", async () => {
    const day = addDays(monday, 9);
    const activity = (
      await managerA1.request("POST", "/api/v1/activities", {
        typeId,
        subject: "Звонок на завод",
        dueAt: almaty(day, "15:00"),
        durationMinutes: 45,
      })
    ).json();
    const task = (
      await headA.request("POST", "/api/v1/tasks", {
        title: "Отчёт по заводу",
        assigneeId: fixture.managerA1.id,
        deadline: almaty(day, "18:00"),
      })
    ).json();
    await headA.request("POST", "/api/v1/tasks", {
      title: "Позже",
      assigneeId: fixture.managerA1.id,
      deadline: almaty(addDays(day, 1), "18:00"),
    });
    const query = `from=${day}&to=${day}&userIds=${fixture.managerA1.id}`;
    for (const reader of [managerA1, headA]) {
      const entries = await rangeAs(reader, query);
      expect(
        entries.map((entry) => [entry.kind, entry.id, entry.title, entry.start, entry.end, entry.busyOnly]),
      ).toEqual([
        ["activity", activity.id, "Звонок на завод", almaty(day, "15:00"), almaty(day, "15:45"), false],
        ["task", task.id, "Отчёт по заводу", almaty(day, "18:00"), almaty(day, "18:00"), false],
      ]);
      expect(entries[0]!.editable).toBe(reader === managerA1);
    }
    // A fellow manager sees that A1 is busy at 15:00, nothing more; the task is not theirs to read.
    const entries = await rangeAs(managerA2, query);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: "activity", busyOnly: true, title: "", start: almaty(day, "15:00") });
    expect(JSON.stringify(entries)).not.toContain(activity.id);
    expect(JSON.stringify(entries)).not.toContain(task.id);
  });

  it("reads the caller's own calendar by default and refuses ranges and people it does not cover", async () => {
    expect(await rangeAs(headA, `from=${monday}&to=${monday}`)).toEqual([]);
    const refusals: [string, string][] = [
      [`from=${monday}&to=${addDays(monday, -1)}`, "to"],
      [`from=${monday}&to=${addDays(monday, 92)}`, "to"],
      [`from=${monday}&to=${monday}&userIds=not-an-id`, "userIds"],
      [`from=${monday}&to=${monday}&userIds=00000000-0000-4000-8000-000000000000`, "userIds"],
      [
        `from=${monday}&to=${monday}&userIds=${Array.from({ length: 51 }, () => crypto.randomUUID()).join(",")}`,
        "userIds",
      ],
      [`from=${monday}`, "query.to"],
      [`from=2026-02-30&to=${monday}`, "query.from"],
    ];
    for (const [query, path] of refusals) {
      const busyQuery = query.includes("userIds=") ? query : `userIds=${fixture.managerA1.id}&${query}`;
      for (const url of [`/api/v1/calendar/entries?${query}`, `/api/v1/calendar/busy?${busyQuery}`]) {
        const response = await managerA1.request("GET", url);
        expect(response.statusCode, `${url}: ${response.body}`).toBe(400);
        expect(errorPaths(response)).toContain(path);
      }
    }
    // 92 days is the most one read covers.
    expect(
      (await managerA1.request("GET", `/api/v1/calendar/entries?from=${monday}&to=${addDays(monday, 91)}`)).statusCode,
    ).toBe(200);
  });
});
