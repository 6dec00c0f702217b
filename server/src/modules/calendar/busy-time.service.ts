import { addDays, type BusyTimes, type busyQuerySchema, instantInZone, isWorkingDay } from "@planerka/common";
import type { z } from "zod";
import type { Actor } from "../../platform/auth/authenticate";
import type { Executor } from "../../platform/db/database";
import { toIso } from "../../platform/db/sql-values";
import { loadWorkingCalendar } from "../settings/calendar.service";
import { busyActivityRows, busyEventRows } from "./calendar-range.queries";
import { assertRangeOrThrow, peopleOrThrow, rangeWindow } from "./calendar-range.service";
import { timingOf } from "./event-timing";
import { occurrencesBetween } from "./recurrence";

/** The working hours a common slot is looked for in, company time. */
export const workingHours = { from: "09:00", to: "18:00" } as const;

/**
 * Absences: Planerka has no concept of them yet — the working day (`modules/tasks/workday.*`)
 * records when people worked, not when they are away — so the `absence` kind is never given.
 */
type BusyKind = "event" | "activity" | "absence";

export interface Interval {
  start: number;
  end: number;
}

/** Overlapping or touching intervals joined, sorted by start. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].filter((interval) => interval.end > interval.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}

const MINUTE = 60_000;
const ceilToMinute = (time: number) => Math.ceil(time / MINUTE) * MINUTE;

/**
 * The earliest start (on a whole minute) of `minutes` free of every busy interval, inside the
 * working hours of a working day, not before `notBefore`; null when there is none.
 */
export function firstFreeSlot(
  busy: readonly Interval[],
  days: readonly { start: number; end: number }[],
  minutes: number,
  notBefore: number,
): Interval | null {
  const merged = mergeIntervals(busy);
  const length = minutes * MINUTE;
  for (const day of days) {
    let start = ceilToMinute(Math.max(day.start, notBefore));
    for (const interval of merged) {
      if (start + length > day.end) break;
      if (interval.end <= start) continue;
      if (interval.start >= start + length) break;
      start = ceilToMinute(interval.end);
    }
    if (start + length <= day.end) return { start, end: start + length };
  }
  return null;
}

type BusyQuery = z.output<typeof busyQuerySchema>;

/**
 * The chosen people's busy time over a range of company days — their events (not those they
 * declined; private ones too, shown as time only) and their timed activities, merged per kind —
 * and the first slot of the meeting's length when all of them are free, within 09:00–18:00 company
 * time on a working day of the production calendar, from now on.
 */
export async function busyTimesOrThrow(
  executor: Executor,
  actor: Actor,
  query: BusyQuery,
  now = new Date(),
): Promise<BusyTimes> {
  assertRangeOrThrow(query.from, query.to);
  const people = await peopleOrThrow(executor, query.userIds, actor.user.id);
  const userIds = people.map((person) => person.id);
  const window = await rangeWindow(executor, query.from, query.to);
  const from = window.from.getTime();
  const to = window.to.getTime();
  const byPerson = new Map(userIds.map((id) => [id, { event: [] as Interval[], activity: [] as Interval[] }]));

  // A day on each side: all-day events are days in their own zone.
  const margin = 86_400_000;
  const events = await busyEventRows(executor, userIds, { from: new Date(from - margin), to: new Date(to + margin) });
  for (const event of events) {
    const occurrences = occurrencesBetween(timingOf(event), window.from, window.to);
    for (const userId of event.attending ?? []) {
      const intervals = byPerson.get(userId)?.event;
      for (const occurrence of occurrences) {
        intervals?.push({ start: occurrence.startInstant.getTime(), end: occurrence.endInstant.getTime() });
      }
    }
  }
  for (const activity of await busyActivityRows(executor, userIds, window)) {
    const start = new Date(activity.dueAt).getTime();
    byPerson.get(activity.ownerId)?.activity.push({ start, end: start + activity.durationMinutes * MINUTE });
  }

  const clip = (interval: Interval) => ({ start: Math.max(interval.start, from), end: Math.min(interval.end, to) });
  const everyone: Interval[] = [];
  const result: BusyTimes["people"] = people.map((person) => {
    const kinds = byPerson.get(person.id)!;
    const busy: { start: number; end: number; kind: BusyKind }[] = [];
    for (const kind of ["event", "activity"] as const) {
      for (const interval of mergeIntervals(kinds[kind].map(clip))) busy.push({ ...interval, kind });
    }
    everyone.push(...busy);
    busy.sort((a, b) => a.start - b.start || a.end - b.end || a.kind.localeCompare(b.kind));
    return {
      userId: person.id,
      name: person.name,
      busy: busy.map((interval) => ({
        start: toIso(new Date(interval.start)),
        end: toIso(new Date(interval.end)),
        kind: interval.kind,
      })),
    };
  });

  const { calendar } = await loadWorkingCalendar(executor, query.from, query.to);
  const days: { start: number; end: number }[] = [];
  for (let day = query.from; day <= query.to; day = addDays(day, 1)) {
    if (!isWorkingDay(day, calendar)) continue;
    days.push({
      start: instantInZone(`${day}T${workingHours.from}`, window.zone).getTime(),
      end: instantInZone(`${day}T${workingHours.to}`, window.zone).getTime(),
    });
  }
  const slot = firstFreeSlot(everyone, days, query.durationMinutes, Math.max(from, now.getTime()));
  return {
    people: result,
    firstCommonFree: slot ? { start: toIso(new Date(slot.start)), end: toIso(new Date(slot.end)) } : null,
  };
}
