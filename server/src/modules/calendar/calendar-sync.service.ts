import { createHash } from "node:crypto";
import type { appPasswordWriteSchema } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { hashSecret, newSecret } from "../../platform/auth/tokens";
import { calendarTimeZoneOrThrow } from "../../platform/db/company-zone";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { notFound } from "../../platform/errors/problem";
import type { SyncEventRow } from "./calendar-sync.queries";
import { createEventOrThrow, type EventInput } from "./event.service";
import { type ICalendarEvent, icalendarError, type ParsedEvent, parseCalendarOrThrow } from "./icalendar";

/** App passwords and feed tokens look like this; the prefix tells them apart in a leak report. */
const appPasswordPrefix = "plkapp_";
const feedTokenPrefix = "plkcal_";

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

// App passwords ------------------------------------------------------------------------------------

export async function listAppPasswords(executor: Executor, actor: Actor) {
  const found = await rows<{ id: string; name: string; createdAt: Date | string; lastUsedAt: Date | string | null }>(
    executor,
    sql`select id, name, created_at as "createdAt", last_used_at as "lastUsedAt" from app_passwords
        where user_id = ${actor.user.id} and revoked_at is null order by created_at desc, id`,
  );
  return found.map((row) => ({ ...row, createdAt: iso(row.createdAt)!, lastUsedAt: iso(row.lastUsedAt) }));
}

/** The password is returned this once; only its hash is kept. */
export async function createAppPasswordOrThrow(
  db: Database,
  actor: Actor,
  input: z.output<typeof appPasswordWriteSchema>,
) {
  const password = newSecret(appPasswordPrefix);
  return db.transaction(async (tx) => {
    const [created] = await rows<{ id: string; createdAt: Date | string }>(
      tx,
      sql`insert into app_passwords (user_id, name, password_hash) values (${actor.user.id}, ${input.name}, ${hashSecret(password)})
          returning id, created_at as "createdAt"`,
    );
    await recordAudit(tx, { actorId: actor.user.id, entity: "app-password", entityId: created!.id, action: "create" });
    return { id: created!.id, name: input.name, createdAt: iso(created!.createdAt)!, lastUsedAt: null, password };
  });
}

/** Only one's own; another person's password is «not found». */
export async function revokeAppPasswordOrThrow(db: Database, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    const revoked = await rows<{ id: string }>(
      tx,
      sql`update app_passwords set revoked_at = now()
          where id = ${id} and user_id = ${actor.user.id} and revoked_at is null returning id`,
    );
    if (revoked.length === 0) throw notFound();
    await recordAudit(tx, { actorId: actor.user.id, entity: "app-password", entityId: id, action: "revoke" });
  });
}

// The iCalendar subscription ------------------------------------------------------------------------

export const feedPath = (token: string) => `/api/v1/calendar/feeds/${token}.ics`;

export async function feedStatus(executor: Executor, actor: Actor) {
  const [row] = await rows<{ createdAt: Date | string }>(
    executor,
    sql`select created_at as "createdAt" from calendar_feeds where user_id = ${actor.user.id} and revoked_at is null`,
  );
  return { active: row !== undefined, createdAt: row ? iso(row.createdAt) : null };
}

/** A new secret address; the old one stops working at once. */
export async function createFeedOrThrow(db: Database, actor: Actor) {
  const token = newSecret(feedTokenPrefix);
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`update calendar_feeds set revoked_at = now() where user_id = ${actor.user.id} and revoked_at is null`,
    );
    const [created] = await rows<{ id: string; createdAt: Date | string }>(
      tx,
      sql`insert into calendar_feeds (user_id, token_hash) values (${actor.user.id}, ${hashSecret(token)})
          returning id, created_at as "createdAt"`,
    );
    await recordAudit(tx, { actorId: actor.user.id, entity: "calendar-feed", entityId: created!.id, action: "create" });
    return { path: feedPath(token), createdAt: iso(created!.createdAt)! };
  });
}

export async function revokeFeedOrThrow(db: Database, actor: Actor) {
  await db.transaction(async (tx) => {
    const revoked = await rows<{ id: string }>(
      tx,
      sql`update calendar_feeds set revoked_at = now() where user_id = ${actor.user.id} and revoked_at is null returning id`,
    );
    if (revoked.length === 0) throw notFound();
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "calendar-feed",
      entityId: revoked[0]!.id,
      action: "revoke",
    });
  });
}

/** Whose calendar a feed token opens; a revoked or unknown token (or an inactive person) opens nothing. */
export async function feedOwnerOrThrow(executor: Executor, token: string): Promise<{ userId: string; name: string }> {
  const [row] = await rows<{ userId: string; name: string }>(
    executor,
    sql`select u.id as "userId", u.name from calendar_feeds f join users u on u.id = f.user_id
        where f.token_hash = ${hashSecret(token)} and f.revoked_at is null and u.active`,
  );
  if (!row) throw notFound();
  return row;
}

// Writing and reading iCalendar ---------------------------------------------------------------------

export function icalendarEventOf(row: SyncEventRow): ICalendarEvent {
  return {
    uid: row.icalUid ?? `${row.id}@planerka`,
    title: row.title,
    description: row.description,
    location: row.location,
    videoUrl: row.videoUrl,
    allDay: row.allDay,
    startsAt: row.startsAt === null ? null : new Date(row.startsAt),
    endsAt: row.endsAt === null ? null : new Date(row.endsAt),
    startDate: row.startDate,
    endDate: row.endDate,
    timeZone: row.timeZone,
    recurrence: row.recurrence,
    exceptions: row.exceptions,
    private: row.private,
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
    version: row.version,
    organizer: { name: row.organizerName, email: row.organizerEmail },
    attendees: row.attendees,
  };
}

/** The entity tag of a text: any change a phone would see (an answer too) changes it. */
export function etagOf(text: string) {
  return `"${createHash("sha256").update(text).digest("base64url").slice(0, 27)}"`;
}

/** What the event service takes for a parsed VEVENT (in the caller's own calendar, nobody invited). */
export function eventInputOf(parsed: ParsedEvent): EventInput {
  return {
    calendar: "personal",
    title: parsed.title,
    description: parsed.description,
    location: parsed.location,
    videoUrl: parsed.videoUrl,
    allDay: parsed.allDay,
    startsAt: parsed.startsAt,
    endsAt: parsed.endsAt,
    startDate: parsed.startDate,
    endDate: parsed.endDate,
    timeZone: parsed.timeZone,
    private: parsed.private,
    attendeeIds: [],
    contactIds: [],
    recurrence: parsed.recurrence,
    exceptions: parsed.exceptions,
  };
}

/** An .ics file into one's own calendar: every event or none (one bad event stores nothing). */
export async function importCalendarOrThrow(db: Database, actor: Actor, text: string) {
  const zone = await calendarTimeZoneOrThrow(db, actor.user.id);
  const parsed = parseCalendarOrThrow(text, zone);
  if (parsed.length === 0) throw icalendarError("the file has no events");
  if (parsed.length > 2_000) throw icalendarError("more than 2,000 events in one file");
  return db.transaction(async (tx) => {
    const events: { id: string; title: string }[] = [];
    for (const event of parsed) {
      const created = await createEventOrThrow(tx as unknown as Database, actor, eventInputOf(event));
      events.push({ id: created.id, title: created.title });
    }
    return { created: events.length, events };
  });
}
