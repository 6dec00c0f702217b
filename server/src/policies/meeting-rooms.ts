import { type SQL, sql } from "drizzle-orm";
import type { AccessScope } from "../platform/scope/access-scope";
import { eventSeenCondition } from "./calendar";

// Who may be in an online meeting room (issue #22). A room belongs to a calendar event or to a
// group and has no members of its own: an event's room is for whoever sees the event in full (its
// organizer and attendees, and those `eventSeenCondition` lets see it — a private event's room is
// its attendees' alone); a group's room is for its members only — not for the employees who may
// read an open group, nor for administrators outside it (fixed by role: a meeting is for those
// taking part, like a closed group's chat). Everyone else gets 404 from every route and every
// signalling frame, as for a room that does not exist.

/** SQL true for the events (`alias`) whose room the caller may enter. */
export function eventRoomCondition(scope: AccessScope, alias = "e"): SQL {
  return sql`(${sql.raw(alias)}.deleted_at is null and ${eventSeenCondition(scope, alias)})`;
}

/** SQL true for the groups (by id column) whose room the caller may enter: they are its member. */
export function groupRoomCondition(userId: string, groupIdColumn: SQL): SQL {
  return sql`exists (select 1 from group_members room_member
    where room_member.group_id = ${groupIdColumn} and room_member.user_id = ${userId})`;
}

/** SQL true for the rooms (`alias`) the caller may enter. */
export function meetingRoomCondition(scope: AccessScope, alias = "r"): SQL {
  const r = sql.raw(alias);
  return sql`((${r}.event_id is not null and exists (select 1 from calendar_events room_event
      where room_event.id = ${r}.event_id and ${eventRoomCondition(scope, "room_event")}))
    or (${r}.group_id is not null and ${groupRoomCondition(scope.user.id, sql`${r}.group_id`)}))`;
}

/**
 * Who ends a meeting (and so writes its minutes) and removes anyone's agenda lines: the event's
 * organizer — or an administrator who sees it, as they may change the event — and the group's
 * owners and moderators. Everyone in the room adds and ticks items, chats and sets tasks.
 */
export function meetingChairCondition(scope: AccessScope, alias = "r"): SQL {
  const r = sql.raw(alias);
  const admin = scope.user.role === "admin" ? sql`true` : sql`false`;
  return sql`((${r}.event_id is not null and exists (select 1 from calendar_events chair_event
      where chair_event.id = ${r}.event_id and (chair_event.organizer_id = ${scope.user.id} or ${admin})))
    or (${r}.group_id is not null and exists (select 1 from group_members chair_member
      where chair_member.group_id = ${r}.group_id and chair_member.user_id = ${scope.user.id}
        and chair_member.role in ('owner', 'moderator'))))`;
}
