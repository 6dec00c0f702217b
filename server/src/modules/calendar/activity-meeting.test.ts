import type { CalendarEvent, TimelineItem } from "@planerka/common";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { almaty, calendarState, dayFromToday, errorPaths, notificationsOf, rangeAs } from "./calendar-testing";

/** A CRM «Встреча» with participants is a calendar event with invitations that follows the activity. */
describe("CRM meetings with participants", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let managerA1: Client;
  let managerA2: Client;
  let managerB1: Client;
  let headA: Client;
  let admin: Client;
  let meetingType: string;
  let callType: string;
  let dealId: string;
  const day = dayFromToday(4);

  const linkedEventId = async (activityId: string) =>
    (
      await rows<{ id: string; deleted: boolean }>(
        context.handle.db,
        sql`select id, deleted_at is not null as deleted from calendar_events where activity_id = ${activityId}`,
      )
    )[0];

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [managerA1, managerA2, managerB1, headA, admin] = await loginEach(context.app, [
      "manager-a1",
      "manager-a2",
      "manager-b1",
      "head-a",
      "admin-user",
    ]);
    const types = (await managerA1.request("GET", "/api/v1/activity-types")).json().items as {
      id: string;
      category: string;
    }[];
    meetingType = types.find((type) => type.category === "meeting")!.id;
    callType = types.find((type) => type.category === "call")!.id;
    const company = (await managerA1.request("POST", "/api/v1/companies", { name: "ТОО Сварка" })).json().id;
    dealId = (
      await managerA1.request("POST", "/api/v1/deals", { title: "Инверторы", amount: 500, companyId: company })
    ).json().id;
  });

  it("invites the participants, stands in the calendar once, and shows on the deal's timeline", async () => {
    const created = await managerA1.request("POST", "/api/v1/activities", {
      typeId: meetingType,
      subject: "Презентация оборудования",
      dueAt: almaty(day, "11:00"),
      durationMinutes: 90,
      dealId,
      participantIds: [fixture.managerA2.id, fixture.headA.id],
    });
    expect(created.statusCode, created.body).toBe(201);
    const activityId = created.json().id as string;
    const linked = await linkedEventId(activityId);
    expect(linked?.deleted).toBe(false);

    const event = (await managerA2.request("GET", `/api/v1/events/${linked!.id}`)).json() as CalendarEvent;
    expect(event.title).toBe("Презентация оборудования");
    expect(event.startsAt).toBe(almaty(day, "11:00"));
    expect(event.endsAt).toBe(almaty(day, "12:30"));
    expect(event.attendees.map((attendee) => [attendee.userId, attendee.response]).sort()).toEqual(
      [
        [fixture.managerA1.id, "accepted"],
        [fixture.managerA2.id, "pending"],
        [fixture.headA.id, "pending"],
      ].sort(),
    );
    for (const userId of [fixture.managerA2.id, fixture.headA.id]) {
      const kinds = (await notificationsOf(context.handle.db, userId)).map((notice) => notice.kind);
      expect(kinds).toContain("event_invitation");
    }

    const mine = (await rangeAs(managerA1, `from=${day}&to=${day}`)).filter(
      (entry) => entry.title === "Презентация оборудования",
    );
    expect(mine.map((entry) => entry.kind)).toEqual(["event"]);
    const timeline = (await managerA1.request("GET", `/api/v1/deals/${dealId}/timeline`)).json() as {
      items: TimelineItem[];
    };
    expect(timeline.items.filter((item) => item.kind === "event").map((item) => item.event?.id)).toEqual([linked!.id]);
    expect((await managerB1.request("GET", `/api/v1/events/${linked!.id}`)).statusCode).toBe(404);

    expect(
      (await managerA2.request("POST", `/api/v1/events/${linked!.id}/response`, { response: "accepted" })).statusCode,
    ).toBe(200);

    // Moved with the activity: the attendees hear of the new time.
    const version = (await managerA1.request("GET", `/api/v1/activities/${activityId}`)).json().version;
    const moved = await managerA1.request("PATCH", `/api/v1/activities/${activityId}`, {
      version,
      dueAt: almaty(day, "15:00"),
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const after = (await managerA2.request("GET", `/api/v1/events/${linked!.id}`)).json() as CalendarEvent;
    expect([after.startsAt, after.endsAt]).toEqual([almaty(day, "15:00"), almaty(day, "16:30")]);
    expect((await notificationsOf(context.handle.db, fixture.managerA2.id)).map((notice) => notice.kind)).toContain(
      "event_changed",
    );

    // Deleted with the activity: those coming are told; restored, it is back.
    expect((await managerA1.request("DELETE", `/api/v1/activities/${activityId}`)).statusCode).toBe(204);
    expect((await managerA2.request("GET", `/api/v1/events/${linked!.id}`)).statusCode).toBe(404);
    expect((await notificationsOf(context.handle.db, fixture.managerA2.id)).map((notice) => notice.kind)).toContain(
      "event_cancelled",
    );
    expect((await admin.request("POST", `/api/v1/activities/${activityId}/restore`)).statusCode).toBeLessThan(300);
    expect((await managerA2.request("GET", `/api/v1/events/${linked!.id}`)).statusCode).toBe(200);
    expect(headA).toBeDefined();
  });

  it("refuses participants on a call or unknown people, naming the field, and stores nothing", async () => {
    const before = await calendarState(context.handle.db);
    const activities = async () =>
      (await rows<{ count: number }>(context.handle.db, sql`select count(*)::int as count from activities`))[0]!.count;
    const activityCount = await activities();
    const onCall = await managerA1.request("POST", "/api/v1/activities", {
      typeId: callType,
      subject: "Звонок",
      dueAt: almaty(day, "10:00"),
      participantIds: [fixture.managerA2.id],
    });
    expect(onCall.statusCode).toBe(422);
    expect(errorPaths(onCall)).toContain("participantIds");
    const unknown = await managerA1.request("POST", "/api/v1/activities", {
      typeId: meetingType,
      subject: "Встреча",
      dueAt: almaty(day, "10:00"),
      participantIds: ["00000000-0000-4000-8000-000000000000"],
    });
    expect(unknown.statusCode).toBe(422);
    expect(errorPaths(unknown)).toContain("participantIds");
    const patchNaming = await managerA1.request("POST", "/api/v1/activities", {
      typeId: meetingType,
      subject: "Без участников",
      dueAt: almaty(day, "10:00"),
    });
    expect(patchNaming.statusCode).toBe(201);
    const refusedPatch = await managerA1.request("PATCH", `/api/v1/activities/${patchNaming.json().id}`, {
      version: patchNaming.json().version,
      participantIds: [fixture.managerA2.id],
    });
    expect(refusedPatch.statusCode).toBe(400);
    expect(await activities()).toBe(activityCount + 1);
    const eventsOf = (state: Awaited<ReturnType<typeof calendarState>>) => (state[0] as { events: unknown }).events;
    expect(eventsOf(await calendarState(context.handle.db))).toEqual(eventsOf(before));
  });
});
