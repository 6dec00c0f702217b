import type { CalendarEntry, CalendarEvent } from "@planerka/common";
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { type Database, rows } from "../../platform/db/database";
import type { Client } from "../../testing/test-app";

/** Shared by the calendar tests: creating events through the API and reading what they left. */

export async function createEventAs(client: Client, body: Record<string, unknown>): Promise<CalendarEvent> {
  const response = await client.request("POST", "/api/v1/events", body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as CalendarEvent;
}

/** A timed event body: `hours` from `start` (an instant). */
export function meeting(title: string, start: string, hours = 1, more: Record<string, unknown> = {}) {
  return {
    title,
    startsAt: start,
    endsAt: new Date(Date.parse(start) + hours * 3_600_000).toISOString(),
    ...more,
  };
}

export async function rangeAs(client: Client, query: string): Promise<CalendarEntry[]> {
  const response = await client.request("GET", `/api/v1/calendar/entries?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { items: CalendarEntry[] }).items;
}

export const errorPaths = (response: { json(): unknown }) =>
  ((response.json() as { errors?: { path: string }[] }).errors ?? []).map((error) => error.path);

/** Everything the calendar stores, for "nothing changed" checks. */
export function calendarState(db: Database) {
  return rows(
    db,
    sql`select (select json_agg(e order by e.id) from calendar_events e) as events,
               (select json_agg(a order by a.event_id, a.user_id) from calendar_event_attendees a) as attendees,
               (select json_agg(c order by c.event_id, c.contact_id) from calendar_event_contacts c) as contacts,
               (select json_agg(r order by r.event_id, r.user_id, r.minutes_before) from calendar_event_reminders r) as reminders,
               (select count(*)::int from notifications) as notifications,
               (select count(*)::int from audit_log where entity = 'event') as audits`,
  );
}

export function notificationsOf(db: Database, userId: string) {
  return rows<{ kind: string; title: string; body: string | null; link: string | null; actorId: string | null }>(
    db,
    sql`select kind, title, body, link, actor_id as "actorId" from notifications where user_id = ${userId} order by seq`,
  );
}

/** A day `days` after today in Almaty, as YYYY-MM-DD. */
export function dayFromToday(days: number): string {
  const today = new Date(Date.now() + 5 * 3_600_000);
  today.setUTCDate(today.getUTCDate() + days);
  return today.toISOString().slice(0, 10);
}

/** The instant a wall-clock time on `day` names in Almaty (UTC+5). */
export const almaty = (day: string, time: string) => new Date(`${day}T${time}:00+05:00`).toISOString();
