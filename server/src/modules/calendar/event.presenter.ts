import type { CalendarEvent } from "@planerka/common";
import { toIso, toIsoOrNull } from "../../platform/db/sql-values";
import type { AttendeeRow, EventRow } from "./event.queries";

export interface EventParts {
  attendees: readonly AttendeeRow[];
  contacts: readonly { id: string; name: string }[];
  reminders: readonly number[];
  abilities: CalendarEvent["abilities"];
}

const recordRef = (id: string | null, name: string | null) => (id && name !== null ? { id, name } : null);

/** The event's page for a caller who sees it in full (linked records only when they may read them). */
export function presentEvent(row: EventRow, parts: EventParts): CalendarEvent {
  return {
    id: row.id,
    version: row.version,
    calendar: row.calendar,
    group: recordRef(row.groupId, row.groupName),
    title: row.title,
    description: row.description,
    location: row.location,
    videoUrl: row.videoUrl,
    allDay: row.allDay,
    startsAt: toIsoOrNull(row.startsAt),
    endsAt: toIsoOrNull(row.endsAt),
    startDate: row.startDate,
    endDate: row.endDate,
    timeZone: row.timeZone,
    private: row.private,
    organizer: { id: row.organizerId, name: row.organizerName },
    attendees: parts.attendees.map((attendee) => ({
      userId: attendee.userId,
      name: attendee.name,
      response: attendee.response,
      comment: attendee.comment,
      organizer: attendee.userId === row.organizerId,
    })),
    contacts: [...parts.contacts],
    deal: recordRef(row.dealId, row.dealTitle),
    company: recordRef(row.companyId, row.companyName),
    contact: recordRef(row.contactId, row.contactName),
    recurrence: row.recurrence,
    exceptions: [...row.exceptions].sort(),
    recurrenceCut: row.recurrenceCut,
    reminders: [...parts.reminders],
    myResponse: row.myResponse,
    abilities: parts.abilities,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
  };
}
