import { type CalendarEvent, eventPatchSchema, eventWriteSchema } from "@planerka/common";
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";
import { describe, expect, it } from "vitest";
import {
  inputOf,
  meetingMinutes,
  nextHalfHourOf,
  patchOf,
  pickerPlus,
  timeProblem,
  valuesOf,
  withSlot,
} from "./event-form-values";

dayjs.extend(utc);
dayjs.extend(timezone);

const zone = "Asia/Almaty";
const me = { id: "00000000-0000-4000-8000-000000000001", name: "Абаев Марат" };
const asel = { id: "00000000-0000-4000-8000-000000000002", name: "Жанова Асель" };
const dana = { id: "00000000-0000-4000-8000-000000000003", name: "Ким Дана" };

function event(patch: Partial<CalendarEvent> = {}): CalendarEvent {
  return {
    id: "00000000-0000-4000-8000-0000000000e1",
    version: 3,
    calendar: "personal",
    group: null,
    title: "Планёрка",
    description: null,
    location: "Переговорная",
    videoUrl: null,
    allDay: false,
    // 10:00–11:00 on Wednesday 9 December in Almaty.
    startsAt: "2026-12-09T05:00:00.000Z",
    endsAt: "2026-12-09T06:00:00.000Z",
    startDate: null,
    endDate: null,
    timeZone: zone,
    private: false,
    organizer: me,
    attendees: [
      { userId: me.id, name: me.name, response: "accepted", comment: null, organizer: true },
      { userId: asel.id, name: asel.name, response: "pending", comment: null, organizer: false },
    ],
    contacts: [],
    deal: null,
    company: null,
    contact: null,
    recurrence: "FREQ=WEEKLY;BYDAY=WE",
    exceptions: [],
    reminders: [10],
    myResponse: "accepted",
    abilities: { edit: true, delete: true, respond: false },
    createdAt: "2026-12-01T00:00:00.000Z",
    updatedAt: "2026-12-01T00:00:00.000Z",
    ...patch,
  };
}

describe("the event form's times", () => {
  it("proposes the next half hour for an hour", () => {
    expect(nextHalfHourOf("2026-12-09 10:07:12")).toBe("2026-12-09 10:30:00");
    expect(nextHalfHourOf("2026-12-09 23:45:00")).toBe("2026-12-10 00:00:00");
    const values = valuesOf(undefined, undefined, zone, "2026-12-09 10:07:00");
    expect(values).toMatchObject({ start: "2026-12-09 10:30:00", end: "2026-12-09 11:30:00", allDay: false });
    expect(pickerPlus("2026-12-09 10:00:00", 90)).toBe("2026-12-09 11:30:00");
  });

  it("takes a clicked slot as given", () => {
    const values = valuesOf(
      undefined,
      { start: "2026-12-10 14:00:00", end: "2026-12-10 14:30:00", attendees: [asel] },
      zone,
      "2026-12-09 10:00:00",
    );
    expect(values).toMatchObject({ start: "2026-12-10 14:00:00", end: "2026-12-10 14:30:00", attendees: [asel] });
    expect(meetingMinutes(values)).toBe(30);
  });

  it("refuses an end before the start", () => {
    const values = valuesOf(undefined, undefined, zone, "2026-12-09 10:00:00");
    expect(timeProblem(values)).toBeNull();
    expect(timeProblem({ ...values, end: values.start })).toBe("endBeforeStart");
    const allDay = { ...values, allDay: true, start: "2026-12-10 09:00:00", end: "2026-12-10 08:00:00" };
    expect(timeProblem(allDay)).toBeNull();
    expect(timeProblem({ ...allDay, end: "2026-12-09 10:00:00" })).toBe("endBeforeStart");
  });

  it("moves the times to a free slot", () => {
    const values = valuesOf(undefined, undefined, zone, "2026-12-09 10:00:00");
    const slot = { start: "2026-12-10T09:00:00.000Z", end: "2026-12-10T10:00:00.000Z" };
    expect(withSlot(values, slot, zone)).toMatchObject({ start: "2026-12-10 14:00:00", end: "2026-12-10 15:00:00" });
  });
});

