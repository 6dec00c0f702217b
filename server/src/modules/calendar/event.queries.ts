import type { AttendeeResponse, CalendarKind } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";
import { textArray } from "../../platform/db/sql-values";
import type { AccessScope } from "../../platform/scope/access-scope";
import { eventSeenCondition } from "../../policies/calendar";
import { visibleGroupCondition } from "../../policies/groups";

/** An event as its page and its commands need it, with the linked records the caller may read. */
export interface EventRow {
  id: string;
  version: number;
  calendar: CalendarKind;
  groupId: string | null;
  /** Null when the caller may not see the group (a closed group they are not in). */
  groupName: string | null;
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
  organizerId: string;
  organizerName: string;
  dealId: string | null;
  dealTitle: string | null;
  companyId: string | null;
  companyName: string | null;
  contactId: string | null;
  contactName: string | null;
  recurrence: string | null;
  exceptions: string[];
  recurrenceCut: boolean;
  /** The caller's answer when invited (the organizer's is `accepted`). */
  myResponse: AttendeeResponse | null;
  createdAt: Date | string;
  updatedAt: Date | string;
}

/** A linked CRM record's name, only when the caller may read that record. */
function readableName(scope: AccessScope, table: "deals" | "companies" | "contacts", alias: string, column: string) {
  const a = sql.raw(alias);
  return sql`case when ${a}.id is not null and ${a}.deleted_at is null
    and ${scope.ownerCondition(table, "read", sql`${a}.owner_id`)} then ${sql.raw(`${alias}.${column}`)} end`;
}

/**
 * The event, when the caller sees it in full (`eventSeenCondition`), else nothing (so the routes
 * answer 404). `lock` holds the row for the rest of the transaction.
 */
export async function eventRow(
  executor: Executor,
  scope: AccessScope,
  eventId: string,
  options: { lock?: boolean } = {},
): Promise<EventRow | undefined> {
  const [row] = await rows<EventRow>(
    executor,
    sql`select e.id, e.version, e.calendar, e.group_id as "groupId",
          case when g.id is not null and ${visibleGroupCondition(scope.user, "g")} then g.name end as "groupName",
          e.title, e.description, e.location, e.video_url as "videoUrl", e.all_day as "allDay",
          e.starts_at as "startsAt", e.ends_at as "endsAt", e.start_date::text as "startDate", e.end_date::text as "endDate",
          e.time_zone as "timeZone", e.private, e.organizer_id as "organizerId", o.name as "organizerName",
          e.deal_id as "dealId", ${readableName(scope, "deals", "d", "title")} as "dealTitle",
          e.company_id as "companyId", ${readableName(scope, "companies", "c", "name")} as "companyName",
          e.contact_id as "contactId", ${readableName(scope, "contacts", "k", "name")} as "contactName",
          e.recurrence, to_json(e.exceptions) as exceptions, e.recurrence_cut as "recurrenceCut",
          (select a.response from calendar_event_attendees a where a.event_id = e.id and a.user_id = ${scope.user.id})
            as "myResponse",
          e.created_at as "createdAt", e.updated_at as "updatedAt"
        from calendar_events e
        join users o on o.id = e.organizer_id
        left join groups g on g.id = e.group_id
        left join deals d on d.id = e.deal_id
        left join companies c on c.id = e.company_id
        left join contacts k on k.id = e.contact_id
        where e.id = ${eventId} and e.deleted_at is null and ${eventSeenCondition(scope)}
        ${options.lock ? sql`for update of e` : sql``}`,
  );
  return row;
}

export interface AttendeeRow {
  userId: string;
  name: string;
  response: AttendeeResponse;
  comment: string | null;
}

/** Everyone invited, the organizer first, then by name. */
export function attendeeRows(executor: Executor, eventId: string, organizerId: string) {
  return rows<AttendeeRow>(
    executor,
    sql`select a.user_id as "userId", u.name, a.response, a.comment
        from calendar_event_attendees a join users u on u.id = a.user_id
        where a.event_id = ${eventId}
        order by a.user_id = ${organizerId} desc, u.name, u.id`,
  );
}

