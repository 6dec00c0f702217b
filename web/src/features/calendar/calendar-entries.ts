import type { EventInput } from "@fullcalendar/core";
import { addDays, type CalendarEntry, dayInTimeZone, instantInZone, timeZoneOffsetMinutes } from "@planerka/common";

/**
 * What the calendar component draws, from the API's entries. The component runs in UTC and is
 * given each instant as the viewer's wall clock (`me.timeZone`) written as if it were UTC, so a
 * 10:00 meeting in Almaty stands at 10:00 whatever the browser's zone; a drop or a resize comes
 * back the same way and is turned into instants with `fromWallClock`.
 */

/** `2026-12-09T05:00:00Z` in Almaty → `2026-12-09T10:00:00`. */
export function toWallClock(instant: string | Date, timeZone: string): string {
  const at = typeof instant === "string" ? new Date(instant) : instant;
  const shifted = new Date(at.getTime() + timeZoneOffsetMinutes(at, timeZone) * 60_000);
  return shifted.toISOString().slice(0, 19);
}

/** The component's date (the wall clock in UTC fields) back as an ISO instant. */
export function fromWallClock(date: Date, timeZone: string): string {
  return instantInZone(date.toISOString().slice(0, 19), timeZone).toISOString();
}

/** The component's date (an all-day cell) as YYYY-MM-DD. */
export function wallDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The component's date as a date picker's text, `YYYY-MM-DD HH:mm:ss` on the same wall clock. */
export function wallPicker(date: Date): string {
  return date.toISOString().slice(0, 19).replace("T", " ");
}

/** The day the toolbar's arrows go to: a day, a week or a month (from its first day) either way. */
export function shiftDate(view: "day" | "week" | "month" | "agenda", date: string, step: 1 | -1): string {
  if (view === "day") return addDays(date, step);
  if (view !== "month") return addDays(date, 7 * step);
  const [year = 0, month = 1] = date.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1 + step, 1)).toISOString().slice(0, 10);
}

/** An entry shown once, with everyone whose calendar holds it (the same meeting in three calendars). */
export interface ShownEntry extends CalendarEntry {
  people: string[];
}

/**
 * One item per entry key: my copy first, so my answer colours it, and the names of the others
 * whose calendars hold it as well.
 */
export function mergeEntries(entries: readonly CalendarEntry[], meId: string): ShownEntry[] {
  const byKey = new Map<string, ShownEntry>();
  for (const entry of entries) {
    const seen = byKey.get(entry.key);
    if (!seen) {
      byKey.set(entry.key, { ...entry, people: [entry.userId] });
      continue;
    }
    if (!seen.people.includes(entry.userId)) seen.people.push(entry.userId);
    // My own copy carries my answer and whether I may move it.
    if (entry.userId === meId && seen.userId !== meId) byKey.set(entry.key, { ...entry, people: seen.people });
    // Someone sees the whole event where another only sees «занят».
    else if (seen.busyOnly && !entry.busyOnly) byKey.set(entry.key, { ...entry, people: seen.people });
  }
  return [...byKey.values()];
}

export type EntryTone = "personal" | "company" | "group" | "activity" | "task" | "busy";

/** The colour family of an entry: the event's calendar, an activity, a task deadline, or «занят». */
export function toneOf(entry: CalendarEntry): EntryTone {
  if (entry.busyOnly) return "busy";
  if (entry.kind === "activity") return "activity";
  if (entry.kind === "task") return "task";
  return entry.calendar ?? "personal";
}

const toneColors: Record<EntryTone, string> = {
  personal: "blue",
  company: "teal",
  group: "violet",
  activity: "orange",
  task: "pink",
  busy: "gray",
};

/** Mantine's colour of each tone (the legend uses the same). */
export function toneColor(tone: EntryTone): string {
  return toneColors[tone];
}

/** The class tokens of an entry; the page maps them to its CSS module's names. */
export function entryTokens(entry: CalendarEntry): string[] {
  const tokens = ["entry", `tone-${toneOf(entry)}`];
  if (entry.kind === "event" && !entry.busyOnly) {
    if (entry.myResponse === "pending") tokens.push("pending");
    if (entry.myResponse === "declined") tokens.push("declined");
  }
  return tokens;
}

