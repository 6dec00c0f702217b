import type { CalendarEntry } from "@planerka/common";
import { describe, expect, it } from "vitest";
import {
  entryTokens,
  fromWallClock,
  mergeEntries,
  movedEntry,
  movedTimes,
  rangeOf,
  shiftDate,
  toCalendarEvent,
  toneOf,
  toWallClock,
  wallPicker,
  wallToday,
} from "./calendar-entries";

const zone = "Asia/Almaty";
const me = "00000000-0000-4000-8000-000000000001";
const asel = "00000000-0000-4000-8000-000000000002";
const eventId = "00000000-0000-4000-8000-0000000000e1";

function entry(patch: Partial<CalendarEntry> = {}): CalendarEntry {
  return {
    key: `event:${eventId}:2026-12-09T05:00:00.000Z`,
    kind: "event",
    id: eventId,
    busyOnly: false,
    title: "Планёрка",
    allDay: false,
    // 10:00–11:00 in Almaty.
    start: "2026-12-09T05:00:00.000Z",
    end: "2026-12-09T06:00:00.000Z",
    userId: me,
    calendar: "personal",
    location: null,
    myResponse: "accepted",
    recurring: false,
    editable: true,
    ...patch,
  };
}

const options = { timeZone: zone, meId: me, busyTitle: "Занят" };

describe("instants as the viewer's wall clock", () => {
  it("writes an instant as the zone's clock and reads it back", () => {
    expect(toWallClock("2026-12-09T05:00:00.000Z", zone)).toBe("2026-12-09T10:00:00");
    // Before March 2024 Almaty was UTC+6.
    expect(toWallClock("2024-01-10T04:00:00Z", zone)).toBe("2024-01-10T10:00:00");
    expect(fromWallClock(new Date("2026-12-09T10:00:00Z"), zone)).toBe("2026-12-09T05:00:00.000Z");
    expect(toWallClock("2026-12-09T05:00:00Z", "Europe/Moscow")).toBe("2026-12-09T08:00:00");
  });

  it("knows the zone's today late in the evening", () => {
    // 20:30 UTC on the 9th is 01:30 on the 10th in Almaty.
    expect(wallToday(zone, new Date("2026-12-09T20:30:00Z"))).toBe("2026-12-10");
  });

  it("writes the component's date as a picker's text", () => {
    expect(wallPicker(new Date("2026-12-09T10:30:00Z"))).toBe("2026-12-09 10:30:00");
  });

  it("moves the shown day by a day, a week or a month", () => {
    expect(shiftDate("day", "2026-12-31", 1)).toBe("2027-01-01");
    expect(shiftDate("week", "2026-12-09", -1)).toBe("2026-12-02");
    expect(shiftDate("agenda", "2026-12-09", 1)).toBe("2026-12-16");
    expect(shiftDate("month", "2027-01-31", 1)).toBe("2027-02-01");
    expect(shiftDate("month", "2027-01-15", -1)).toBe("2026-12-01");
  });

  it("turns the component's visible range into the days to read", () => {
    expect(rangeOf(new Date("2026-12-07T00:00:00Z"), new Date("2026-12-14T00:00:00Z"))).toEqual({
      from: "2026-12-07",
      to: "2026-12-13",
    });
  });
});

