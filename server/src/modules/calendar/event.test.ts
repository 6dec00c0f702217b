import type { CalendarEvent } from "@planerka/common";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture, createUser } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import {
  almaty,
  calendarState,
  createEventAs,
  dayFromToday,
  errorPaths,
  meeting,
  notificationsOf,
} from "./calendar-testing";

describe("calendar events: writing, answering, notifying", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let managerA1: Client;
  let managerA2: Client;
  let managerB1: Client;
  let headA: Client;
  let admin: Client;
  let record: { company: string; contact: string; deal: string };
  let foreign: { company: string; contact: string; deal: string };
  const day = dayFromToday(7);

  const audits = (eventId: string) =>
    rows<{ action: string; changes: { field: string; old: unknown; new: unknown }[] }>(
      context.handle.db,
      sql`select action, changes from audit_log where entity = 'event' and entity_id = ${eventId} order by id`,
    );

  async function crmRecords(client: Client, name: string) {
    const company = (await client.request("POST", "/api/v1/companies", { name: `Компания ${name}` })).json().id;
    const contact = (
      await client.request("POST", "/api/v1/contacts", { name: `Контакт ${name}`, companyId: company })
    ).json().id;
    const deal = (
      await client.request("POST", "/api/v1/deals", { title: `Сделка ${name}`, amount: 100, companyId: company })
    ).json().id;
    return { company, contact, deal };
  }

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [managerA1, managerA2, managerB1, headA, admin] = await loginEach(context.app, [
      "manager-a1",
      "manager-a2",
      "manager-b1",
      "head-a",
      "admin-user",
    ]);
    record = await crmRecords(managerA1, "А1");
    foreign = await crmRecords(managerB1, "Б1");
  });

  it("creates a meeting: the organizer attends (accepted), the invited are notified, the links are the organizer's records", async () => {
    const event = await createEventAs(
      managerA1,
      meeting("Встреча на заводе", almaty(day, "10:00"), 1.5, {
        description: "Обсудить поставку",
        location: "Караганда, ул. Ерубаева 1",
        videoUrl: "https://meet.example.kz/abc",
        attendeeIds: [fixture.managerA2.id, fixture.headA.id, fixture.managerA1.id, fixture.managerA2.id],
        contactIds: [record.contact],
        dealId: record.deal,
        companyId: record.company,
        contactId: record.contact,
        reminders: [60, 15, 60],
      }),
    );
    expect(event).toMatchObject({
      version: 1,
      calendar: "personal",
      group: null,
      title: "Встреча на заводе",
      allDay: false,
      startsAt: almaty(day, "10:00"),
      endsAt: almaty(day, "11:30"),
      startDate: null,
      timeZone: "Asia/Almaty",
      private: false,
      organizer: { id: fixture.managerA1.id, name: "Test manager-a1" },
      contacts: [{ id: record.contact, name: "Контакт А1" }],
      deal: { id: record.deal, name: "Сделка А1" },
      company: { id: record.company, name: "Компания А1" },
      contact: { id: record.contact, name: "Контакт А1" },
      recurrence: null,
      exceptions: [],
      reminders: [15, 60],
      myResponse: "accepted",
      abilities: { edit: true, delete: true, respond: false },
    });
    expect(event.attendees).toEqual([
      { userId: fixture.managerA1.id, name: "Test manager-a1", response: "accepted", comment: null, organizer: true },
      { userId: fixture.headA.id, name: "Test head-a", response: "pending", comment: null, organizer: false },
      { userId: fixture.managerA2.id, name: "Test manager-a2", response: "pending", comment: null, organizer: false },
    ]);
    for (const invited of [fixture.managerA2.id, fixture.headA.id]) {
      expect(await notificationsOf(context.handle.db, invited)).toEqual([
        expect.objectContaining({
          kind: "event_invitation",
          title: "Встреча на заводе",
          link: `/calendar?event=${event.id}`,
          actorId: fixture.managerA1.id,
        }),
      ]);
    }
    expect(await notificationsOf(context.handle.db, fixture.managerA1.id)).toEqual([]);
    expect((await audits(event.id)).map((entry) => entry.action)).toEqual(["create"]);

    // The invited see it whole and may answer; they see neither the organizer's reminders nor records they may not read.
    const seenByA2 = (await managerA2.request("GET", `/api/v1/events/${event.id}`)).json() as CalendarEvent;
    expect(seenByA2).toMatchObject({
      title: "Встреча на заводе",
      myResponse: "pending",
      reminders: [],
      abilities: { edit: false, delete: false, respond: true },
      deal: null,
      company: null,
      contact: null,
      contacts: [],
    });
    // Their head reads A1's records, so the links show for them.
    expect((await headA.request("GET", `/api/v1/events/${event.id}`)).json().deal).toEqual({
      id: record.deal,
      name: "Сделка А1",
    });
  });

  it("creates all-day events in the company zone by default, and keeps a recurrence with its exceptions", async () => {
    const allDay = await createEventAs(managerA1, {
      title: "Выставка",
      allDay: true,
      startDate: day,
      endDate: dayFromToday(9),
      startsAt: almaty(day, "10:00"),
    });
    expect(allDay).toMatchObject({
      allDay: true,
      startDate: day,
      endDate: dayFromToday(9),
      startsAt: null,
      endsAt: null,
    });
    const single = await createEventAs(managerA1, { title: "Отгул", allDay: true, startDate: day });
    expect(single).toMatchObject({ startDate: day, endDate: day });
    const weekly = await createEventAs(
      managerA1,
      meeting("Планерка", almaty(day, "09:00"), 1, {
        recurrence: "FREQ=WEEKLY;COUNT=10",
        exceptions: [dayFromToday(14), dayFromToday(14)],
        timeZone: "Asia/Almaty",
      }),
    );
    expect(weekly).toMatchObject({
      recurrence: "FREQ=WEEKLY;COUNT=10",
      exceptions: [dayFromToday(14)],
      recurrenceCut: false,
    });
    const endless = await createEventAs(
      managerA1,
      meeting("Каждый день", almaty(day, "08:00"), 0.25, { recurrence: "FREQ=DAILY" }),
    );
    expect(endless.recurrenceCut).toBe(true);
  });

  it("refuses bad timing, people, records and groups naming the field, and writes nothing", async () => {
    const inactive = await createUser(context.handle.db, { unitId: fixture.departmentA, active: false });
    const closed = (
      await managerB1.request("POST", "/api/v1/groups", { name: "Закрытая Б", visibility: "closed", memberIds: [] })
    ).json().id;
    const open = (await managerB1.request("POST", "/api/v1/groups", { name: "Открытая Б", visibility: "open" })).json()
      .id;
    const start = almaty(day, "10:00");
    const before = await calendarState(context.handle.db);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ title: "x", startsAt: start, endsAt: start }, 422, "endsAt"],
      [{ title: "x", startsAt: start, endsAt: almaty(day, "09:00") }, 422, "endsAt"],
      [{ title: "x", startsAt: start }, 422, "endsAt"],
      [{ title: "x", endsAt: start }, 422, "startsAt"],
      [{ title: "x", allDay: true, startDate: dayFromToday(9), endDate: day }, 422, "endDate"],
      [{ title: "x", allDay: true, endDate: day }, 422, "startDate"],
      [meeting("x", start, 1, { recurrence: "FREQ=DAILY;BYHOUR=5" }), 400, "recurrence"],
      [meeting("x", start, 1, { recurrence: "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30" }), 400, "recurrence"],
      [meeting("x", start, 1, { recurrence: "RRULE:FREQ=DAILY" }), 400, "body.recurrence"],
      [meeting("x", start, 1, { recurrence: "FREQ=DAILY;COUNT=1", exceptions: [day] }), 422, "exceptions"],
      [meeting("x", start, 1, { timeZone: "Mars/Olympus" }), 400, "body.timeZone"],
      [meeting("x", start, 1, { videoUrl: "javascript:alert(1)" }), 400, "body.videoUrl"],
      [meeting("", start), 400, "body.title"],
      [meeting("x", start, 1, { attendeeIds: [inactive.id] }), 422, "attendeeIds"],
      [meeting("x", start, 1, { attendeeIds: ["00000000-0000-4000-8000-000000000000"] }), 422, "attendeeIds"],
      [meeting("x", start, 1, { contactIds: [foreign.contact] }), 404, "contactIds"],
      [meeting("x", start, 1, { dealId: foreign.deal }), 404, "dealId"],
      [meeting("x", start, 1, { companyId: foreign.company }), 404, "companyId"],
      [meeting("x", start, 1, { contactId: foreign.contact }), 404, "contactId"],
      [meeting("x", start, 1, { calendar: "group" }), 422, "groupId"],
      [meeting("x", start, 1, { calendar: "group", groupId: closed }), 404, "groupId"],
      [meeting("x", start, 1, { calendar: "group", groupId: open }), 422, "groupId"],
      [meeting("x", start, 1, { groupId: open }), 422, "groupId"],
      [meeting("x", start, 1, { organizerId: fixture.managerB1.id }), 400, "body"],
    ];
    for (const [body, status, path] of cases) {
      const response = await managerA1.request("POST", "/api/v1/events", body);
      expect(response.statusCode, `${JSON.stringify(body)}: ${response.body}`).toBe(status);
      expect(errorPaths(response).some((named) => named === path || named.startsWith(`${path}`))).toBe(true);
    }
    const huge = await managerA1.request("POST", "/api/v1/events", meeting("x".repeat(1_100_000), start));
    expect(huge.statusCode).toBe(413);
    expect(await calendarState(context.handle.db)).toEqual(before);
  });

  it("changes an event with its version: 409 when stale, the attendees told of a new time, newcomers invited", async () => {
    const event = await createEventAs(
      managerA1,
      meeting("Созвон", almaty(day, "14:00"), 1, { attendeeIds: [fixture.managerA2.id] }),
    );
    const url = `/api/v1/events/${event.id}`;
    const renamed = await managerA1.request("PATCH", url, { version: 1, title: "Созвон с клиентом" });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ version: 2, title: "Созвон с клиентом", startsAt: almaty(day, "14:00") });
    expect(renamed.json().attendees).toHaveLength(2);
    const kindsOf = async (userId: string) =>
      (await notificationsOf(context.handle.db, userId))
        .filter((notice) => notice.link === `/calendar?event=${event.id}`)
        .map((notice) => notice.kind);
    // A new title is not a new time or place.
    expect(await kindsOf(fixture.managerA2.id)).toEqual(["event_invitation"]);

    const before = await calendarState(context.handle.db);
    const stale = await managerA1.request("PATCH", url, { version: 1, title: "Устаревшее" });
    expect(stale.statusCode).toBe(409);
    expect(await calendarState(context.handle.db)).toEqual(before);

    const moved = await managerA1.request("PATCH", url, {
      version: 2,
      startsAt: almaty(day, "15:00"),
      endsAt: almaty(day, "16:00"),
      location: "Офис",
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await kindsOf(fixture.managerA2.id)).toEqual(["event_invitation", "event_changed"]);

    const invited = await managerA1.request("PATCH", url, { version: 3, attendeeIds: [fixture.headA.id] });
    expect(invited.json().attendees.map((attendee: { userId: string }) => attendee.userId)).toEqual([
      fixture.managerA1.id,
      fixture.headA.id,
    ]);
    expect(await kindsOf(fixture.headA.id)).toEqual(["event_invitation"]);
    expect(await kindsOf(fixture.managerA2.id)).toEqual(["event_invitation", "event_changed"]);
    // The removed attendee no longer sees it; the head sees it but does not change it.
    expect((await managerA2.request("GET", url)).statusCode).toBe(404);
    expect((await headA.request("PATCH", url, { version: 4, title: "Чужое" })).statusCode).toBe(403);
    expect((await headA.request("DELETE", url)).statusCode).toBe(403);

    // An administrator may; a bad end leaves everything as it was.
    const byAdmin = await admin.request("PATCH", url, { version: 4, description: "Повестка" });
    expect(byAdmin.statusCode, byAdmin.body).toBe(200);
    const unchanged = await calendarState(context.handle.db);
    // Making it private would hide it from the administrator: the organizer's call alone.
    expect((await admin.request("PATCH", url, { version: 5, private: true })).statusCode).toBe(403);
    const backwards = await managerA1.request("PATCH", url, { version: 5, endsAt: almaty(day, "14:00") });
    expect([backwards.statusCode, errorPaths(backwards)]).toEqual([422, ["endsAt"]]);
    const foreignDeal = await managerA1.request("PATCH", url, { version: 5, dealId: foreign.deal });
    expect([foreignDeal.statusCode, errorPaths(foreignDeal)]).toEqual([404, ["dealId"]]);
    expect(await calendarState(context.handle.db)).toEqual(unchanged);

    // Turning it into an all-day event keeps its day.
    const allDay = await managerA1.request("PATCH", url, { version: 5, allDay: true });
    expect(allDay.json()).toMatchObject({ allDay: true, startDate: day, endDate: day, startsAt: null, version: 6 });
    const history = await audits(event.id);
    expect(history.map((entry) => entry.action)).toEqual(["create", "update", "update", "update", "update", "update"]);
    expect(history[2]!.changes).toEqual(
      expect.arrayContaining([
        { field: "location", old: null, new: "Офис" },
        { field: "startsAt", old: almaty(day, "14:00"), new: almaty(day, "15:00") },
      ]),
    );
  });

  it("lets the invited answer with a comment, tells the organizer, and shows the answers", async () => {
    const event = await createEventAs(
      managerA1,
      meeting("Демонстрация", almaty(day, "11:00"), 1, { attendeeIds: [fixture.managerA2.id, fixture.headA.id] }),
    );
    const url = `/api/v1/events/${event.id}/response`;
    const accepted = await managerA2.request("POST", url, { response: "accepted", comment: "Буду с образцами" });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().myResponse).toBe("accepted");
    await headA.request("POST", url, { response: "maybe" });
    const declined = await headA.request("POST", url, { response: "declined", comment: "Командировка" });
    expect(declined.json().version).toBe(1);

    const detail = (await managerA1.request("GET", `/api/v1/events/${event.id}`)).json() as CalendarEvent;
    expect(detail.attendees.map(({ userId, response, comment }) => ({ userId, response, comment }))).toEqual([
      { userId: fixture.managerA1.id, response: "accepted", comment: null },
      { userId: fixture.headA.id, response: "declined", comment: "Командировка" },
      { userId: fixture.managerA2.id, response: "accepted", comment: "Буду с образцами" },
    ]);
    const toOrganizer = (await notificationsOf(context.handle.db, fixture.managerA1.id)).filter(
      (notice) => notice.link === `/calendar?event=${event.id}`,
    );
    expect(toOrganizer.map((notice) => [notice.kind, notice.body])).toEqual([
      ["event_response", "Test manager-a2 примет участие: Буду с образцами"],
      ["event_response", "Test head-a возможно, придёт"],
      ["event_response", "Test head-a отказывается: Командировка"],
    ]);

    // The organizer does not answer their own meeting; someone not invited who sees it may not either.
    expect((await managerA1.request("POST", url, { response: "declined" })).statusCode).toBe(403);
    const regionHead = (await loginEach(context.app, ["region-head"]))[0];
    expect((await regionHead.request("GET", `/api/v1/events/${event.id}`)).statusCode).toBe(200);
    expect((await regionHead.request("POST", url, { response: "accepted" })).statusCode).toBe(403);
    expect((await managerB1.request("POST", url, { response: "accepted" })).statusCode).toBe(404);
    expect((await managerA2.request("POST", url, { response: "unsure" })).statusCode).toBe(400);
    expect((await managerA2.request("POST", url, { response: "accepted", comment: "x".repeat(1001) })).statusCode).toBe(
      400,
    );
  });

  it("deletes an event for the organizer only; afterwards it is gone for everyone, and the attendees are told", async () => {
    const event = await createEventAs(
      managerA1,
      meeting("Отменится", almaty(day, "16:00"), 1, { attendeeIds: [fixture.managerA2.id, fixture.headA.id] }),
    );
    const url = `/api/v1/events/${event.id}`;
    expect((await headA.request("POST", `${url}/response`, { response: "declined" })).statusCode).toBe(200);
    expect((await managerA2.request("DELETE", url)).statusCode).toBe(403);
    expect((await managerB1.request("DELETE", url)).statusCode).toBe(404);
    expect((await managerA1.request("DELETE", url)).statusCode).toBe(204);
    for (const client of [managerA1, managerA2, headA, admin])
      expect((await client.request("GET", url)).statusCode).toBe(404);
    expect((await managerA1.request("PATCH", url, { version: 2, title: "x" })).statusCode).toBe(404);
    expect((await managerA1.request("DELETE", url)).statusCode).toBe(404);
    expect((await audits(event.id)).map((entry) => entry.action)).toEqual(["create", "respond", "delete"]);
    const cancelled = (userId: string) =>
      notificationsOf(context.handle.db, userId).then((found) =>
        found.filter((notice) => notice.kind === "event_cancelled" && notice.title === "Отменится"),
      );
    const [notice] = await cancelled(fixture.managerA2.id);
    expect(notice?.body).toContain("отменяет");
    expect(notice?.link).toBeNull();
    // Who declined, and the organizer who deleted it, hear nothing.
    expect(await cancelled(fixture.headA.id)).toEqual([]);
    expect(await cancelled(fixture.managerA1.id)).toEqual([]);
  });

  it("shows the event on the timelines of its deal, company and contact", async () => {
    const event = await createEventAs(
      managerA1,
      meeting("Переговоры", almaty(day, "12:00"), 1, { dealId: record.deal, contactIds: [record.contact] }),
    );
    for (const [collection, id] of [
      ["deals", record.deal],
      ["companies", record.company],
      ["contacts", record.contact],
    ]) {
      const items = (await managerA1.request("GET", `/api/v1/${collection}/${id}/timeline`)).json().items;
      expect(
        items.find((item: { id: string }) => item.id === `event:${event.id}`),
        collection,
      ).toMatchObject({
        kind: "event",
        at: almaty(day, "12:00"),
        title: "Переговоры",
        authorId: fixture.managerA1.id,
        event: {
          id: event.id,
          allDay: false,
          start: almaty(day, "12:00"),
          end: almaty(day, "13:00"),
          recurring: false,
        },
      });
    }
  });

  it("lets everyone taking part set their own reminders, and nobody else", async () => {
    const event = await createEventAs(
      managerA1,
      meeting("С напоминаниями", almaty(day, "17:00"), 1, { attendeeIds: [fixture.managerA2.id], reminders: [60] }),
    );
    const url = `/api/v1/events/${event.id}/reminders`;
    const set = await managerA2.request("PUT", url, { minutes: [30, 5, 30] });
    expect(set.statusCode, set.body).toBe(200);
    expect((set.json() as CalendarEvent).reminders).toEqual([5, 30]);
    expect(((await managerA1.request("GET", `/api/v1/events/${event.id}`)).json() as CalendarEvent).reminders).toEqual([
      60,
    ]);
    expect((await managerB1.request("PUT", url, { minutes: [5] })).statusCode).toBe(404);
    // The head sees the meeting through their department but does not take part in it.
    expect((await headA.request("PUT", url, { minutes: [5] })).statusCode).toBe(403);
    const bad = await managerA2.request("PUT", url, { minutes: [-5] });
    expect(bad.statusCode).toBe(400);
    expect(errorPaths(bad)[0]).toMatch(/^body\.minutes/);
    expect(((await managerA2.request("GET", `/api/v1/events/${event.id}`)).json() as CalendarEvent).reminders).toEqual([
      5, 30,
    ]);
  });
});
