import type { CalendarEntry } from "@planerka/common";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { almaty, calendarState, createEventAs, dayFromToday, meeting, rangeAs } from "./calendar-testing";

describe("who sees a calendar event", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let managerA1: Client;
  let managerA2: Client;
  let managerB1: Client;
  let headA: Client;
  let headB: Client;
  let regionHead: Client;
  let top: Client;
  let admin: Client;
  let personal: string;
  let privateEvent: string;
  let dealId: string;
  const day = dayFromToday(10);
  const range = `from=${day}&to=${day}`;

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [managerA1, managerA2, managerB1, headA, headB, regionHead, top, admin] = await loginEach(context.app, [
      "manager-a1",
      "manager-a2",
      "manager-b1",
      "head-a",
      "head-b",
      "region-head",
      "top-user",
      "admin-user",
    ]);
    dealId = (await managerA1.request("POST", "/api/v1/deals", { title: "Сделка А1", amount: 10 })).json().id;
    personal = (
      await createEventAs(
        managerA1,
        meeting("Встреча СЕКРЕТ-1", almaty(day, "10:00"), 1, { location: "Место СЕКРЕТ-1", dealId }),
      )
    ).id;
    privateEvent = (
      await createEventAs(
        managerA1,
        meeting("Личное СЕКРЕТ-2", almaty(day, "14:00"), 2, {
          private: true,
          location: "Клиника СЕКРЕТ-2",
          description: "СЕКРЕТ-2",
          attendeeIds: [fixture.managerB1.id],
          dealId,
        }),
      )
    ).id;
  });

  const secretsIn = (body: string) =>
    ["СЕКРЕТ-1", "СЕКРЕТ-2", personal, privateEvent].filter((secret) => body.includes(secret));
  const privateSecretsIn = (body: string) => ["СЕКРЕТ-2", privateEvent].filter((secret) => body.includes(secret));
  const personalSecretsIn = (body: string) => ["СЕКРЕТ-1", personal].filter((secret) => body.includes(secret));

  it("answers 404 to another manager on every route of someone's personal event, and changes nothing", async () => {
    const before = await calendarState(context.handle.db);
    for (const outsider of [managerA2, headB]) {
      for (const eventId of [personal, privateEvent]) {
        const url = `/api/v1/events/${eventId}`;
        const attempts = [
          await outsider.request("GET", url),
          await outsider.request("POST", `${url}/response`, { response: "accepted" }),
          await outsider.request("PATCH", url, { version: 1, title: "Чужое" }),
          await outsider.request("DELETE", url),
        ];
        for (const [index, response] of attempts.entries()) {
          expect(response.statusCode, `attempt ${index}`).toBe(404);
          expect(secretsIn(response.body)).toEqual([]);
        }
      }
    }
    expect(await calendarState(context.handle.db)).toEqual(before);
  });

  it("shows a non-private meeting to the organizer's heads, tops and admins as they see activities", async () => {
    for (const reader of [managerA1, headA, regionHead, top, admin]) {
      const response = await reader.request("GET", `/api/v1/events/${personal}`);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().title).toBe("Встреча СЕКРЕТ-1");
      const mine = reader === managerA1;
      expect(response.json().abilities).toEqual({
        edit: mine || reader === admin,
        delete: mine || reader === admin,
        respond: false,
      });
      const entries = await rangeAs(reader, `${range}&userIds=${fixture.managerA1.id}`);
      expect(entries.find((entry) => entry.id === personal)).toMatchObject({
        kind: "event",
        busyOnly: false,
        title: "Встреча СЕКРЕТ-1",
        location: "Место СЕКРЕТ-1",
        start: almaty(day, "10:00"),
        end: almaty(day, "11:00"),
        userId: fixture.managerA1.id,
        calendar: "personal",
        editable: mine || reader === admin,
      });
    }
  });

  it("keeps a private event to its organizer and attendees: others get 404 and, in ranges and busy time, «занят» only", async () => {
    for (const insider of [managerA1, managerB1]) {
      expect((await insider.request("GET", `/api/v1/events/${privateEvent}`)).json().description).toBe("СЕКРЕТ-2");
    }
    for (const other of [headA, regionHead, top, admin, managerA2]) {
      const detail = await other.request("GET", `/api/v1/events/${privateEvent}`);
      expect(detail.statusCode).toBe(404);
      const entries = await rangeAs(other, `${range}&userIds=${fixture.managerA1.id},${fixture.managerB1.id}`);
      const busy = entries.filter((entry) => entry.start === almaty(day, "14:00"));
      // One «занят» in each of the two calendars, with no title, place or id.
      expect(busy).toHaveLength(2);
      for (const entry of busy) {
        expect(entry).toMatchObject({ busyOnly: true, title: "", location: null, calendar: null, recurring: false });
        expect(entry.end).toBe(almaty(day, "16:00"));
      }
      const rangeBody = JSON.stringify(entries);
      expect(privateSecretsIn(rangeBody)).toEqual([]);
      const busyTimes = await other.request(
        "GET",
        `/api/v1/calendar/busy?userIds=${fixture.managerA1.id},${fixture.managerB1.id}&from=${day}&to=${day}`,
      );
      expect(busyTimes.statusCode, busyTimes.body).toBe(200);
      expect(secretsIn(busyTimes.body)).toEqual([]);
      expect(busyTimes.json().people[1].busy).toEqual([
        { start: almaty(day, "14:00"), end: almaty(day, "16:00"), kind: "event" },
      ]);
    }
  });

  it("gives a manager outside the scope neither title nor id of the colleague's events in range and busy reads", async () => {
    for (const outsider of [managerA2, headB, managerB1]) {
      const entries = await rangeAs(outsider, `${range}&userIds=${fixture.managerA1.id}`);
      const body = JSON.stringify(entries);
      expect(outsider === managerB1 ? personalSecretsIn(body) : secretsIn(body)).toEqual([]);
      const ofA1 = entries.filter((entry) => entry.userId === fixture.managerA1.id);
      // Both of A1's events show as busy time (B1 attends the private one and sees it whole).
      expect(ofA1.map((entry) => entry.busyOnly)).toEqual(outsider === managerB1 ? [true, false] : [true, true]);
      const busy = await outsider.request(
        "GET",
        `/api/v1/calendar/busy?userIds=${fixture.managerA1.id}&from=${day}&to=${day}`,
      );
      expect(secretsIn(busy.body)).toEqual([]);
      expect(busy.json().people[0].busy).toHaveLength(2);
    }
  });

  it("puts a private event on a deal's timeline only for those who see it", async () => {
    const ids = async (client: Client) =>
      (await client.request("GET", `/api/v1/deals/${dealId}/timeline`))
        .json()
        .items.map((item: { id: string }) => item.id);
    expect(await ids(managerA1)).toEqual(expect.arrayContaining([`event:${personal}`, `event:${privateEvent}`]));
    const byHead = await ids(headA);
    expect(byHead).toContain(`event:${personal}`);
    expect(byHead).not.toContain(`event:${privateEvent}`);
  });

  it("shows a group's event to the group's members (and those above the organizer), nobody else", async () => {
    const group = (
      await managerA1.request("POST", "/api/v1/groups", {
        name: "Проект",
        visibility: "closed",
        memberIds: [fixture.managerB1.id],
      })
    ).json().id;
    const event = await createEventAs(
      managerA1,
      meeting("Совещание проекта", almaty(day, "17:00"), 1, { calendar: "group", groupId: group }),
    );
    expect(event.group).toEqual({ id: group, name: "Проект" });
    const groupMember = await managerB1.request("GET", `/api/v1/events/${event.id}`);
    expect(groupMember.statusCode).toBe(200);
    expect(groupMember.json().group).toEqual({ id: group, name: "Проект" });
    // A1's head sees their people's meetings, but not the closed group's name.
    const head = await headA.request("GET", `/api/v1/events/${event.id}`);
    expect([head.statusCode, head.json().group]).toEqual([200, null]);
    for (const outsider of [managerA2, headB]) {
      expect((await outsider.request("GET", `/api/v1/events/${event.id}`)).statusCode).toBe(404);
    }
    // B1 leaves the group: the event is gone for them.
    expect(
      (await managerB1.request("DELETE", `/api/v1/groups/${group}/members/${fixture.managerB1.id}`)).statusCode,
    ).toBe(204);
    expect((await managerB1.request("GET", `/api/v1/events/${event.id}`)).statusCode).toBe(404);
  });

  it("shows the company's calendar to everyone, in every calendar unless company=false", async () => {
    const event = await createEventAs(
      top,
      meeting("Общее собрание", almaty(day, "18:00"), 1, { calendar: "company", attendeeIds: [fixture.managerA2.id] }),
    );
    for (const reader of [managerA2, managerB1, headB]) {
      expect((await reader.request("GET", `/api/v1/events/${event.id}`)).statusCode).toBe(200);
    }
    const entries = await rangeAs(managerB1, `${range}&userIds=${fixture.managerB1.id},${fixture.managerA2.id}`);
    const company = entries.filter((entry: CalendarEntry) => entry.id === event.id);
    expect(company.map((entry) => [entry.userId, entry.calendar, entry.busyOnly])).toEqual(
      [fixture.managerA2.id, fixture.managerB1.id].sort().map((userId) => [userId, "company", false]),
    );
    // Declining takes it out of the decliner's calendar; company=false leaves it to those invited.
    await managerA2.request("POST", `/api/v1/events/${event.id}/response`, { response: "declined" });
    const afterDecline = await rangeAs(managerB1, `${range}&userIds=${fixture.managerB1.id},${fixture.managerA2.id}`);
    expect(afterDecline.filter((entry) => entry.id === event.id).map((entry) => entry.userId)).toEqual([
      fixture.managerB1.id,
    ]);
    const withoutCompany = await rangeAs(managerB1, `${range}&company=false`);
    expect(withoutCompany.filter((entry) => entry.id === event.id)).toEqual([]);
  });
});
