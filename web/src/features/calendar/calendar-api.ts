import {
  busySchema,
  type CalendarEvent,
  calendarRangeSchema,
  type EventPatch,
  type EventWrite,
  eventSchema,
} from "@planerka/common";
import { keepPreviousData, type QueryClient, queryOptions } from "@tanstack/react-query";
import { api, apiVoid } from "../../lib/api";

/** What the calendar shows for days `from`–`to` (the last included), for me and the colleagues asked for (`/calendar` itself is the production calendar). */
export function calendarRangeQuery(params: { from: string; to: string; userIds: string[] }) {
  return queryOptions({
    queryKey: ["calendar-entries", params.from, params.to, params.userIds.join(",")],
    queryFn: ({ signal }) =>
      api("/calendar/entries", calendarRangeSchema, {
        signal,
        query: { from: params.from, to: params.to, userIds: params.userIds.join(",") || undefined },
      }),
    placeholderData: keepPreviousData,
  });
}

export function eventQuery(id: string) {
  return queryOptions({
    queryKey: ["events", id],
    queryFn: ({ signal }) => api(`/events/${id}`, eventSchema, { signal }),
  });
}

/** The people's busy time over days `from`–`to` and the first slot of `durationMinutes` free for all. */
export function busyQuery(params: { userIds: string[]; from: string; to: string; durationMinutes: number }) {
  return queryOptions({
    queryKey: ["calendar-busy", params.userIds.join(","), params.from, params.to, params.durationMinutes],
    queryFn: ({ signal }) =>
      api("/calendar/busy", busySchema, {
        signal,
        query: { ...params, userIds: params.userIds.join(",") },
      }),
    enabled: params.userIds.length > 0,
    placeholderData: keepPreviousData,
  });
}

export function createEvent(input: EventWrite): Promise<CalendarEvent> {
  return api("/events", eventSchema, { method: "POST", json: input });
}

export function updateEvent(id: string, patch: EventPatch): Promise<CalendarEvent> {
  return api(`/events/${id}`, eventSchema, { method: "PATCH", json: patch });
}

/** One occurrence of a recurring event moved on its own: it leaves the series as an event of its own. */
export function detachOccurrence(
  id: string,
  body: {
    occurrenceStart: string;
    startsAt: string | null;
    endsAt: string | null;
    startDate: string | null;
    endDate: string | null;
    version: number;
  },
): Promise<CalendarEvent> {
  return api(`/events/${id}/occurrences`, eventSchema, { method: "POST", json: body });
}

/** One's own reminders for an event one takes part in, minutes before. */
export function setOwnReminders(id: string, minutes: number[]): Promise<CalendarEvent> {
  return api(`/events/${id}/reminders`, eventSchema, { method: "PUT", json: { minutes } });
}

export function deleteEvent(id: string): Promise<void> {
  return apiVoid(`/events/${id}`, { method: "DELETE" });
}

export type EventAnswer = "accepted" | "declined" | "maybe";

/** My answer to an invitation, with an optional comment (the event is read again afterwards). */
export function respondToEvent(id: string, response: EventAnswer, comment?: string | null): Promise<void> {
  return apiVoid(`/events/${id}/response`, {
    method: "POST",
    json: comment?.trim() ? { response, comment: comment.trim() } : { response },
  });
}

/** After a change: the calendar's reads, busy times, the event itself and what lists it. */
export function refreshCalendarViews(queryClient: QueryClient, event?: CalendarEvent | string) {
  if (typeof event === "string") void queryClient.invalidateQueries({ queryKey: eventQuery(event).queryKey });
  else if (event) queryClient.setQueryData(eventQuery(event.id).queryKey, event);
  void queryClient.invalidateQueries({ queryKey: ["calendar-entries"] });
  void queryClient.invalidateQueries({ queryKey: ["calendar-busy"] });
  void queryClient.invalidateQueries({ queryKey: ["notifications"] });
}