/** The event's CRM contacts the caller may read (the others stay unnamed, as on any linked record). */
export function readableContactRows(executor: Executor, scope: AccessScope, eventId: string) {
  return rows<{ id: string; name: string }>(
    executor,
    sql`select k.id, k.name from calendar_event_contacts ek join contacts k on k.id = ek.contact_id
        where ek.event_id = ${eventId} and k.deleted_at is null and ${scope.ownerCondition("contacts", "read", sql`k.owner_id`)}
        order by k.name, k.id`,
  );
}

export async function contactIdsOf(executor: Executor, eventId: string): Promise<string[]> {
  const found = await rows<{ contactId: string }>(
    executor,
    sql`select contact_id as "contactId" from calendar_event_contacts where event_id = ${eventId} order by contact_id`,
  );
  return found.map((row) => row.contactId);
}

export async function reminderMinutes(executor: Executor, eventId: string, userId: string): Promise<number[]> {
  const found = await rows<{ minutes: number }>(
    executor,
    sql`select minutes_before as minutes from calendar_event_reminders
        where event_id = ${eventId} and user_id = ${userId} order by minutes_before`,
  );
  return found.map((row) => row.minutes);
}

/** The records of `table` among `ids` that exist, are not deleted and the caller may read. */
export async function readableRecordIds(
  executor: Executor,
  scope: AccessScope,
  table: "deals" | "companies" | "contacts",
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const found = await rows<{ id: string }>(
    executor,
    sql`select id from ${sql.identifier(table)} where id in (${sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    )}) and deleted_at is null and ${scope.ownerCondition(table, "read", sql`owner_id`)}`,
  );
  return new Set(found.map((row) => row.id));
}

/** The columns an event's row is written with. */
export interface EventValues {
  calendar: CalendarKind;
  groupId: string | null;
  organizerId: string;
  title: string;
  description: string | null;
  location: string | null;
  videoUrl: string | null;
  allDay: boolean;
  startsAt: Date | null;
  endsAt: Date | null;
  startDate: string | null;
  endDate: string | null;
  timeZone: string;
  private: boolean;
  dealId: string | null;
  companyId: string | null;
  contactId: string | null;
  recurrence: string | null;
  exceptions: string[];
  spanStart: Date;
  spanEnd: Date;
  recurrenceCut: boolean;
  /** Set when a phone created the event over CalDAV: its UID and resource name. */
  icalUid?: string | null;
  davName?: string | null;
  /** Set for a CRM «Встреча» with participants. */
  activityId?: string | null;
}

const dateArray = (days: readonly string[]): SQL => sql`${textArray(days)}::date[]`;

export async function insertEvent(executor: Executor, values: EventValues): Promise<string> {
  const [created] = await rows<{ id: string }>(
    executor,
    sql`insert into calendar_events (calendar, group_id, organizer_id, title, description, location, video_url, all_day,
          starts_at, ends_at, start_date, end_date, time_zone, private, deal_id, company_id, contact_id, recurrence,
          exceptions, span_start, span_end, recurrence_cut, ical_uid, dav_name, activity_id)
        values (${values.calendar}, ${values.groupId}, ${values.organizerId}, ${values.title}, ${values.description},
          ${values.location}, ${values.videoUrl}, ${values.allDay}, ${values.startsAt}, ${values.endsAt},
          ${values.startDate}::date, ${values.endDate}::date, ${values.timeZone}, ${values.private}, ${values.dealId},
          ${values.companyId}, ${values.contactId}, ${values.recurrence}, ${dateArray(values.exceptions)},
          ${values.spanStart}, ${values.spanEnd}, ${values.recurrenceCut}, ${values.icalUid ?? null},
          ${values.davName ?? null}, ${values.activityId ?? null})
        returning id`,
  );
  return created!.id;
}

