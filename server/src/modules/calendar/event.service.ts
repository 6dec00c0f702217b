import type { CalendarEvent, eventPatchSchema, eventWriteSchema } from "@planerka/common";
import type { z } from "zod";
import { diffFields, recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { calendarTimeZoneOrThrow } from "../../platform/db/company-zone";
import type { Database, Executor } from "../../platform/db/database";
import { forbidden, invalid, notFound, staleVersion } from "../../platform/errors/problem";
import { notify } from "../../platform/notifications/notify";
import { assertEventGroupOrThrow, eventAbilitiesOf } from "../../policies/calendar";
import { assertActiveUsersOrThrow } from "../org/user.queries";
import { presentEvent } from "./event.presenter";
import {
  attendeeRows,
  contactIdsOf,
  type EventRow,
  type EventValues,
  eventRow,
  insertAttendees,
  insertEvent,
  readableContactRows,
  recordCalendarChange,
  reminderMinutes,
  removeAttendees,
  replaceContacts,
  replaceReminders,
  softDeleteEvent,
  updateEvent,
} from "./event.queries";
import { assertReadableContactsOrThrow, assertReadableLinkOrThrow } from "./event-checks";
import { invitation, linkOf, timingOf, timingOrThrow, uniqueSorted, whenText } from "./event-timing";
import { eventSpanOrThrow, floatingOf } from "./recurrence";

export type EventInput = z.output<typeof eventWriteSchema>;
export type EventPatchInput = z.output<typeof eventPatchSchema>;

/** The event's page for a caller who sees it; 404 for anyone else. */
export async function eventDetailOrThrow(executor: Executor, actor: Actor, eventId: string): Promise<CalendarEvent> {
  const row = await eventRow(executor, actor.scope, eventId);
  if (!row) throw notFound();
  return presentDetail(executor, actor, row);
}

async function presentDetail(executor: Executor, actor: Actor, row: EventRow): Promise<CalendarEvent> {
  const attendees = await attendeeRows(executor, row.id, row.organizerId);
  const contacts = await readableContactRows(executor, actor.scope, row.id);
  const reminders = await reminderMinutes(executor, row.id, actor.user.id);
  return presentEvent(row, { attendees, contacts, reminders, abilities: abilitiesFor(actor, row, attendees) });
}

export function abilitiesFor(actor: Actor, row: EventRow, attendees: readonly { userId: string }[]) {
  return eventAbilitiesOf({
    organizer: row.organizerId === actor.user.id,
    attendee: attendees.some((attendee) => attendee.userId === actor.user.id),
    role: actor.user.role,
  });
}

// Create ------------------------------------------------------------------------------------------

/** Creates an event for the caller (its organizer, accepted) and invites the attendees. */
export async function createEventOrThrow(
  db: Database,
  actor: Actor,
  input: EventInput,
  origin: { icalUid?: string; davName?: string; activityId?: string } | null = null,
): Promise<CalendarEvent> {
  return db.transaction(async (tx) => {
    const organizerId = actor.user.id;
    const timing = timingOrThrow(input);
    const timeZone = input.timeZone ?? (await calendarTimeZoneOrThrow(tx, organizerId));
    const recurrence = input.recurrence ?? null;
    const exceptions = uniqueSorted(input.exceptions ?? []);
    const span = eventSpanOrThrow({ ...timing, timeZone, recurrence, exceptions });

    const groupId = input.groupId ?? null;
    if (input.calendar === "group") {
      if (!groupId) throw invalid("groupId", "A group's calendar needs the group");
      await assertEventGroupOrThrow(tx, actor.user, groupId);
    } else if (groupId) {
      throw invalid("groupId", "Only an event in a group's calendar names a group");
    }
    const attendeeIds = uniqueSorted(input.attendeeIds).filter((id) => id !== organizerId);
    await assertActiveUsersOrThrow(tx, attendeeIds, "attendeeIds");
    const contactIds = uniqueSorted(input.contactIds);
    await assertReadableContactsOrThrow(tx, actor, contactIds);
    const links = {
      dealId: input.dealId ?? null,
      companyId: input.companyId ?? null,
      contactId: input.contactId ?? null,
    };
    for (const field of ["dealId", "companyId", "contactId"] as const) {
      await assertReadableLinkOrThrow(tx, actor, field, links[field]);
    }

    const values: EventValues = {
      calendar: input.calendar,
      groupId,
      organizerId,
      title: input.title,
      description: input.description ?? null,
      location: input.location ?? null,
      videoUrl: input.videoUrl ?? null,
      ...timing,
      timeZone,
      private: input.private,
      ...links,
      recurrence,
      exceptions,
      spanStart: span.spanStart,
      spanEnd: span.spanEnd,
      recurrenceCut: span.cut,
      icalUid: origin?.icalUid ?? null,
      davName: origin?.davName ?? null,
      activityId: origin?.activityId ?? null,
    };
    const eventId = await insertEvent(tx, values);
    await insertAttendees(tx, eventId, [
      { userId: organizerId, response: "accepted" },
      ...attendeeIds.map((userId) => ({ userId, response: "pending" as const })),
    ]);
    await replaceContacts(tx, eventId, contactIds);
    if (input.reminders) await replaceReminders(tx, eventId, organizerId, input.reminders);
    await recordCalendarChange(tx, eventId);
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "event",
      entityId: eventId,
      action: "create",
      changes: [
        { field: "title", old: null, new: input.title },
        { field: "calendar", old: null, new: input.calendar },
        { field: "attendeeIds", old: null, new: attendeeIds },
      ],
    });
    const when = whenText({ ...timing, timeZone });
    await notify(
      tx,
      attendeeIds.map((userId) => invitation(userId, eventId, input.title, when, actor)),
    );
    return eventDetailOrThrow(tx, actor, eventId);
  });
}

