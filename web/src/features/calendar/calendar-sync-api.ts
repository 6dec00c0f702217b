import {
  type AppPassword,
  appPasswordCreatedSchema,
  appPasswordSchema,
  calendarFeedCreatedSchema,
  calendarFeedSchema,
  calendarImportResultSchema,
} from "@planerka/common";
import { queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import { api, apiVoid } from "../../lib/api";

/** My app passwords for phones (CalDAV); the password itself is never read back. */
export const appPasswordsQuery = queryOptions({
  queryKey: ["me", "app-passwords"],
  queryFn: ({ signal }) => api("/me/app-passwords", z.object({ items: z.array(appPasswordSchema) }), { signal }),
});

/** A new app password, named after the phone: the answer carries the password this once. */
export function createAppPassword(name: string): Promise<AppPassword & { password: string }> {
  return api("/me/app-passwords", appPasswordCreatedSchema, { method: "POST", json: { name } });
}

export function revokeAppPassword(id: string): Promise<void> {
  return apiVoid(`/me/app-passwords/${id}`, { method: "DELETE" });
}

/** Whether my iCalendar subscription is on, and since when. */
export const calendarFeedQuery = queryOptions({
  queryKey: ["me", "calendar-feed"],
  queryFn: ({ signal }) => api("/me/calendar-feed", calendarFeedSchema, { signal }),
});

/** A new secret address (the old one stops working); its path is answered this once. */
export function createCalendarFeed() {
  return api("/me/calendar-feed", calendarFeedCreatedSchema, { method: "POST" });
}

export function revokeCalendarFeed(): Promise<void> {
  return apiVoid("/me/calendar-feed", { method: "DELETE" });
}

/** The server refuses an .ics file above this before reading it. */
export const calendarImportLimit = 10 * 1024 * 1024;

/** An .ics file's text into my calendar: every event of it, or none (400 saying why). */
export function importCalendar(text: string) {
  return api("/calendar/import", calendarImportResultSchema, {
    method: "POST",
    blob: new Blob([text], { type: "text/calendar" }),
  });
}

/** The phone's address for CalDAV (the server's own discovery starts there). */
export const caldavAddress = (origin: string) => `${origin}/dav/`;
