import ICAL from "ical.js";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { almaty, calendarState, createEventAs, dayFromToday, errorPaths, meeting, rangeAs } from "./calendar-testing";

/** The iCalendar subscription (read by ical.js, as a calendar app would), .ics import and app passwords. */
describe("calendar outside the portal: subscription, import, app passwords", () => {
  const context = useTestApp();
  let managerA1: Client;
  let managerA2: Client;
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  const day = dayFromToday(3);

  async function feedText(path: string) {
    const response = await context.app.inject({ method: "GET", url: path });
    return response;
  }

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [managerA1, managerA2] = await loginEach(context.app, ["manager-a1", "manager-a2"]);
  });

  it("the feed carries one's own events; its weekly series expands in Almaty as the portal's calendar does", async () => {
    const weekly = await createEventAs(
      managerA1,
      meeting("Планёрка по понедельникам", almaty(day, "09:30"), 1, {
        recurrence: "FREQ=WEEKLY;COUNT=12",
        exceptions: [dayFromToday(17)],
        timeZone: "Asia/Almaty",
      }),
    );
    await createEventAs(managerA1, {
      title: "Выставка",
      allDay: true,
      startDate: dayFromToday(5),
      endDate: dayFromToday(6),
      private: true,
    });
    // A2's private event and A2's meetings without A1 never reach A1's feed.
    await createEventAs(managerA2, meeting("Секрет А2", almaty(day, "13:00"), 1, { private: true }));

    const created = await managerA1.request("POST", "/api/v1/me/calendar-feed");
    expect(created.statusCode, created.body).toBe(201);
    const { path } = created.json() as { path: string };
    const response = await feedText(path);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("text/calendar");
    expect(response.body).not.toContain("Секрет");

    const calendar = new ICAL.Component(ICAL.parse(response.body) as unknown[]);
    for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
    const events = calendar.getAllSubcomponents("vevent").map((vevent) => new ICAL.Event(vevent));
    expect(events.map((event) => event.summary).sort()).toEqual(["Выставка", "Планёрка по понедельникам"]);

    const series = events.find((event) => event.summary === "Планёрка по понедельникам")!;
    expect(series.uid).toBe(`${weekly.id}@planerka`);
    const iterator = series.iterator();
    const starts: string[] = [];
    for (let next = iterator.next(); next; next = iterator.next()) {
      const excluded = series.component
        .getAllProperties("exdate")
        .some((property) => (property.getFirstValue() as InstanceType<typeof ICAL.Time>).compare(next!) === 0);
      if (!excluded) starts.push(next.toJSDate().toISOString());
    }
    const portal = await rangeAs(managerA1, `from=${day}&to=${dayFromToday(90)}`);
    const portalStarts = portal
      .filter((entry) => entry.id === weekly.id)
      .map((entry) => entry.start)
      .sort();
    expect(starts).toHaveLength(11);
    expect(starts.sort()).toEqual(portalStarts);
    // Each occurrence stays at 09:30 in Almaty (UTC+5).
    expect(new Set(starts.map((start) => start.slice(11, 16)))).toEqual(new Set(["04:30"]));

    const allDay = events.find((event) => event.summary === "Выставка")!;
    expect(allDay.startDate.isDate).toBe(true);
    expect(allDay.startDate.toString()).toBe(dayFromToday(5));
    expect(allDay.endDate.toString()).toBe(dayFromToday(7));
    expect(allDay.component.getFirstPropertyValue("class")).toBe("PRIVATE");

    // A new address revokes the old one; revoking ends the last.
    const renewed = (await managerA1.request("POST", "/api/v1/me/calendar-feed")).json() as { path: string };
    expect((await feedText(path)).statusCode).toBe(404);
    expect((await feedText(renewed.path)).statusCode).toBe(200);
    expect(((await managerA1.request("GET", "/api/v1/me/calendar-feed")).json() as { active: boolean }).active).toBe(
      true,
    );
    expect((await managerA1.request("DELETE", "/api/v1/me/calendar-feed")).statusCode).toBe(204);
    expect((await feedText(renewed.path)).statusCode).toBe(404);
    expect((await managerA1.request("DELETE", "/api/v1/me/calendar-feed")).statusCode).toBe(404);
    expect((await feedText("/api/v1/calendar/feeds/plkcal_guessedguessedguessedguessed.ics")).statusCode).toBe(404);
    expect((await feedText("/api/v1/calendar/feeds/whatever.ics")).statusCode).toBe(400);
  });

  it("imports an .ics file into one's own calendar; a malformed file or one bad event stores nothing", async () => {
    const start = dayFromToday(20).replaceAll("-", "");
    const file = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//Outlook//RU",
      "BEGIN:VTIMEZONE",
      "TZID:Central Asia Standard Time",
      "BEGIN:STANDARD",
      "DTSTART:16010101T000000",
      "TZOFFSETFROM:+0500",
      "TZOFFSETTO:+0500",
      "END:STANDARD",
      "END:VTIMEZONE",
      "BEGIN:VEVENT",
      "UID:outlook-1",
      `DTSTART;TZID=Central Asia Standard Time:${start}T100000`,
      `DTEND;TZID=Central Asia Standard Time:${start}T113000`,
      "SUMMARY:Из Outlook",
      "LOCATION:Астана\\, офис",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "UID:google-1",
      `DTSTART;VALUE=DATE:${start}`,
      "SUMMARY:Командировка",
      "RRULE:FREQ=DAILY;COUNT=3",
      "END:VEVENT",
      "END:VCALENDAR",
      "",
    ].join("\r\n");
    const imported = await managerA2.request("POST", "/api/v1/calendar/import", file, {
      "content-type": "text/calendar",
    });
    expect(imported.statusCode, imported.body).toBe(201);
    expect((imported.json() as { created: number }).created).toBe(2);
    const entries = await rangeAs(managerA2, `from=${dayFromToday(20)}&to=${dayFromToday(23)}`);
    const outlook = entries.find((entry) => entry.title === "Из Outlook")!;
    expect(outlook.start).toBe(almaty(dayFromToday(20), "10:00"));
    expect(outlook.location).toBe("Астана, офис");
    expect(entries.filter((entry) => entry.title === "Командировка").map((entry) => entry.start)).toEqual([
      dayFromToday(20),
      dayFromToday(21),
      dayFromToday(22),
    ]);

    const before = await calendarState(context.handle.db);
    const garbage = await managerA2.request("POST", "/api/v1/calendar/import", "not a calendar", {
      "content-type": "text/calendar",
    });
    expect(garbage.statusCode).toBe(400);
    expect(errorPaths(garbage)).toEqual(["body"]);
    const halfBad = file
      .replace("UID:google-1\r\n", "UID:google-1\r\nDTEND:19990101T000000Z\r\n")
      .replace(`DTSTART;VALUE=DATE:${start}`, `DTSTART:${start}T100000Z`);
    const refused = await managerA2.request("POST", "/api/v1/calendar/import", halfBad, {
      "content-type": "text/calendar",
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain("ends before it starts");
    const json = await managerA2.request("POST", "/api/v1/calendar/import", { file });
    expect(json.statusCode).toBe(400);
    expect(await calendarState(context.handle.db)).toEqual(before);
  });

  it("app passwords: shown once, listed without the secret, revocable only by their owner", async () => {
    const created = await managerA1.request("POST", "/api/v1/me/app-passwords", { name: "iPhone 15" });
    expect(created.statusCode).toBe(201);
    const { id, password } = created.json() as { id: string; password: string };
    expect(password).toMatch(/^plkapp_/);
    const listed = (await managerA1.request("GET", "/api/v1/me/app-passwords")).json() as {
      items: Record<string, unknown>[];
    };
    expect(listed.items.map((item) => item.name)).toContain("iPhone 15");
    expect(JSON.stringify(listed)).not.toContain(password);
    expect(((await managerA2.request("GET", "/api/v1/me/app-passwords")).json() as { items: unknown[] }).items).toEqual(
      [],
    );
    expect((await managerA2.request("DELETE", `/api/v1/me/app-passwords/${id}`)).statusCode).toBe(404);
    const nameless = await managerA1.request("POST", "/api/v1/me/app-passwords", { name: "" });
    expect(nameless.statusCode).toBe(400);
    expect(errorPaths(nameless)).toContain("body.name");
    expect((await managerA1.request("DELETE", `/api/v1/me/app-passwords/${id}`)).statusCode).toBe(204);
    expect((await managerA1.request("DELETE", `/api/v1/me/app-passwords/${id}`)).statusCode).toBe(404);
    expect(fixture.managerA1.id).toBeTruthy();
  });
});