// Update ------------------------------------------------------------------------------------------

interface EventState {
  title: string;
  description: string | null;
  location: string | null;
  videoUrl: string | null;
  allDay: boolean;
  startsAt: string | null;
  endsAt: string | null;
  startDate: string | null;
  endDate: string | null;
  timeZone: string;
  private: boolean;
  dealId: string | null;
  companyId: string | null;
  contactId: string | null;
  recurrence: string | null;
  exceptions: string[];
  attendeeIds: string[];
  contactIds: string[];
}

const auditedFields = [
  "title",
  "description",
  "location",
  "videoUrl",
  "allDay",
  "startsAt",
  "endsAt",
  "startDate",
  "endDate",
  "timeZone",
  "private",
  "dealId",
  "companyId",
  "contactId",
  "recurrence",
  "exceptions",
  "attendeeIds",
  "contactIds",
] as const satisfies readonly (keyof EventState)[];

/** A change of any of these is a change of time or place: the attendees are told. */
const timeAndPlace = [
  "allDay",
  "startsAt",
  "endsAt",
  "startDate",
  "endDate",
  "timeZone",
  "recurrence",
  "exceptions",
  "location",
  "videoUrl",
] as const;

const isoOrNull = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/**
 * The organizer (or an administrator who sees the event) changes it; the version guards the edit.
 * Newly invited people get an invitation, the others a notice when the time or place changed.
 */
