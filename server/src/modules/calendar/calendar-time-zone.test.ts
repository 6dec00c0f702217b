import type { CalendarEvent, Me } from "@planerka/common";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { createEventAs, dayFromToday, errorPaths, rangeAs } from "./calendar-testing";

/** Each person may keep their calendar in their own zone; the company's figures stay in the company's. */
describe("a person's own calendar time zone", () => {
  const context = useTestApp();
  let managerA1: Client;
  let managerA2: Client;
  const day = dayFromToday(6);

  beforeAll(async () => {
    await createAccessFixture(context.handle.db);
    [managerA1, managerA2] = await loginEach(context.app, ["manager-a1", "manager-a2"]);
  });

  it("is set in the profile, named in /me, used for new events and for the days of the calendar's range", async () => {
    const before = (await managerA1.request("GET", "/api/v1/me")).json() as Me;
    expect(before.calendarTimeZone).toBe(before.timeZone);
    expect(before.ownCalendarTimeZone).toBeNull();

    const bad = await managerA1.request("PATCH", "/api/v1/me", { calendarTimeZone: "Mars/Olympus" });
    expect(bad.statusCode).toBe(400);
    expect(errorPaths(bad)).toContain("body.calendarTimeZone");

    const set = await managerA1.request("PATCH", "/api/v1/me", { calendarTimeZone: "Europe/Moscow" });
    expect(set.statusCode, set.body).toBe(200);
    const me = set.json() as Me;
    expect([me.calendarTimeZone, me.ownCalendarTimeZone, me.timeZone]).toEqual([
      "Europe/Moscow",
      "Europe/Moscow",
      "Asia/Almaty",
    ]);

    // 23:30 in Moscow is the next day in Almaty: the Moscow viewer's day holds it, an Almaty viewer's next day does.
    const late = new Date(`${day}T23:30:00+03:00`).toISOString();
    const event = await createEventAs(managerA1, {
      title: "Поздний созвон",
      startsAt: late,
      endsAt: new Date(Date.parse(late) + 20 * 60_000).toISOString(),
      recurrence: "FREQ=DAILY;COUNT=2",
      attendeeIds: [(await managerA2.request("GET", "/api/v1/me")).json().id],
    });
    expect((event as CalendarEvent & { timeZone: string }).timeZone).toBe("Europe/Moscow");
    const moscowDay = (await rangeAs(managerA1, `from=${day}&to=${day}`)).filter(
      (entry) => entry.title === "Поздний созвон",
    );
    expect(moscowDay.map((entry) => entry.start)).toEqual([late]);
    const almatyDay = (await rangeAs(managerA2, `from=${day}&to=${day}`)).filter(
      (entry) => entry.title === "Поздний созвон",
    );
    expect(almatyDay).toEqual([]);
    const almatyNext = (await rangeAs(managerA2, `from=${dayFromToday(7)}&to=${dayFromToday(7)}`)).filter(
      (entry) => entry.title === "Поздний созвон",
    );
    expect(almatyNext.map((entry) => entry.start)).toEqual([late]);

    const reset = (await managerA1.request("PATCH", "/api/v1/me", { calendarTimeZone: null })).json() as Me;
    expect([reset.calendarTimeZone, reset.ownCalendarTimeZone]).toEqual(["Asia/Almaty", null]);
  });
});
