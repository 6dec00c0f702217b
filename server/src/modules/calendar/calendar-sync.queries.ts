import { type SQL, sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";
import { textArray } from "../../platform/db/sql-values";

/**
 * A person's own calendar as phones and subscriptions see it: every event they organize or are
 * invited to (so they see each in full, private ones too — nobody else's private data gets in).
 */
export interface SyncEventRow {
  id: string;
  version: number;
  title: string;
  description: string | null;
  location: string | null;
  videoUrl: string | null;
  allDay: boolean;
  startsAt: Date | string | null;
  endsAt: Date | string | null;
  startDate: string | null;
  endDate: string | null;
  timeZone: string;
  private: boolean;
  recurrence: string | null;
  exceptions: string[];
  organizerId: string;
  organizerName: string;
  organizerEmail: string | null;
  icalUid: string | null;
  /** The resource name under the person's CalDAV calendar. */
  davName: string;
  createdAt: Date | string;
  updatedAt: Date | string;
  attendees: { name: string; email: string | null; response: string }[];
}

export interface SyncEventFilter {
  eventIds?: readonly string[];
  davNames?: readonly string[];
  /** Only events whose occurrences may fall in [from, to). */
  from?: Date;
  to?: Date;
}

/** `column = any(…)` over a list of texts (ids, resource names), one parameter however long. */
const anyOf = (values: readonly string[]) => sql`any(${textArray(values)})`;

export function syncEventRows(executor: Executor, userId: string, filter: SyncEventFilter = {}) {
  const conditions: SQL[] = [sql`e.deleted_at is null`];
  if (filter.eventIds) conditions.push(sql`e.id::text = ${anyOf(filter.eventIds)}`);
  if (filter.davNames) conditions.push(sql`coalesce(e.dav_name, e.id::text || '.ics') = ${anyOf(filter.davNames)}`);
  if (filter.from) conditions.push(sql`e.span_end >= ${filter.from}`);
  if (filter.to) conditions.push(sql`e.span_start < ${filter.to}`);
  return rows<SyncEventRow>(
    executor,
    sql`select e.id, e.version, e.title, e.description, e.location, e.video_url as "videoUrl", e.all_day as "allDay",
          e.starts_at as "startsAt", e.ends_at as "endsAt", e.start_date::text as "startDate", e.end_date::text as "endDate",
          e.time_zone as "timeZone", e.private, e.recurrence, to_json(e.exceptions) as exceptions,
          e.organizer_id as "organizerId", o.name as "organizerName", o.email as "organizerEmail",
          e.ical_uid as "icalUid", coalesce(e.dav_name, e.id::text || '.ics') as "davName",
          e.created_at as "createdAt", e.updated_at as "updatedAt",
          (select coalesce(json_agg(json_build_object('name', u.name, 'email', u.email, 'response', a.response)
                    order by u.name, u.id), '[]'::json)
             from calendar_event_attendees a join users u on u.id = a.user_id
             where a.event_id = e.id and a.user_id <> e.organizer_id) as attendees
        from calendar_events e
        join calendar_event_attendees me on me.event_id = e.id and me.user_id = ${userId}
        join users o on o.id = e.organizer_id
        where ${sql.join(conditions, sql` and `)}
        order by e.span_start, e.id`,
  );
}

/** The last change in the person's calendar: the CalDAV sync token. */
export async function latestChangeSeq(executor: Executor, userId: string): Promise<number> {
  const [row] = await rows<{ seq: string | number | null }>(
    executor,
    sql`select max(seq) as seq from calendar_changes where user_id = ${userId}`,
  );
  return Number(row?.seq ?? 0);
}

/** The events that changed in the person's calendar after `seq` (each once). */
export async function changedEventIds(executor: Executor, userId: string, seq: number): Promise<string[]> {
  const found = await rows<{ eventId: string }>(
    executor,
    sql`select distinct event_id as "eventId" from calendar_changes where user_id = ${userId} and seq > ${seq}`,
  );
  return found.map((row) => row.eventId);
}

/** The resource names events had (an event that left the calendar is reported gone by this name). */
export async function davNamesOf(executor: Executor, eventIds: readonly string[]) {
  if (eventIds.length === 0) return new Map<string, string>();
  const found = await rows<{ id: string; davName: string }>(
    executor,
    sql`select id, coalesce(dav_name, id::text || '.ics') as "davName" from calendar_events
        where id::text = ${anyOf(eventIds)}`,
  );
  return new Map(found.map((row) => [row.id, row.davName]));
}
