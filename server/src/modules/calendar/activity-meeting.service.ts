import { sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { invalid } from "../../platform/errors/problem";
import { notify } from "../../platform/notifications/notify";
import { assertActiveUsersOrThrow } from "../org/user.queries";
import { recordCalendarChange } from "./event.queries";
import { createEventOrThrow } from "./event.service";
import { linkOf, whenText } from "./event-timing";

/**
 * A CRM «Встреча» with participants is a calendar event too: the invited get invitations and
 * answer, the meeting stands in everyone's calendar and busy time, and it follows the activity —
 * moved or renamed with it, cancelled when it is deleted, back when it is restored. The activity
 * stays the record the figures count; the event is how people meet.
 */

export interface MeetingActivity {
  id: string;
  subject: string;
  description: string | null;
  dueAt: Date;
  durationMinutes: number;
  ownerId: string;
  dealId: string | null;
  companyId: string | null;
  contactId: string | null;
}

/** A meeting shorter than this would not show in a calendar; an activity of 0 minutes gets it. */
const shortestMeetingMinutes = 15;

const endOf = (activity: Pick<MeetingActivity, "dueAt" | "durationMinutes">) =>
  new Date(activity.dueAt.getTime() + Math.max(activity.durationMinutes, shortestMeetingMinutes) * 60_000);

/** Only a meeting has participants: another kind of activity naming them is refused (400, the field named). */
export async function assertMeetingTypeOrThrow(executor: Executor, typeId: string) {
  const [type] = await rows<{ category: string }>(
    executor,
    sql`select category from activity_types where id = ${typeId}`,
  );
  if (type && type.category !== "meeting") throw invalid("participantIds", "Only a meeting has participants");
}

/** The caller organizes it; the activity's owner, when someone else, is invited like the participants. */
export async function createActivityMeetingOrThrow(
  tx: Executor,
  actor: Actor,
  activity: MeetingActivity,
  participantIds: readonly string[],
) {
  const unique = [...new Set(participantIds)];
  await assertActiveUsersOrThrow(tx, unique, "participantIds");
  const attendeeIds = [...new Set([...unique, activity.ownerId])].filter((id) => id !== actor.user.id);
  await createEventOrThrow(
    tx as Database,
    actor,
    {
      calendar: "personal",
      title: activity.subject,
      description: activity.description,
      allDay: false,
      startsAt: activity.dueAt.toISOString(),
      endsAt: endOf(activity).toISOString(),
      private: false,
      attendeeIds,
      contactIds: activity.contactId ? [activity.contactId] : [],
      dealId: activity.dealId,
      companyId: activity.companyId,
      contactId: activity.contactId,
    },
    { activityId: activity.id },
  );
}

interface LinkedEvent {
  id: string;
  title: string;
  startsAt: Date | string;
  endsAt: Date | string;
  timeZone: string;
  location: string | null;
}

async function linkedEvent(executor: Executor, activityId: string, deleted: boolean) {
  const [row] = await rows<LinkedEvent>(
    executor,
    sql`select id, title, starts_at as "startsAt", ends_at as "endsAt", time_zone as "timeZone", location
        from calendar_events where activity_id = ${activityId}
          and ${deleted ? sql`deleted_at is not null` : sql`deleted_at is null`} and recurrence is null and not all_day
        for update`,
  );
  return row;
}

async function attendeesToTell(executor: Executor, eventId: string, actorId: string) {
  const found = await rows<{ userId: string }>(
    executor,
    sql`select user_id as "userId" from calendar_event_attendees
        where event_id = ${eventId} and user_id <> ${actorId} and response <> 'declined'`,
  );
  return found.map((row) => row.userId);
}

/** The activity moved or was renamed: its meeting follows, and the attendees are told of a new time. */
export async function followActivityMeeting(
  tx: Executor,
  actor: Actor,
  activity: Pick<MeetingActivity, "id" | "subject" | "dueAt" | "durationMinutes">,
) {
  const event = await linkedEvent(tx, activity.id, false);
  if (!event) return;
  const startsAt = activity.dueAt;
  const endsAt = endOf(activity);
  const moved =
    new Date(event.startsAt).getTime() !== startsAt.getTime() || new Date(event.endsAt).getTime() !== endsAt.getTime();
  if (!moved && event.title === activity.subject) return;
  await tx.execute(
    sql`update calendar_events set title = ${activity.subject}, starts_at = ${startsAt}, ends_at = ${endsAt},
          span_start = ${startsAt}, span_end = ${endsAt}, version = version + 1, updated_at = now()
        where id = ${event.id}`,
  );
  await recordCalendarChange(tx, event.id);
  if (!moved) return;
  const when = whenText({
    allDay: false,
    startsAt,
    endsAt,
    startDate: null,
    endDate: null,
    timeZone: event.timeZone,
  });
  await notify(
    tx,
    (await attendeesToTell(tx, event.id, actor.user.id)).map((userId) => ({
      userId,
      kind: "event_changed",
      title: activity.subject,
      body: `Изменено: ${when}${event.location ? `, ${event.location}` : ""}`,
      link: linkOf(event.id),
      actorId: actor.user.id,
    })),
  );
}

/** The activity was deleted: its meeting is cancelled, and those who were coming are told. */
export async function cancelActivityMeeting(tx: Executor, actor: Actor, activityId: string) {
  const event = await linkedEvent(tx, activityId, false);
  if (!event) return;
  await tx.execute(
    sql`update calendar_events set deleted_at = now(), version = version + 1, updated_at = now() where id = ${event.id}`,
  );
  await recordCalendarChange(tx, event.id);
  await notify(
    tx,
    (await attendeesToTell(tx, event.id, actor.user.id)).map((userId) => ({
      userId,
      kind: "event_cancelled",
      title: event.title,
      body: `${actor.user.name} отменяет встречу`,
      link: null,
      actorId: actor.user.id,
    })),
  );
}

/** The activity came back from the bin: so does its meeting. */
export async function restoreActivityMeeting(tx: Executor, activityId: string) {
  const event = await linkedEvent(tx, activityId, true);
  if (!event) return;
  await tx.execute(
    sql`update calendar_events set deleted_at = null, version = version + 1, updated_at = now() where id = ${event.id}`,
  );
  await recordCalendarChange(tx, event.id);
}