export interface MapOptions {
  timeZone: string;
  meId: string;
  /** The text of someone else's private event. */
  busyTitle: string;
  /** Short names of the people shown, for entries from colleagues' calendars. */
  names?: ReadonlyMap<string, string>;
  classOf?: (token: string) => string;
}

/**
 * Only what can move moves: events the caller organizes (a series' occurrence moves on its own,
 * leaving the series), their own activities and tasks.
 */
function movable(entry: CalendarEntry): { start: boolean; duration: boolean } {
  if (!entry.editable || entry.busyOnly) return { start: false, duration: false };
  return { start: true, duration: entry.kind !== "task" };
}

/** One entry as the component's event. */
export function toCalendarEvent(entry: ShownEntry, options: MapOptions): EventInput {
  const { timeZone, meId, names } = options;
  const tone = toneOf(entry);
  const color = toneColors[tone];
  const light = entry.kind === "event" && (entry.myResponse === "pending" || entry.myResponse === "declined");
  const others = entry.people.filter((id) => id !== meId).map((id) => names?.get(id) ?? "");
  const whose = !entry.people.includes(meId) && others.some(Boolean) ? `${others.filter(Boolean).join(", ")}: ` : "";
  const title = `${whose}${entry.busyOnly ? options.busyTitle : entry.title}`;
  const { start: startEditable, duration: durationEditable } = movable(entry);
  const event: EventInput = {
    id: entry.key,
    title,
    allDay: entry.allDay,
    editable: startEditable || durationEditable,
    startEditable,
    durationEditable,
    backgroundColor: light ? `var(--mantine-color-${color}-light)` : `var(--mantine-color-${color}-filled)`,
    borderColor: `var(--mantine-color-${color}-filled)`,
    textColor: light ? `var(--mantine-color-${color}-light-color)` : "var(--mantine-color-white)",
    classNames: entryTokens(entry).map((token) => options.classOf?.(token) ?? token),
    extendedProps: { entry },
  };
  if (entry.allDay) {
    event.start = entry.start.slice(0, 10);
    // The API's last day is included; the component's end is the day after.
    event.end = addDays(entry.end.slice(0, 10), 1);
  } else {
    event.start = toWallClock(entry.start, timeZone);
    // A task's deadline is a moment: the component gives it its default length.
    if (entry.end !== entry.start) event.end = toWallClock(entry.end, timeZone);
  }
  return event;
}

/** Where an event was dropped or resized to, as the event's write fields. */
export interface MovedTimes {
  allDay: boolean;
  startsAt: string | null;
  endsAt: string | null;
  startDate: string | null;
  endDate: string | null;
}

/**
 * The component's new start and end as the API's fields: instants for a timed event, days (the
 * last included) for an all-day one. A timed event without an end keeps its length (`minutes`).
 */
export function movedTimes(start: Date, end: Date | null, allDay: boolean, timeZone: string, minutes = 60): MovedTimes {
  if (allDay) {
    const first = wallDay(start);
    const last = end ? addDays(wallDay(end), -1) : first;
    return { allDay: true, startsAt: null, endsAt: null, startDate: first, endDate: last < first ? first : last };
  }
  const finish = end ?? new Date(start.getTime() + minutes * 60_000);
  return {
    allDay: false,
    startsAt: fromWallClock(start, timeZone),
    endsAt: fromWallClock(finish, timeZone),
    startDate: null,
    endDate: null,
  };
}

/** The days a range read covers for the component's visible range (its end is exclusive). */
export function rangeOf(start: Date, end: Date): { from: string; to: string } {
  return { from: wallDay(start), to: addDays(wallDay(end), -1) };
}

/** An entry as it stands after a move, for the optimistic update of the range read. */
export function movedEntry(entry: CalendarEntry, moved: MovedTimes): CalendarEntry {
  return moved.allDay
    ? { ...entry, allDay: true, start: moved.startDate ?? entry.start, end: moved.endDate ?? entry.end }
    : { ...entry, allDay: false, start: moved.startsAt ?? entry.start, end: moved.endsAt ?? entry.end };
}

/** Today in the viewer's zone, as the day the component should mark. */
export function wallToday(timeZone: string, now = new Date()): string {
  return dayInTimeZone(now, timeZone);
}