export async function updateEventOrThrow(
  db: Database,
  actor: Actor,
  eventId: string,
  patch: EventPatchInput,
): Promise<CalendarEvent> {
  return db.transaction(async (tx) => {
    const row = await eventRow(tx, actor.scope, eventId, { lock: true });
    if (!row) throw notFound();
    const attendees = await attendeeRows(tx, eventId, row.organizerId);
    if (!abilitiesFor(actor, row, attendees).edit) throw forbidden("Only the organizer changes this event");
    if (row.version !== patch.version) throw staleVersion();

    const beforeAttendees = attendees.map((attendee) => attendee.userId).filter((id) => id !== row.organizerId);
    const before: EventState = {
      title: row.title,
      description: row.description,
      location: row.location,
      videoUrl: row.videoUrl,
      allDay: row.allDay,
      startsAt: isoOrNull(row.startsAt),
      endsAt: isoOrNull(row.endsAt),
      startDate: row.startDate,
      endDate: row.endDate,
      timeZone: row.timeZone,
      private: row.private,
      dealId: row.dealId,
      companyId: row.companyId,
      contactId: row.contactId,
      recurrence: row.recurrence,
      exceptions: [...row.exceptions].sort(),
      attendeeIds: uniqueSorted(beforeAttendees),
      contactIds: await contactIdsOf(tx, eventId),
    };

    const pick = <K extends keyof EventState>(key: K, value: EventState[K] | undefined): EventState[K] =>
      value === undefined ? before[key] : value;
    const allDay = pick("allDay", patch.allDay);
    const timeZone = pick("timeZone", patch.timeZone);
    let startDate = patch.startDate === undefined ? before.startDate : patch.startDate;
    // Turning a timed event into an all-day one keeps its day unless the patch names another.
    if (allDay && !before.allDay && patch.startDate === undefined && before.startsAt)
      startDate = floatingOf(new Date(before.startsAt), timeZone).toISOString().slice(0, 10);
    const timing = timingOrThrow({
      allDay,
      startsAt: patch.startsAt === undefined ? before.startsAt : patch.startsAt,
      endsAt: patch.endsAt === undefined ? before.endsAt : patch.endsAt,
      startDate,
      endDate: patch.endDate === undefined ? (before.allDay ? before.endDate : null) : patch.endDate,
    });
    const recurrence = patch.recurrence === undefined ? before.recurrence : (patch.recurrence ?? null);
    const exceptions = patch.exceptions === undefined ? before.exceptions : uniqueSorted(patch.exceptions);
    const span = eventSpanOrThrow({ ...timing, timeZone, recurrence, exceptions });

    const attendeeIds =
      patch.attendeeIds === undefined
        ? before.attendeeIds
        : uniqueSorted(patch.attendeeIds).filter((id) => id !== row.organizerId);
    const invited = attendeeIds.filter((id) => !before.attendeeIds.includes(id));
    const uninvited = before.attendeeIds.filter((id) => !attendeeIds.includes(id));
    // People already invited stay even if they have left since; only newcomers must be active.
    await assertActiveUsersOrThrow(tx, invited, "attendeeIds");
    const contactIds = patch.contactIds === undefined ? before.contactIds : uniqueSorted(patch.contactIds);
    await assertReadableContactsOrThrow(
      tx,
      actor,
      contactIds.filter((id) => !before.contactIds.includes(id)),
    );
    // An unchanged link is kept even when this editor may not read the record.
    const links = {
      dealId: pick("dealId", patch.dealId),
      companyId: pick("companyId", patch.companyId),
      contactId: pick("contactId", patch.contactId),
    };
    for (const field of ["dealId", "companyId", "contactId"] as const) {
      if (links[field] !== before[field]) await assertReadableLinkOrThrow(tx, actor, field, links[field]);
    }

    const after: EventState = {
      title: pick("title", patch.title),
      description: pick("description", patch.description),
      location: pick("location", patch.location),
      videoUrl: pick("videoUrl", patch.videoUrl),
      allDay: timing.allDay,
      startsAt: isoOrNull(timing.startsAt),
      endsAt: isoOrNull(timing.endsAt),
      startDate: timing.startDate,
      endDate: timing.endDate,
      timeZone,
      private: pick("private", patch.private),
      ...links,
      recurrence,
      exceptions,
      attendeeIds,
      contactIds,
    };
    const changes = diffFields(before, after, auditedFields);
    // Making it private would hide it from an editor who is not part of it (an administrator).
    const takesPart = row.organizerId === actor.user.id || attendeeIds.includes(actor.user.id);
    if (after.private && !before.private && !takesPart) throw forbidden("Only the organizer makes an event private");

    const written = await updateEvent(tx, eventId, patch.version, {
      title: after.title,
      description: after.description,
      location: after.location,
      videoUrl: after.videoUrl,
      ...timing,
      timeZone,
      private: after.private,
      ...links,
      recurrence,
      exceptions,
      spanStart: span.spanStart,
      spanEnd: span.spanEnd,
      recurrenceCut: span.cut,
    });
    if (!written) throw staleVersion();
    await removeAttendees(tx, eventId, uninvited);
    await insertAttendees(
      tx,
      eventId,
      invited.map((userId) => ({ userId, response: "pending" as const })),
    );
    if (patch.contactIds !== undefined) await replaceContacts(tx, eventId, contactIds);
    if (patch.reminders !== undefined) await replaceReminders(tx, eventId, actor.user.id, patch.reminders);
    await recordCalendarChange(tx, eventId, uninvited);
    if (changes.length > 0) {
      await recordAudit(tx, { actorId: actor.user.id, entity: "event", entityId: eventId, action: "update", changes });
    }

    const when = whenText({ ...timing, timeZone });
    const moved = changes.some((change) => (timeAndPlace as readonly string[]).includes(change.field));
    const stayed = attendeeIds.filter((id) => !invited.includes(id));
    await notify(tx, [
      ...invited.map((userId) => invitation(userId, eventId, after.title, when, actor)),
      ...(moved ? [...stayed, row.organizerId] : []).map((userId) => ({
        userId,
        kind: "event_changed",
        title: after.title,
        body: `Изменено: ${when}${after.location ? `, ${after.location}` : ""}`,
        link: linkOf(eventId),
        actorId: actor.user.id,
      })),
    ]);
    return eventDetailOrThrow(tx, actor, eventId);
  });
}

// Delete ------------------------------------------------------------------------------------------

/** The organizer (or an administrator who sees it) deletes the event; it is hidden, not erased. */
export async function deleteEventOrThrow(db: Database, actor: Actor, eventId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await eventRow(tx, actor.scope, eventId, { lock: true });
    if (!row) throw notFound();
    const attendees = await attendeeRows(tx, eventId, row.organizerId);
    if (!abilitiesFor(actor, row, attendees).delete) throw forbidden("Only the organizer deletes this event");
    await softDeleteEvent(tx, eventId);
    await recordCalendarChange(tx, eventId);
    await recordAudit(tx, { actorId: actor.user.id, entity: "event", entityId: eventId, action: "delete" });
    // Those who had not declined learn the meeting is off; the link leads nowhere now, so none is given.
    const when = whenText({ ...timingOf(row), timeZone: row.timeZone });
    await notify(
      tx,
      attendees
        .filter((attendee) => attendee.userId !== actor.user.id && attendee.response !== "declined")
        .map((attendee) => ({
          userId: attendee.userId,
          kind: "event_cancelled",
          title: row.title,
          body: `${actor.user.name} отменяет: ${when}`,
          link: null,
          actorId: actor.user.id,
        })),
    );
  });
}
