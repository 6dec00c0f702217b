import type { CalendarEvent } from "@planerka/common";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import {
  almaty,
  calendarState,
  createEventAs,
  dayFromToday,
  errorPaths,
  meeting,
  notificationsOf,
  rangeAs,
} from "./calendar-testing";

/** «Только это событие»: one occurrence of a series moved on its own. */
describe("a recurring event's single occurrence", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let managerA1: Client;
  let managerA2: Client;
  let managerB1: Client;
  const first = dayFromToday(7);

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [managerA1, managerA2, managerB1] = await loginEach(context.app, ["manager-a1", "manager-a2", "manager-b1"]);
  });

  it("leaves the series at its new time; the rest of the series stays; the attendee is invited to the new time", async () => {
    const series = await createEventAs(
      managerA1,
      meeting("Ежедневная летучка", almaty(first, "09:00"), 0.5, {
        recurrence: "FREQ=DAILY;COUNT=5",
        attendeeIds: [fixture.managerA2.id],
        reminders: [10],
      }),
    );
    const third = dayFromToday(9);
    const url = `/api/v1/events/${series.id}/occurrences`;
    const body = {
      occurrenceStart: almaty(third, "09:00"),
      startsAt: almaty(third, "15:00"),
      endsAt: almaty(third, "16:00"),
      version: series.version,
    };
    // Outsiders and attendees may not; a stale version is 409; an occurrence the series lacks is 422.
    const before = await calendarState(context.handle.db);
    expect((await managerB1.request("POST", url, body)).statusCode).toBe(404);
    expect((await managerA2.request("POST", url, body)).statusCode).toBe(403);
    expect((await managerA1.request("POST", url, { ...body, version: series.version + 1 })).statusCode).toBe(409);
    const missing = await managerA1.request("POST", url, { ...body, occurrenceStart: almaty(third, "10:00") });
    expect(missing.statusCode).toBe(422);
    expect(errorPaths(missing)).toContain("occurrenceStart");
    expect(await calendarState(context.handle.db)).toEqual(before);

    const detached = await managerA1.request("POST", url, body);
    expect(detached.statusCode, detached.body).toBe(201);
    const single = detached.json() as CalendarEvent;
    expect([single.startsAt, single.endsAt, single.recurrence, single.title]).toEqual([
      almaty(third, "15:00"),
      almaty(third, "16:00"),
      null,
      "Ежедневная летучка",
    ]);
    expect(single.attendees.map((attendee) => attendee.userId).sort()).toEqual(
      [fixture.managerA1.id, fixture.managerA2.id].sort(),
    );
    expect(single.reminders).toEqual([10]);

    const entries = (await rangeAs(managerA2, `from=${first}&to=${dayFromToday(11)}`))
      .filter((entry) => entry.title === "Ежедневная летучка")
      .map((entry) => entry.start)
      .sort();
    expect(entries).toEqual(
      [
        almaty(first, "09:00"),
        almaty(dayFromToday(8), "09:00"),
        almaty(third, "15:00"),
        almaty(dayFromToday(10), "09:00"),
        almaty(dayFromToday(11), "09:00"),
      ].sort(),
    );
    const after = (await managerA1.request("GET", `/api/v1/events/${series.id}`)).json() as CalendarEvent;
    expect(after.exceptions).toEqual([third]);
    const invitations = (await notificationsOf(context.handle.db, fixture.managerA2.id)).filter(
      (notice) => notice.kind === "event_invitation" && notice.link === `/calendar?event=${single.id}`,
    );
    expect(invitations).toHaveLength(1);

    const notRepeating = await managerA1.request("POST", `/api/v1/events/${single.id}/occurrences`, {
      ...body,
      version: single.version,
    });
    expect(notRepeating.statusCode).toBe(422);
  });
});