describe("calendar entries as the component's events", () => {
  it("places a timed event on the wall clock, movable when the caller may edit it", () => {
    const event = toCalendarEvent({ ...entry(), people: [me] }, options);
    expect(event).toMatchObject({
      id: entry().key,
      title: "Планёрка",
      start: "2026-12-09T10:00:00",
      end: "2026-12-09T11:00:00",
      allDay: false,
      startEditable: true,
      durationEditable: true,
      backgroundColor: "var(--mantine-color-blue-filled)",
    });
    expect(event.extendedProps?.entry.id).toBe(eventId);
  });

  it("gives an all-day entry the day after its last day as the end", () => {
    const event = toCalendarEvent(
      { ...entry({ allDay: true, start: "2026-12-16", end: "2026-12-17" }), people: [me] },
      options,
    );
    expect(event).toMatchObject({ start: "2026-12-16", end: "2026-12-18", allDay: true });
  });

  it("colours by calendar, activity and task, and greys out «занят»", () => {
    expect(toneOf(entry())).toBe("personal");
    expect(toneOf(entry({ calendar: "company" }))).toBe("company");
    expect(toneOf(entry({ calendar: "group" }))).toBe("group");
    expect(toneOf(entry({ kind: "activity", calendar: null }))).toBe("activity");
    expect(toneOf(entry({ kind: "task", calendar: null }))).toBe("task");
    expect(toneOf(entry({ busyOnly: true, calendar: "company" }))).toBe("busy");
    const busy = toCalendarEvent({ ...entry({ busyOnly: true, title: "", editable: false }), people: [asel] }, options);
    expect(busy).toMatchObject({
      title: "Занят",
      editable: false,
      backgroundColor: "var(--mantine-color-gray-filled)",
    });
  });

  it("draws an invitation I have not answered pale and dashed, a declined one pale and crossed", () => {
    expect(entryTokens(entry({ myResponse: "pending" }))).toEqual(["entry", "tone-personal", "pending"]);
    expect(entryTokens(entry({ myResponse: "declined" }))).toEqual(["entry", "tone-personal", "declined"]);
    const pending = toCalendarEvent({ ...entry({ myResponse: "pending", editable: false }), people: [me] }, options);
    expect(pending.backgroundColor).toBe("var(--mantine-color-blue-light)");
    expect(pending.classNames).toContain("pending");
    const classOf = (token: string) => `css_${token}`;
    expect(toCalendarEvent({ ...entry(), people: [me] }, { ...options, classOf }).classNames).toEqual([
      "css_entry",
      "css_tone-personal",
    ]);
  });

  it("lets a recurring occurrence move on its own, but not a task's length or someone else's entry", () => {
    const recurring = toCalendarEvent({ ...entry({ recurring: true }), people: [me] }, options);
    expect(recurring).toMatchObject({ startEditable: true, durationEditable: true });
    const task = toCalendarEvent(
      {
        ...entry({ kind: "task", calendar: null, myResponse: null, end: "2026-12-09T05:00:00.000Z" }),
        people: [me],
      },
      options,
    );
    expect(task).toMatchObject({ startEditable: true, durationEditable: false });
    expect(task.end).toBeUndefined();
    const theirs = toCalendarEvent({ ...entry({ editable: false }), people: [asel] }, options);
    expect(theirs.editable).toBe(false);
  });

  it("names the colleague whose calendar an entry comes from", () => {
    const names = new Map([[asel, "Асель Ж."]]);
    const theirs = toCalendarEvent({ ...entry({ userId: asel }), people: [asel] }, { ...options, names });
    expect(theirs.title).toBe("Асель Ж.: Планёрка");
    const shared = toCalendarEvent({ ...entry(), people: [me, asel] }, { ...options, names });
    expect(shared.title).toBe("Планёрка");
  });
});

describe("one item per entry across several people's calendars", () => {
  it("keeps my copy and lists everyone who has it", () => {
    const theirs = entry({ userId: asel, myResponse: null, editable: false });
    const mine = entry({ myResponse: "pending", editable: false });
    const merged = mergeEntries([theirs, mine, entry({ key: "task:x", kind: "task", userId: asel })], me);
    expect(merged).toHaveLength(2);
    expect(merged[0]).toMatchObject({ userId: me, myResponse: "pending", people: [asel, me] });
  });

  it("prefers a whole copy to «занят»", () => {
    const busy = entry({ userId: asel, busyOnly: true, title: "" });
    const third = "00000000-0000-4000-8000-000000000003";
    const whole = entry({ userId: third, title: "Планёрка" });
    expect(mergeEntries([busy, whole], me)[0]).toMatchObject({ busyOnly: false, title: "Планёрка" });
  });
});

describe("a drop or a resize as the event's new times", () => {
  it("turns a timed drop into instants", () => {
    const moved = movedTimes(new Date("2026-12-10T14:30:00Z"), new Date("2026-12-10T15:00:00Z"), false, zone);
    expect(moved).toEqual({
      allDay: false,
      startsAt: "2026-12-10T09:30:00.000Z",
      endsAt: "2026-12-10T10:00:00.000Z",
      startDate: null,
      endDate: null,
    });
    expect(movedEntry(entry(), moved)).toMatchObject({ start: moved.startsAt, end: moved.endsAt, allDay: false });
  });

  it("keeps the length of a timed event dropped without an end", () => {
    const moved = movedTimes(new Date("2026-12-10T09:00:00Z"), null, false, zone, 30);
    expect(moved.endsAt).toBe("2026-12-10T04:30:00.000Z");
  });

  it("turns an all-day drop into days, the last one included", () => {
    const moved = movedTimes(new Date("2026-12-16T00:00:00Z"), new Date("2026-12-18T00:00:00Z"), true, zone);
    expect(moved).toEqual({
      allDay: true,
      startsAt: null,
      endsAt: null,
      startDate: "2026-12-16",
      endDate: "2026-12-17",
    });
    expect(movedTimes(new Date("2026-12-16T00:00:00Z"), null, true, zone).endDate).toBe("2026-12-16");
  });
});
