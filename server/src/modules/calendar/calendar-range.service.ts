import { createHash } from "node:crypto";
import {
  addDays,
  type CalendarEntry,
  type calendarRangeQuerySchema,
  idSchema,
  startOfDayInZone,
} from "@planerka/common";
import type { z } from "zod";
import type { Actor } from "../../platform/auth/authenticate";
import { calendarTimeZoneOrThrow, companyTimeZoneOrThrow } from "../../platform/db/company-zone";
import type { Executor } from "../../platform/db/database";
import { toIso } from "../../platform/db/sql-values";
import { AppError } from "../../platform/errors/problem";
import { eventAbilitiesOf } from "../../policies/calendar";
import { peopleRows, rangeActivityRows, rangeEventRows, rangeTaskRows } from "./calendar-range.queries";
import { timingOf } from "./event-timing";
import { occurrencesBetween } from "./recurrence";

/** The longest range one read covers, in days (both ends included). */
export const calendarRangeMaxDays = 92;
/** The most people one read covers. */
export const calendarMaxPeople = 50;

const badRequest = (path: string, message: string) =>
  new AppError(400, "Bad Request", `${path}: ${message}`, [{ path, message }]);

/** `from`..`to` as company days: `to` not before `from`, at most 92 days. 400 naming `to`. */
export function assertRangeOrThrow(from: string, to: string) {
  if (to < from) throw badRequest("to", "The range ends before it starts");
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  if (days > calendarRangeMaxDays) throw badRequest("to", `A range covers at most ${calendarRangeMaxDays} days`);
}

/**
 * The comma-separated people of a read: valid ids, at most 50, every one an employee (400 naming
 * `userIds` otherwise); `fallback` when none are named.
 */
export async function peopleOrThrow(
  executor: Executor,
  list: string | undefined,
  fallback: string,
): Promise<{ id: string; name: string }[]> {
  const ids = [
    ...new Set(
      (list ?? "")
        .split(",")
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  ];
  if (ids.length === 0) ids.push(fallback);
  if (ids.length > calendarMaxPeople) throw badRequest("userIds", `At most ${calendarMaxPeople} people at once`);
  if (ids.some((id) => !idSchema.safeParse(id).success)) throw badRequest("userIds", "Expected user ids");
  const found = new Map((await peopleRows(executor, ids)).map((person) => [person.id, person]));
  if (found.size !== ids.length) throw badRequest("userIds", "No such employee");
  return ids.map((id) => found.get(id)!);
}

/**
 * The instants a range of days covers: from the first day's midnight to the midnight after the
 * last — in the viewer's calendar zone when one is named, else the company's (working hours).
 */
export async function rangeWindow(executor: Executor, from: string, to: string, viewerId?: string) {
  const zone = viewerId ? await calendarTimeZoneOrThrow(executor, viewerId) : await companyTimeZoneOrThrow(executor);
  return { zone, from: startOfDayInZone(from, zone), to: startOfDayInZone(addDays(to, 1), zone) };
}

/**
 * A stand-in id for what the caller may not see (someone's private event, an activity beyond their
 * scope): stable for the same occurrence, so the web can key it, but not the record's id, which
 * must not leave the server.
 */
export function busyId(kind: string, id: string, start: string): string {
  const hex = createHash("sha256").update(`${kind}:${id}:${start}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((Number.parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

type RangeQuery = z.output<typeof calendarRangeQuerySchema>;

/**
 * Everything dated in the asked people's calendars for a range of company days: occurrences of the
 * events they organize or attend (not those they declined) and of the company's calendar, their
 * timed activities and the deadlines of their tasks. What the caller may not see shows as «занят»
 * (events, activities) or not at all (tasks).
 */
export async function calendarRangeOrThrow(
  executor: Executor,
  actor: Actor,
  query: RangeQuery,
): Promise<{ items: CalendarEntry[] }> {
  assertRangeOrThrow(query.from, query.to);
  const people = await peopleOrThrow(executor, query.userIds, actor.user.id);
  const userIds = people.map((person) => person.id);
  const window = await rangeWindow(executor, query.from, query.to, actor.user.id);
  const includeCompany = query.company !== "false";
  const me = actor.user.id;
  const items: CalendarEntry[] = [];

  // A day on each side: all-day events are days in their own zone, which may not be the company's.
  const margin = 86_400_000;
  const events = await rangeEventRows(executor, actor.scope, userIds, {
    from: new Date(window.from.getTime() - margin),
    to: new Date(window.to.getTime() + margin),
    company: includeCompany,
  });
  for (const event of events) {
    const declined = new Set(event.declined);
    const whose =
      includeCompany && event.calendar === "company"
        ? userIds.filter((id) => !declined.has(id))
        : userIds.filter((id) => event.attending.includes(id));
    if (whose.length === 0) continue;
    const timing = timingOf(event);
    const occurrences = occurrencesBetween(
      timing,
      new Date(window.from.getTime() - margin),
      new Date(window.to.getTime() + margin),
    ).filter((occurrence) =>
      event.allDay
        ? occurrence.start <= query.to && occurrence.end >= query.from
        : occurrence.endInstant > window.from && occurrence.startInstant < window.to,
    );
    const editable =
      event.seen &&
      eventAbilitiesOf({
        organizer: event.organizerId === me,
        attendee: event.myResponse !== null,
        role: actor.user.role,
      }).edit;
    for (const occurrence of occurrences) {
      const hidden = busyId("event", event.id, occurrence.start);
      for (const userId of whose) {
        items.push({
          key: event.seen ? `event:${event.id}:${occurrence.start}` : `busy:${hidden}`,
          kind: "event",
          id: event.seen ? event.id : hidden,
          busyOnly: !event.seen,
          title: event.seen ? event.title : "",
          allDay: event.allDay,
          start: occurrence.start,
          end: occurrence.end,
          userId,
          calendar: event.seen ? event.calendar : null,
          location: event.seen ? event.location : null,
          myResponse: event.seen ? event.myResponse : null,
          recurring: event.seen && event.recurrence !== null,
          editable,
        });
      }
    }
  }

  for (const activity of await rangeActivityRows(executor, actor.scope, userIds, window)) {
    const start = toIso(activity.dueAt);
    const end = new Date(Date.parse(start) + activity.durationMinutes * 60_000).toISOString();
    const hidden = busyId("activity", activity.id, start);
    items.push({
      key: activity.seen ? `activity:${activity.id}` : `busy:${hidden}`,
      kind: "activity",
      id: activity.seen ? activity.id : hidden,
      busyOnly: !activity.seen,
      title: activity.seen ? activity.subject : "",
      allDay: false,
      start,
      end,
      userId: activity.ownerId,
      calendar: null,
      location: null,
      myResponse: null,
      recurring: false,
      editable: activity.seen && activity.ownerId === me,
    });
  }

  for (const task of await rangeTaskRows(executor, actor.scope, userIds, window)) {
    const deadline = toIso(task.deadline);
    items.push({
      key: `task:${task.id}`,
      kind: "task",
      id: task.id,
      busyOnly: false,
      title: task.title,
      allDay: false,
      start: deadline,
      end: deadline,
      userId: task.assigneeId,
      calendar: null,
      location: null,
      myResponse: null,
      recurring: false,
      editable: false,
    });
  }

  const order = (entry: CalendarEntry) => (entry.allDay ? `${entry.start}T00:00:00.000Z` : entry.start);
  items.sort(
    (left, right) =>
      order(left).localeCompare(order(right)) ||
      left.userId.localeCompare(right.userId) ||
      left.key.localeCompare(right.key),
  );
  return { items };
}
