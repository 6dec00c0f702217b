import type { CalendarEvent } from "@planerka/common";
import { sql } from "drizzle-orm";
import { type DAVCalendar, DAVClient } from "tsdav";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { almaty, createEventAs, dayFromToday, meeting } from "./calendar-testing";

/** A phone (tsdav, a real CalDAV client) and the portal editing one calendar. */
describe("CalDAV: a phone's calendar in sync with the portal", () => {
  const context = useTestApp();
  let base: string;
  let managerA1: Client;
  let managerA2: Client;
  let passwordA1: string;
  let passwordA2: string;
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  const day = dayFromToday(10);

  async function appPassword(client: Client, name: string) {
    const response = await client.request("POST", "/api/v1/me/app-passwords", { name });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; password: string };
  }

  async function phone(login: string, password: string) {
    const client = new DAVClient({
      serverUrl: `${base}/.well-known/caldav`,
      credentials: { username: login, password },
      authMethod: "Basic",
      defaultAccountType: "caldav",
    });
    await client.login();
    const calendars = await client.fetchCalendars();
    return { client, calendar: calendars[0] as DAVCalendar, calendars };
  }

  const basic = (login: string, password: string) => ({
    Authorization: `Basic ${Buffer.from(`${login}:${password}`).toString("base64")}`,
  });

  const eventCount = async () =>
    Number(
      (await rows<{ count: number }>(context.handle.db, sql`select count(*)::int as count from calendar_events`))[0]!
        .count,
    );

  const phoneEvent = (uid: string, title: string, start: string, end: string) =>
    [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//Test phone//EN",
      "BEGIN:VEVENT",
      `UID:${uid}`,
      "DTSTAMP:20261201T000000Z",
      `DTSTART;TZID=Asia/Almaty:${start}`,
      `DTEND;TZID=Asia/Almaty:${end}`,
      `SUMMARY:${title}`,
      "END:VEVENT",
      "END:VCALENDAR",
      "",
    ].join("\r\n");

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [managerA1, managerA2] = await loginEach(context.app, ["manager-a1", "manager-a2"]);
    await context.app.listen({ port: 0, host: "127.0.0.1" });
    const address = context.app.server.address() as { port: number };
    base = `http://127.0.0.1:${address.port}`;
    passwordA1 = (await appPassword(managerA1, "iPhone")).password;
    passwordA2 = (await appPassword(managerA2, "Android")).password;
  });

  it("discovers the principal, the home and the one calendar; a wrong or revoked password is 401", async () => {
    const wellKnown = await fetch(`${base}/.well-known/caldav`, { redirect: "manual" });
    expect(wellKnown.status).toBe(301);
    expect(wellKnown.headers.get("location")).toBe("/dav/");
    const propfindFirst = await fetch(`${base}/.well-known/caldav`, { method: "PROPFIND", redirect: "manual" });
    expect([propfindFirst.status, propfindFirst.headers.get("location")]).toEqual([301, "/dav/"]);
    const { calendars, client } = await phone("manager-a1", passwordA1);
    expect(calendars).toHaveLength(1);
    expect(calendars[0]!.displayName).toBe("Planerka");
    expect(calendars[0]!.url).toContain(`/dav/calendars/${fixture.managerA1.id}/planerka/`);
    expect(client.account?.principalUrl).toContain(`/dav/principals/${fixture.managerA1.id}/`);

    const wrong = await fetch(`${base}/dav/`, { method: "PROPFIND", headers: basic("manager-a1", "plkapp_wrong") });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toContain("Basic");
    // Someone else's app password with this login is no password at all.
    expect((await fetch(`${base}/dav/`, { method: "PROPFIND", headers: basic("manager-a1", passwordA2) })).status).toBe(
      401,
    );
    const spare = await appPassword(managerA1, "Old phone");
    expect(
      (await fetch(`${base}/dav/`, { method: "PROPFIND", headers: basic("manager-a1", spare.password) })).status,
    ).toBe(207);
    expect((await managerA1.request("DELETE", `/api/v1/me/app-passwords/${spare.id}`)).statusCode).toBe(204);
    expect(
      (await fetch(`${base}/dav/`, { method: "PROPFIND", headers: basic("manager-a1", spare.password) })).status,
    ).toBe(401);
    // An app password opens the phone's calendar, not the API.
    const api = await fetch(`${base}/api/v1/me`, { headers: basic("manager-a1", passwordA1) });
    expect(api.status).toBe(401);
  });

  it("another person's calendar and events are 404 to a phone", async () => {
    const own = await createEventAs(managerA1, meeting("Личное А1", almaty(day, "09:00"), 1, { private: true }));
    const path = `/dav/calendars/${fixture.managerA1.id}/planerka/`;
    const headers = { ...basic("manager-a2", passwordA2), Depth: "1", "Content-Type": "application/xml" };
    expect((await fetch(`${base}${path}`, { method: "PROPFIND", headers })).status).toBe(404);
    expect((await fetch(`${base}${path}${own.id}.ics`, { headers })).status).toBe(404);
    const report = await fetch(`${base}${path}`, {
      method: "REPORT",
      headers,
      body: '<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><c:calendar-data/></d:prop></c:calendar-query>',
    });
    expect(report.status).toBe(404);
    expect((await fetch(`${base}${path}${own.id}.ics`, { method: "DELETE", headers })).status).toBe(404);
    const put = await fetch(`${base}${path}stolen.ics`, {
      method: "PUT",
      headers: { ...basic("manager-a2", passwordA2), "Content-Type": "text/calendar" },
      body: phoneEvent("stolen", "Чужое", "20270101T100000", "20270101T110000"),
    });
    expect(put.status).toBe(404);
    const { client, calendar } = await phone("manager-a2", passwordA2);
    const seen = await client.fetchCalendarObjects({ calendar });
    expect(seen.map((object) => object.data).join("")).not.toContain("Личное А1");
  });

  it("an event made on the phone shows in the portal; edited in the portal, the phone sees the change; a stale edit is 412", async () => {
    const { client, calendar } = await phone("manager-a1", passwordA1);
    const start = day.replaceAll("-", "");
    const created = await client.createCalendarObject({
      calendar,
      filename: "phone-meeting.ics",
      iCalString: phoneEvent("phone-uid-1", "Встреча с телефона", `${start}T150000`, `${start}T163000`),
    });
    expect(created.status).toBe(201);
    const stale = created.headers.get("etag")!;

    const entries = (await managerA1.request("GET", `/api/v1/calendar/entries?from=${day}&to=${day}`)).json() as {
      items: { id: string; title: string; start: string; end: string }[];
    };
    const entry = entries.items.find((item) => item.title === "Встреча с телефона")!;
    expect(entry.start).toBe(almaty(day, "15:00"));
    expect(entry.end).toBe(almaty(day, "16:30"));

    const event = (await managerA1.request("GET", `/api/v1/events/${entry.id}`)).json() as CalendarEvent;
    const patched = await managerA1.request("PATCH", `/api/v1/events/${entry.id}`, {
      version: event.version,
      title: "Встреча перенесена",
      startsAt: almaty(day, "17:00"),
      endsAt: almaty(day, "18:00"),
    });
    expect(patched.statusCode, patched.body).toBe(200);

    const objects = await client.fetchCalendarObjects({ calendar });
    const object = objects.find((candidate) => candidate.url.endsWith("/phone-meeting.ics"))!;
    expect(object.data).toContain("SUMMARY:Встреча перенесена");
    expect(object.data).toContain("UID:phone-uid-1");
    expect(object.etag).not.toBe(stale);

    const staleEdit = await client.updateCalendarObject({
      calendarObject: {
        url: object.url,
        etag: stale,
        data: phoneEvent("phone-uid-1", "Старая правка", `${start}T150000`, `${start}T160000`),
      },
    });
    expect(staleEdit.status).toBe(412);
    expect(((await managerA1.request("GET", `/api/v1/events/${entry.id}`)).json() as CalendarEvent).title).toBe(
      "Встреча перенесена",
    );

    const freshEdit = await client.updateCalendarObject({
      calendarObject: {
        url: object.url,
        etag: object.etag,
        data: phoneEvent("phone-uid-1", "Правка с телефона", `${start}T090000`, `${start}T100000`),
      },
    });
    expect(freshEdit.status).toBe(204);
    const afterPhone = (await managerA1.request("GET", `/api/v1/events/${entry.id}`)).json() as CalendarEvent;
    expect(afterPhone.title).toBe("Правка с телефона");
    expect(afterPhone.startsAt).toBe(almaty(day, "09:00"));

    const removed = await client.deleteCalendarObject({
      calendarObject: { url: object.url, etag: freshEdit.headers.get("etag")! },
    });
    expect(removed.status).toBe(204);
    expect((await managerA1.request("GET", `/api/v1/events/${entry.id}`)).statusCode).toBe(404);
  });

  it("sync-collection reports what changed since the phone's token: new, changed, answered and gone", async () => {
    const { client, calendar } = await phone("manager-a2", passwordA2);
    const first = await client.syncCollection({
      url: calendar.url,
      props: { "d:getetag": {} },
      syncLevel: 1,
      syncToken: calendar.syncToken,
    });
    expect(first.every((response) => response.status !== 404)).toBe(true);
    const token = (await client.fetchCalendars())[0]!.syncToken as string;

    const invited = await createEventAs(
      managerA1,
      meeting("Планёрка с А2", almaty(day, "11:00"), 1, { attendeeIds: [fixture.managerA2.id] }),
    );
    const dropped = await createEventAs(
      managerA1,
      meeting("Отменят", almaty(day, "12:00"), 1, { attendeeIds: [fixture.managerA2.id] }),
    );
    const tokenBefore = (await client.fetchCalendars())[0]!.syncToken as string;
    expect(tokenBefore).not.toBe(token);
    const droppedVersion = ((await managerA1.request("GET", `/api/v1/events/${dropped.id}`)).json() as CalendarEvent)
      .version;
    expect(
      (await managerA1.request("PATCH", `/api/v1/events/${dropped.id}`, { version: droppedVersion, attendeeIds: [] }))
        .statusCode,
    ).toBe(200);

    const added = await createEventAs(
      managerA1,
      meeting("Новая встреча", almaty(day, "14:00"), 1, { attendeeIds: [fixture.managerA2.id] }),
    );

    const changes = await client.syncCollection({
      url: calendar.url,
      props: { "d:getetag": {}, "c:calendar-data": {} },
      syncLevel: 1,
      syncToken: tokenBefore,
    });
    const byName = new Map(changes.map((response) => [response.href?.split("/").pop(), response]));
    expect(byName.get(`${dropped.id}.ics`)?.status).toBe(404);
    expect(byName.has(`${invited.id}.ics`)).toBe(false);
    const addedChange = byName.get(`${added.id}.ics`);
    expect(addedChange?.status).not.toBe(404);
    expect(JSON.stringify(addedChange?.props)).toContain("Новая встреча");
    expect(changes).toHaveLength(2);

    // The invitee declines on the phone by deleting it: the portal shows the answer.
    const objects = await client.fetchCalendarObjects({ calendar });
    const mine = objects.find((object) => object.url.endsWith(`${invited.id}.ics`))!;
    expect(mine.data).toContain("ATTENDEE");
    expect((await client.deleteCalendarObject({ calendarObject: mine })).status).toBe(204);
    const answered = (await managerA1.request("GET", `/api/v1/events/${invited.id}`)).json() as CalendarEvent;
    expect(answered.attendees.find((attendee) => attendee.userId === fixture.managerA2.id)?.response).toBe("declined");
    const bad = await fetch(calendar.url, {
      method: "REPORT",
      headers: { ...basic("manager-a2", passwordA2), "Content-Type": "application/xml" },
      body: '<d:sync-collection xmlns:d="DAV:"><d:sync-token>https://planerka.kz/ns/sync/999999999</d:sync-token><d:prop><d:getetag/></d:prop></d:sync-collection>',
    });
    expect(bad.status).toBe(403);
    expect(await bad.text()).toContain("valid-sync-token");
  });

  it("refuses bad input from a phone with the reason and stores nothing", async () => {
    const path = `${base}/dav/calendars/${fixture.managerA1.id}/planerka/bad.ics`;
    const headers = basic("manager-a1", passwordA1);
    const before = await eventCount();
    const malformed = await fetch(path, {
      method: "PUT",
      headers: { ...headers, "Content-Type": "text/calendar" },
      body: "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:no end",
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toContain("iCalendar");
    const noStart = await fetch(path, {
      method: "PUT",
      headers: { ...headers, "Content-Type": "text/calendar" },
      body: "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:Без начала\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    });
    expect(noStart.status).toBe(400);
    expect(await noStart.text()).toContain("DTSTART");
    const wrongType = await fetch(path, {
      method: "PUT",
      headers: { ...headers, "Content-Type": "application/json" },
      body: "{}",
    });
    expect(wrongType.status).toBe(415);
    const huge = await fetch(path, {
      method: "PUT",
      headers: { ...headers, "Content-Type": "text/calendar" },
      body: phoneEvent("huge", "x".repeat(1024 * 1024 + 10), "20270101T100000", "20270101T110000"),
    });
    expect(huge.status).toBe(413);
    expect(await eventCount()).toBe(before);
  });
});
