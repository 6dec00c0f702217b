import type { AttendeeResponse, CalendarKind } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";
import type { AccessScope } from "../../platform/scope/access-scope";
import { activitySeenCondition, eventSeenCondition } from "../../policies/calendar";

const idList = (ids: readonly string[]): SQL =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

/**
 * An event in someone's calendar for a range. What the caller may not see in full is blanked here,
 * in the query (`seen` false: no title, place or id beyond the row's own use for expansion).
 */
export interface RangeEventRow {
  id: string;
  seen: boolean;
  calendar: CalendarKind;
  title: string;
  location: string | null;
  allDay: boolean;
  startsAt: Date | string | null;
  endsAt: Date | string | null;
  startDate: string | null;
  endDate: string | null;
  timeZone: string;
  organizerId: string;
  recurrence: string | null;
  exceptions: string[];
  myResponse: AttendeeResponse | null;
  /** Of the people asked: those invited who have not declined, and those who declined. */
  attending: string[];
  declined: string[];
}

/**
 * Events whose occurrences may fall in [from, to) (by their stored span) that one of `userIds`
 * organizes or attends, and — with `company` — every event of the company's calendar.
 */
export function rangeEventRows(
  executor: Executor,
  scope: AccessScope,
  userIds: readonly string[],
  window: { from: Date; to: Date; company: boolean },
) {
  const people = idList(userIds);
  const seen = eventSeenCondition(scope, "e");
  return rows<RangeEventRow>(
    executor,
    sql`select e.id, ${seen} as seen, e.calendar,
          case when ${seen} then e.title else '' end as title,
          case when ${seen} then e.location end as location,
          e.all_day as "allDay", e.starts_at as "startsAt", e.ends_at as "endsAt",
          e.start_date::text as "startDate", e.end_date::text as "endDate", e.time_zone as "timeZone",
          e.organizer_id as "organizerId", e.recurrence, to_json(e.exceptions) as exceptions,
          (select a.response from calendar_event_attendees a where a.event_id = e.id and a.user_id = ${scope.user.id})
            as "myResponse",
          coalesce(asked.attending, '[]') as attending, coalesce(asked.declined, '[]') as declined
        from calendar_events e
        -- The event's own attendees by its key, the people asked as a filter: PostgreSQL 18 (PGlite)
        -- would otherwise look each of up to 50 people up per event (bench/README.md).
        left join lateral (
          select json_agg(a.user_id) filter (where a.response <> 'declined' and a.user_id in (${people})) as attending,
                 json_agg(a.user_id) filter (where a.response = 'declined' and a.user_id in (${people})) as declined
          from calendar_event_attendees a where a.event_id = e.id) asked on true
        where e.deleted_at is null and e.span_start < ${window.to} and e.span_end > ${window.from}
          and (e.id in (select a.event_id from calendar_event_attendees a
                 where a.user_id in (${people}) and a.response <> 'declined')
               ${window.company ? sql`or e.calendar = 'company'` : sql``})`,
  );
}

export interface RangeActivityRow {
  id: string;
  ownerId: string;
  seen: boolean;
  subject: string;
  dueAt: Date | string;
  durationMinutes: number;
}

/** A «Встреча» with participants stands in the calendar as its event, not twice. */
const notAMeetingEvent = sql`not exists (select 1 from calendar_events me where me.activity_id = a.id and me.deleted_at is null)`;

/** Timed activities of `userIds` overlapping [from, to): their subject only for a caller whose scope reaches them. */
export function rangeActivityRows(
  executor: Executor,
  scope: AccessScope,
  userIds: readonly string[],
  window: { from: Date; to: Date },
) {
  const seen = activitySeenCondition(scope, sql`a.owner_id`);
  // Activities last at most a day, so the owner's due-date index finds them.
  return rows<RangeActivityRow>(
    executor,
    sql`select a.id, a.owner_id as "ownerId", ${seen} as seen, case when ${seen} then a.subject else '' end as subject,
          a.due_at as "dueAt", a.duration_minutes as "durationMinutes"
        from activities a
        where a.owner_id in (${idList(userIds)}) and a.deleted_at is null
          and a.due_at < ${window.to} and a.due_at >= ${new Date(window.from.getTime() - 86_400_000)}
          and a.due_at + make_interval(mins => a.duration_minutes) > ${window.from}
          and ${notAMeetingEvent}`,
  );
}

export interface RangeTaskRow {
  id: string;
  assigneeId: string;
  title: string;
  deadline: Date | string;
}

/** Deadlines in [from, to) of tasks `userIds` are assignee of, only tasks the caller may read. */
export function rangeTaskRows(
  executor: Executor,
  scope: AccessScope,
  userIds: readonly string[],
  window: { from: Date; to: Date },
) {
  return rows<RangeTaskRow>(
    executor,
    sql`select t.id, t.assignee_id as "assigneeId", t.title, t.deadline
        from tasks t
        where t.assignee_id in (${idList(userIds)}) and t.deleted_at is null
          and t.deadline >= ${window.from} and t.deadline < ${window.to}
          and ${scope.taskCondition("read", sql`t.id`)}`,
  );
}

/** The people asked for, with their names; unknown ids are left out. */
export function peopleRows(executor: Executor, userIds: readonly string[]) {
  return rows<{ id: string; name: string }>(executor, sql`select id, name from users where id in (${idList(userIds)})`);
}

export interface BusyEventRow {
  id: string;
  allDay: boolean;
  startsAt: Date | string | null;
  endsAt: Date | string | null;
  startDate: string | null;
  endDate: string | null;
  timeZone: string;
  recurrence: string | null;
  exceptions: string[];
  /** Of the people asked, those invited who have not declined (the organizer among them). */
  attending: string[];
}

/**
 * Events that make the asked people busy in [from, to): those they organize or attend and have not
 * declined, private ones included. Only the timing leaves this query: busy time shows no title.
 */
export function busyEventRows(executor: Executor, userIds: readonly string[], window: { from: Date; to: Date }) {
  const people = idList(userIds);
  return rows<BusyEventRow>(
    executor,
    sql`select e.id, e.all_day as "allDay", e.starts_at as "startsAt", e.ends_at as "endsAt",
          e.start_date::text as "startDate", e.end_date::text as "endDate", e.time_zone as "timeZone",
          e.recurrence, to_json(e.exceptions) as exceptions,
          (select json_agg(a.user_id) from calendar_event_attendees a
            where a.event_id = e.id and a.user_id in (${people}) and a.response <> 'declined') as attending
        from calendar_events e
        where e.deleted_at is null and e.span_start < ${window.to} and e.span_end > ${window.from}
          and e.id in (select a.event_id from calendar_event_attendees a
            where a.user_id in (${people}) and a.response <> 'declined')`,
  );
}

/** The asked people's activities that overlap [from, to) and last a while: only when, never what. */
export function busyActivityRows(executor: Executor, userIds: readonly string[], window: { from: Date; to: Date }) {
  return rows<{ ownerId: string; dueAt: Date | string; durationMinutes: number }>(
    executor,
    sql`select a.owner_id as "ownerId", a.due_at as "dueAt", a.duration_minutes as "durationMinutes"
        from activities a
        where a.owner_id in (${idList(userIds)}) and a.deleted_at is null and a.duration_minutes > 0
          and a.due_at < ${window.to} and a.due_at >= ${new Date(window.from.getTime() - 86_400_000)}
          and a.due_at + make_interval(mins => a.duration_minutes) > ${window.from}
          and ${notAMeetingEvent}`,
  );
}
