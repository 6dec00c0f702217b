import type { AttendeeResponse, CalendarEvent, eventRespondSchema } from "@planerka/common";
import type { z } from "zod";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import type { Database } from "../../platform/db/database";
import { forbidden, notFound } from "../../platform/errors/problem";
import { notify } from "../../platform/notifications/notify";
import {
  attendeeRows,
  eventRow,
  recordCalendarChange,
  reminderMinutes,
  replaceReminders,
  saveResponse,
} from "./event.queries";
import { abilitiesFor, eventDetailOrThrow } from "./event.service";
import { linkOf } from "./event-timing";

/** What each person taking part says about an event: their answer and their own reminders. */

export type EventResponseInput = z.output<typeof eventRespondSchema>;

const responseWords: Record<Exclude<AttendeeResponse, "pending">, string> = {
  accepted: "примет участие",
  declined: "отказывается",
  maybe: "возможно, придёт",
};

/** An invited attendee (not the organizer) accepts, declines or says maybe; the organizer is told. */
export async function respondToEventOrThrow(
  db: Database,
  actor: Actor,
  eventId: string,
  input: EventResponseInput,
): Promise<CalendarEvent> {
  return db.transaction(async (tx) => {
    const row = await eventRow(tx, actor.scope, eventId, { lock: true });
    if (!row) throw notFound();
    const attendees = await attendeeRows(tx, eventId, row.organizerId);
    const mine = attendees.find((attendee) => attendee.userId === actor.user.id);
    if (!abilitiesFor(actor, row, attendees).respond || !mine)
      throw forbidden("Only the people invited answer; the organizer takes part anyway");
    const comment = input.comment ?? null;
    await saveResponse(tx, eventId, actor.user.id, input.response, comment);
    await recordCalendarChange(tx, eventId);
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "event",
      entityId: eventId,
      action: "respond",
      changes: [
        { field: "response", old: mine.response, new: input.response },
        ...(comment !== mine.comment ? [{ field: "comment", old: mine.comment, new: comment }] : []),
      ],
    });
    await notify(tx, [
      {
        userId: row.organizerId,
        kind: "event_response",
        title: row.title,
        body: `${actor.user.name} ${responseWords[input.response]}${comment ? `: ${comment}` : ""}`,
        link: linkOf(eventId),
        actorId: actor.user.id,
      },
    ]);
    return eventDetailOrThrow(tx, actor, eventId);
  });
}

/** Anyone taking part (the organizer too) sets their own reminders; others who only see it may not. */
export async function setOwnRemindersOrThrow(
  db: Database,
  actor: Actor,
  eventId: string,
  minutes: readonly number[],
): Promise<CalendarEvent> {
  return db.transaction(async (tx) => {
    const row = await eventRow(tx, actor.scope, eventId, { lock: true });
    if (!row) throw notFound();
    const attendees = await attendeeRows(tx, eventId, row.organizerId);
    if (!attendees.some((attendee) => attendee.userId === actor.user.id))
      throw forbidden("Only the people taking part set reminders");
    const before = await reminderMinutes(tx, eventId, actor.user.id);
    const after = [...new Set(minutes)].sort((a, b) => a - b);
    await replaceReminders(tx, eventId, actor.user.id, after);
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "event",
      entityId: eventId,
      action: "reminders",
      changes: [{ field: "reminders", old: before, new: after }],
    });
    return eventDetailOrThrow(tx, actor, eventId);
  });
}
