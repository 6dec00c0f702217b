import type { Actor } from "../../platform/auth/authenticate";
import { invalid } from "../../platform/errors/problem";
import type { NotificationInput } from "../../platform/notifications/notify";
import type { EventTiming } from "./recurrence";

/** An event's timing as written and as notices say it. */

export interface TimingFields {
  allDay: boolean;
  startsAt: Date | null;
  endsAt: Date | null;
  startDate: string | null;
  endDate: string | null;
}

/**
 * Timed events need a start before their end, all-day events a first day not after the last (the
 * last defaults to the first); the fields of the other kind are dropped. 422 naming the field.
 */
export function timingOrThrow(input: {
  allDay: boolean;
  startsAt?: string | Date | null;
  endsAt?: string | Date | null;
  startDate?: string | null;
  endDate?: string | null;
}): TimingFields {
  if (input.allDay) {
    if (!input.startDate) throw invalid("startDate", "An all-day event needs its first day");
    const endDate = input.endDate ?? input.startDate;
    if (endDate < input.startDate) throw invalid("endDate", "The last day comes before the first");
    return { allDay: true, startsAt: null, endsAt: null, startDate: input.startDate, endDate };
  }
  if (!input.startsAt) throw invalid("startsAt", "A timed event needs its start");
  if (!input.endsAt) throw invalid("endsAt", "A timed event needs its end");
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (endsAt <= startsAt) throw invalid("endsAt", "The end must come after the start");
  return { allDay: false, startsAt, endsAt, startDate: null, endDate: null };
}

export const uniqueSorted = (values: readonly string[]) => [...new Set(values)].sort();

/** What a notification says about when an event is, in its own zone. */
export function whenText(timing: TimingFields & { timeZone: string }): string {
  if (timing.allDay) {
    const format = new Intl.DateTimeFormat("ru-RU", { dateStyle: "long", timeZone: "UTC" });
    const first = format.format(new Date(`${timing.startDate}T00:00:00Z`));
    return timing.endDate === timing.startDate
      ? `${first}, весь день`
      : `${first} — ${format.format(new Date(`${timing.endDate}T00:00:00Z`))}`;
  }
  return new Intl.DateTimeFormat("ru-RU", { dateStyle: "long", timeStyle: "short", timeZone: timing.timeZone }).format(
    timing.startsAt!,
  );
}

export const linkOf = (eventId: string) => `/calendar?event=${eventId}`;

/** For the range and busy reads: the event timing as the recurrence module reads it. */
export function timingOf(row: {
  allDay: boolean;
  startsAt: Date | string | null;
  endsAt: Date | string | null;
  startDate: string | null;
  endDate: string | null;
  timeZone: string;
  recurrence: string | null;
  exceptions: readonly string[];
}): EventTiming {
  return {
    allDay: row.allDay,
    startsAt: row.startsAt === null ? null : new Date(row.startsAt),
    endsAt: row.endsAt === null ? null : new Date(row.endsAt),
    startDate: row.startDate,
    endDate: row.endDate,
    timeZone: row.timeZone,
    recurrence: row.recurrence,
    exceptions: row.exceptions,
  };
}

export function invitation(
  userId: string,
  eventId: string,
  title: string,
  when: string,
  actor: Actor,
): NotificationInput {
  return {
    userId,
    kind: "event_invitation",
    title,
    body: `${actor.user.name} приглашает: ${when}`,
    link: linkOf(eventId),
    actorId: actor.user.id,
  };
}