describe("the event form's values as the API's body", () => {
  it("writes a timed meeting as instants, valid for the shared schema", () => {
    const values = {
      ...valuesOf(undefined, { start: "2026-12-10 14:00:00", end: "2026-12-10 15:00:00" }, zone, ""),
      title: "  Встреча с клиентом ",
      attendees: [dana, asel],
      repeat: { choice: "weekly" as const, until: "2027-01-31", rule: null },
      reminders: ["60", "10"],
      videoUrl: "https://meet.example.kz/abc",
    };
    const input = inputOf(values, zone);
    expect(input).toMatchObject({
      title: "Встреча с клиентом",
      allDay: false,
      startsAt: "2026-12-10T09:00:00.000Z",
      endsAt: "2026-12-10T10:00:00.000Z",
      startDate: null,
      endDate: null,
      attendeeIds: [asel.id, dana.id],
      recurrence: "FREQ=WEEKLY;BYDAY=TH;UNTIL=20270131T185959Z",
      reminders: [10, 60],
      location: null,
      groupId: null,
    });
    expect(eventWriteSchema.safeParse(input).success).toBe(true);
  });

  it("writes an all-day event as days, the last included", () => {
    const values = {
      ...valuesOf(undefined, { allDay: true, start: "2026-12-16 09:00:00", end: "2026-12-17 10:00:00" }, zone, ""),
      title: "День Независимости",
      calendar: "company" as const,
    };
    const input = inputOf(values, zone);
    expect(input).toMatchObject({
      allDay: true,
      startsAt: null,
      endsAt: null,
      startDate: "2026-12-16",
      endDate: "2026-12-17",
    });
    expect(eventWriteSchema.safeParse(input).success).toBe(true);
  });

  it("loads an event into the form and back unchanged", () => {
    const values = valuesOf(event(), undefined, zone, "");
    expect(values).toMatchObject({
      start: "2026-12-09 10:00:00",
      end: "2026-12-09 11:00:00",
      attendees: [asel],
      repeat: { choice: "weekly", until: null },
      reminders: ["10"],
    });
    expect(patchOf(event(), values, zone)).toEqual({});
  });

  it("patches only what changed, both ends of a moved time together", () => {
    const values = valuesOf(event(), undefined, zone, "");
    const later = { ...values, end: "2026-12-09 11:30:00", attendees: [asel, dana] };
    const patch = patchOf(event(), later, zone);
    expect(patch).toEqual({
      startsAt: "2026-12-09T05:00:00.000Z",
      endsAt: "2026-12-09T06:30:00.000Z",
      allDay: false,
      attendeeIds: [asel.id, dana.id],
    });
    expect(eventPatchSchema.safeParse({ ...patch, version: 3 }).success).toBe(true);
    expect(patchOf(event(), { ...values, title: "Итоги недели" }, zone)).toEqual({ title: "Итоги недели" });
  });

  it("sends the client's contacts taking part, and patches them only when they change", () => {
    const client = { id: "00000000-0000-4000-8000-0000000000c1", name: "Ержан Садыков" };
    const values = valuesOf(event(), undefined, zone, "");
    expect(values.contacts).toEqual(event().contacts);
    const patch = patchOf(event(), { ...values, contacts: [...values.contacts, client] }, zone);
    expect(patch).toEqual({ contactIds: [...event().contacts.map((contact) => contact.id), client.id].sort() });
    expect(eventPatchSchema.safeParse({ ...patch, version: 3 }).success).toBe(true);
  });

  it("switches a timed event to all day", () => {
    const values = valuesOf(event({ recurrence: null }), undefined, zone, "");
    expect(patchOf(event({ recurrence: null }), { ...values, allDay: true }, zone)).toEqual({
      allDay: true,
      startsAt: null,
      endsAt: null,
      startDate: "2026-12-09",
      endDate: "2026-12-09",
    });
  });

  it("keeps a group only in a group's calendar", () => {
    const values = { ...valuesOf(undefined, undefined, zone, "2026-12-09 10:00:00"), title: "x" };
    expect(inputOf({ ...values, calendar: "personal", groupId: "g" }, zone).groupId).toBeNull();
    expect(inputOf({ ...values, calendar: "group", groupId: "g" }, zone).groupId).toBe("g");
  });
});