/** Writes the event's new state if its version is still `version`; false when someone changed it first. */
export async function updateEvent(
  executor: Executor,
  eventId: string,
  version: number,
  values: Omit<EventValues, "calendar" | "groupId" | "organizerId">,
): Promise<boolean> {
  const updated = await rows<{ id: string }>(
    executor,
    sql`update calendar_events set title = ${values.title}, description = ${values.description},
          location = ${values.location}, video_url = ${values.videoUrl}, all_day = ${values.allDay},
          starts_at = ${values.startsAt}, ends_at = ${values.endsAt}, start_date = ${values.startDate}::date,
          end_date = ${values.endDate}::date, time_zone = ${values.timeZone}, private = ${values.private},
          deal_id = ${values.dealId}, company_id = ${values.companyId}, contact_id = ${values.contactId},
          recurrence = ${values.recurrence}, exceptions = ${dateArray(values.exceptions)},
          span_start = ${values.spanStart}, span_end = ${values.spanEnd}, recurrence_cut = ${values.recurrenceCut},
          version = version + 1, updated_at = now()
        where id = ${eventId} and version = ${version} and deleted_at is null
        returning id`,
  );
  return updated.length > 0;
}

export async function insertAttendees(
  executor: Executor,
  eventId: string,
  attendees: readonly { userId: string; response: AttendeeResponse }[],
) {
  if (attendees.length === 0) return;
  await executor.execute(
    sql`insert into calendar_event_attendees (event_id, user_id, response, responded_at) values ${sql.join(
      attendees.map(
        (attendee) =>
          sql`(${eventId}, ${attendee.userId}, ${attendee.response}, ${attendee.response === "pending" ? null : sql`now()`})`,
      ),
      sql`, `,
    )} on conflict do nothing`,
  );
}

export async function removeAttendees(executor: Executor, eventId: string, userIds: readonly string[]) {
  if (userIds.length === 0) return;
  await executor.execute(
    sql`delete from calendar_event_attendees where event_id = ${eventId} and user_id in (${sql.join(
      userIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`,
  );
}

export async function replaceContacts(executor: Executor, eventId: string, contactIds: readonly string[]) {
  await executor.execute(sql`delete from calendar_event_contacts where event_id = ${eventId}`);
  if (contactIds.length === 0) return;
  await executor.execute(
    sql`insert into calendar_event_contacts (event_id, contact_id) values ${sql.join(
      contactIds.map((id) => sql`(${eventId}, ${id})`),
      sql`, `,
    )} on conflict do nothing`,
  );
}

/** Keeps the reminders that stay as they were (with their creation time: a due one is not lost), adds the new. */
export async function replaceReminders(
  executor: Executor,
  eventId: string,
  userId: string,
  minutes: readonly number[],
) {
  const unique = [...new Set(minutes)];
  await executor.execute(
    sql`delete from calendar_event_reminders where event_id = ${eventId} and user_id = ${userId}
        and not (minutes_before = any(${textArray(unique.map(String))}::int[]))`,
  );
  if (unique.length === 0) return;
  await executor.execute(
    sql`insert into calendar_event_reminders (event_id, user_id, minutes_before) values ${sql.join(
      unique.map((value) => sql`(${eventId}, ${userId}, ${value})`),
      sql`, `,
    )} on conflict do nothing`,
  );
}

/** Records an invitee's answer; the organizer's own row is never answered. */
export async function saveResponse(
  executor: Executor,
  eventId: string,
  userId: string,
  response: AttendeeResponse,
  comment: string | null,
) {
  await executor.execute(
    sql`update calendar_event_attendees set response = ${response}, comment = ${comment}, responded_at = now()
        where event_id = ${eventId} and user_id = ${userId}`,
  );
}

export async function softDeleteEvent(executor: Executor, eventId: string) {
  await executor.execute(
    sql`update calendar_events set deleted_at = now(), version = version + 1, updated_at = now() where id = ${eventId}`,
  );
}

/**
 * Notes that the event changed for everyone taking part now and for `formerUserIds` (just
 * uninvited): CalDAV's sync-collection reports from this log.
 */
export async function recordCalendarChange(executor: Executor, eventId: string, formerUserIds: readonly string[] = []) {
  await executor.execute(
    sql`insert into calendar_changes (user_id, event_id)
        select user_id, ${eventId}::uuid from calendar_event_attendees where event_id = ${eventId}
        union
        select id, ${eventId}::uuid from users where id::text = any(${textArray(formerUserIds)})`,
  );
}
