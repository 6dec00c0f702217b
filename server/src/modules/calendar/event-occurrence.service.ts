import type { CalendarEvent, occurrenceDetachSchema } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import type { Database } from "../../platform/db/database";
import { textArray } from "../../platform/db/sql-values";
import { forbidden, invalid, notFound, staleVersion } from "../../platform/errors/problem";
import { attendeeRows, contactIdsOf, eventRow, recordCalendarChange, reminderMinutes } from "./event.queries";
import { createEventOrThrow } from "./event.service";
import { timingOf } from "./event-timing";
import { eventSpanOrThrow, type Occurrence, occurrencesBetween } from "./recurrence";

type DetachInput = z.output<typeof occurrenceDetachSchema>;

const DAY = 86_400_000;

/** The occurrence that starts at `start` (an instant, or a day for all-day events), if the series has it. */
function occurrenceAt(timing: ReturnType<typeof timingOf>, start: string): Occurrence | undefined {
  const moment = Date.parse(timing.allDay ? `${start}T00:00:00Z` : start);
  if (Number.isNaN(moment)) return undefined;
  return occurrencesBetween(timing, new Date(moment - DAY), new Date(moment + 2 * DAY)).find((occurrence) =>
    timing.allDay ? occurrence.start === start : occurrence.startInstant.getTime() === moment,
  );
}

/**
 * «Только это событие»: one occurrence of a recurring event leaves the series (its day becomes an
 * exception) and becomes an event of its own at the new time, with the series' people (invited
 * again to the new time), contacts, links, text and the organizer's reminders. The organizer only;
 * the series' version guards against a change made meanwhile. One transaction.
 */
export async function detachOccurrenceOrThrow(
  db: Database,
  actor: Actor,
  eventId: string,
  input: DetachInput,
): Promise<CalendarEvent> {
  return db.transaction(async (tx) => {
    const row = await eventRow(tx, actor.scope, eventId, { lock: true });
    if (!row) throw notFound();
    if (row.organizerId !== actor.user.id) throw forbidden("Only the organizer changes an occurrence");
    if (row.version !== input.version) throw staleVersion();
    if (!row.recurrence) throw invalid("occurrenceStart", "The event does not repeat");
    const timing = timingOf(row);
    const occurrence = occurrenceAt(timing, input.occurrenceStart);
    if (!occurrence) throw invalid("occurrenceStart", "The series has no occurrence starting then");

    const exceptions = [...new Set([...row.exceptions, occurrence.day])].sort();
    const span = eventSpanOrThrow({ ...timing, exceptions });
    await tx.execute(
      sql`update calendar_events set
            exceptions = ${textArray(exceptions)}::date[],
            span_start = ${span.spanStart}, span_end = ${span.spanEnd}, recurrence_cut = ${span.cut},
            version = version + 1, updated_at = now()
          where id = ${eventId}`,
    );
    await recordCalendarChange(tx, eventId);
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "event",
      entityId: eventId,
      action: "update",
      changes: [{ field: "exceptions", old: row.exceptions, new: exceptions }],
    });

    const attendees = await attendeeRows(tx, eventId, row.organizerId);
    return createEventOrThrow(tx as Database, actor, {
      calendar: row.calendar,
      groupId: row.groupId,
      title: row.title,
      description: row.description,
      location: row.location,
      videoUrl: row.videoUrl,
      allDay: row.allDay,
      startsAt: row.allDay ? null : (input.startsAt ?? occurrence.start),
      endsAt: row.allDay ? null : (input.endsAt ?? occurrence.end),
      startDate: row.allDay ? (input.startDate ?? occurrence.start) : null,
      endDate: row.allDay ? (input.endDate ?? occurrence.end) : null,
      timeZone: row.timeZone,
      private: row.private,
      attendeeIds: attendees.map((attendee) => attendee.userId).filter((id) => id !== row.organizerId),
      contactIds: await contactIdsOf(tx, eventId),
      dealId: row.dealId,
      companyId: row.companyId,
      contactId: row.contactId,
      reminders: await reminderMinutes(tx, eventId, actor.user.id),
    });
  });
}
