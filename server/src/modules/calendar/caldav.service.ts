import type { Actor } from "../../platform/auth/authenticate";
import { calendarTimeZoneOrThrow } from "../../platform/db/company-zone";
import type { Database, Executor } from "../../platform/db/database";
import { AppError, forbidden } from "../../platform/errors/problem";
import {
  changedEventIds,
  davNamesOf,
  latestChangeSeq,
  type SyncEventFilter,
  syncEventRows,
} from "./calendar-sync.queries";
import { etagOf, eventInputOf, icalendarEventOf } from "./calendar-sync.service";
import { createEventOrThrow, deleteEventOrThrow, updateEventOrThrow } from "./event.service";
import { respondToEventOrThrow } from "./event-answer.service";
import { calendarText, icalendarError, parseCalendarOrThrow } from "./icalendar";

/**
 * The person's calendar as a CalDAV collection: each event one resource (`<name>.ics`) whose
 * entity tag follows its text. A phone's write goes through the same event service as the portal's,
 * so its checks, audit, invitations and notices hold for phones too.
 */

export interface CalendarResource {
  eventId: string;
  name: string;
  etag: string;
  text: string;
  organizerId: string;
  version: number;
}

export async function calendarResources(
  executor: Executor,
  actor: Actor,
  filter: SyncEventFilter = {},
): Promise<CalendarResource[]> {
  const found = await syncEventRows(executor, actor.user.id, filter);
  return found.map((row) => {
    const text = calendarText([icalendarEventOf(row)]);
    return {
      eventId: row.id,
      name: row.davName,
      etag: etagOf(text),
      text,
      organizerId: row.organizerId,
      version: row.version,
    };
  });
}

export const syncTokenOf = (seq: number) => `https://planerka.kz/ns/sync/${seq}`;

/** The changes since a sync token: the resources still there and the names of those gone. */
export async function changesSinceOrThrow(executor: Executor, actor: Actor, token: string | null) {
  const latest = await latestChangeSeq(executor, actor.user.id);
  if (!token) return { latest, present: await calendarResources(executor, actor), gone: [] as string[] };
  const match = /\/sync\/(\d+)$/.exec(token);
  const since = match ? Number(match[1]) : Number.NaN;
  if (!Number.isSafeInteger(since) || since > latest) throw new AppError(403, "Forbidden", "valid-sync-token");
  const changed = await changedEventIds(executor, actor.user.id, since);
  const present = changed.length === 0 ? [] : await calendarResources(executor, actor, { eventIds: changed });
  const presentIds = new Set(present.map((resource) => resource.eventId));
  const names = await davNamesOf(
    executor,
    changed.filter((id) => !presentIds.has(id)),
  );
  return { latest, present, gone: [...names.values()] };
}

export interface PutConditions {
  ifMatch?: string;
  ifNoneMatch?: string;
}

const preconditionFailed = () => new AppError(412, "Precondition Failed", "The event changed since the phone read it");

/**
 * A phone stores one event: a new name creates it (the phone's person organizes it); an existing
 * one is changed by its organizer, or answered by an attendee (their PARTSTAT is all they change).
 */
export async function putResourceOrThrow(
  db: Database,
  actor: Actor,
  name: string,
  text: string,
  conditions: PutConditions,
): Promise<{ created: boolean; etag: string }> {
  const zone = await calendarTimeZoneOrThrow(db, actor.user.id);
  const events = parseCalendarOrThrow(text, zone);
  if (events.length !== 1) throw icalendarError("a calendar resource holds exactly one event (one UID)");
  const parsed = events[0]!;
  const [existing] = await calendarResources(db, actor, { davNames: [name] });
  if (conditions.ifNoneMatch === "*" && existing) throw preconditionFailed();
  if (conditions.ifMatch && (!existing || !matches(conditions.ifMatch, existing.etag))) throw preconditionFailed();
  if (!existing) {
    await createEventOrThrow(db, actor, eventInputOf(parsed), { icalUid: parsed.uid, davName: name });
  } else {
    if (existing.organizerId === actor.user.id) {
      const {
        calendar: _calendar,
        groupId: _groupId,
        attendeeIds: _attendees,
        contactIds: _contacts,
        ...patch
      } = eventInputOf(parsed);
      await updateEventOrThrow(db, actor, existing.eventId, { ...patch, version: existing.version });
    } else {
      const response = attendeeAnswer(text, actor);
      if (!response) throw forbidden("Only the organizer changes this event; an attendee only answers");
      await respondToEventOrThrow(db, actor, existing.eventId, { response });
    }
  }
  const [stored] = await calendarResources(db, actor, { davNames: [name] });
  return { created: !existing, etag: stored!.etag };
}

/** A phone deletes an event: its organizer deletes it; an attendee declines it. */
export async function deleteResourceOrThrow(db: Database, actor: Actor, name: string, ifMatch: string | undefined) {
  const [existing] = await calendarResources(db, actor, { davNames: [name] });
  if (!existing) return false;
  if (ifMatch && !matches(ifMatch, existing.etag)) throw preconditionFailed();
  if (existing.organizerId === actor.user.id) await deleteEventOrThrow(db, actor, existing.eventId);
  else await respondToEventOrThrow(db, actor, existing.eventId, { response: "declined" });
  return true;
}

function matches(header: string, etag: string) {
  return header
    .split(",")
    .map((value) => value.trim().replace(/^W\//, ""))
    .some((value) => value === "*" || value === etag);
}

/** The caller's own PARTSTAT in a phone's copy of an event they are invited to. */
function attendeeAnswer(text: string, actor: Actor): "accepted" | "declined" | "maybe" | null {
  const unfolded = text.replace(/\r?\n[ \t]/g, "");
  for (const line of unfolded.split(/\r?\n/)) {
    if (!/^ATTENDEE[;:]/i.test(line)) continue;
    const name = /CN="?([^";:]+)"?/i.exec(line)?.[1];
    const mail = /:mailto:(.+)$/i.exec(line)?.[1]?.trim().toLowerCase();
    const isMe = name === actor.user.name || (mail !== undefined && mail === actor.user.login.toLowerCase());
    if (!isMe) continue;
    const status = /PARTSTAT=([A-Z-]+)/i.exec(line)?.[1]?.toUpperCase();
    if (status === "ACCEPTED") return "accepted";
    if (status === "DECLINED") return "declined";
    if (status === "TENTATIVE") return "maybe";
  }
  return null;
}
