import type { Role } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "../platform/db/database";
import type { AccessScope } from "../platform/scope/access-scope";
import { assertGroupMemberOrThrow } from "./groups";

// Who sees a calendar event (issue #18), in one place for the event's own routes, the range and
// busy reads and the CRM timelines.
//
// An event is seen in full by its organizer and its attendees; unless it is private, also by the
// members of its group (a group's calendar), by everyone (the company's calendar), and by those
// whose `activities` read level reaches the organizer — heads see their people's meetings as they
// see their activities; tops and admins (level `all`) see every event that is not private. A
// private event is the organizer's and the attendees' alone: nobody else, admins included, sees
// more of it than «занят» (`busyOnly`) in someone's range or busy time. Anyone who does not see an
// event gets 404 from every route of it, never 403.

/**
 * SQL true for the events (`alias`) the caller sees in full. The one rule behind the event's page,
 * its answers and changes, the range read's titles and the CRM timelines.
 */
export function eventSeenCondition(scope: AccessScope, alias = "e"): SQL {
  const e = sql.raw(alias);
  const me = scope.user.id;
  return sql`(${e}.organizer_id = ${me}
    or exists (select 1 from calendar_event_attendees seen_attendee
      where seen_attendee.event_id = ${e}.id and seen_attendee.user_id = ${me})
    or (not ${e}.private and (
      ${e}.calendar = 'company'
      or (${e}.calendar = 'group' and exists (select 1 from group_members seen_member
        where seen_member.group_id = ${e}.group_id and seen_member.user_id = ${me}))
      or ${scope.ownerCondition("activities", "read", sql`${e}.organizer_id`)})))`;
}

/** What the abilities of an event are decided from: the caller's part in it. */
export interface EventStanding {
  organizer: boolean;
  attendee: boolean;
  role: Role;
}

/**
 * The organizer changes and deletes the event; so does an administrator (fixed by role: they answer
 * for the portal's content, as for groups) — only events they see, so never someone's private one.
 * Invited attendees other than the organizer answer.
 */
export function eventAbilitiesOf(standing: EventStanding): { edit: boolean; delete: boolean; respond: boolean } {
  const manage = standing.organizer || standing.role === "admin";
  return { edit: manage, delete: manage, respond: standing.attendee && !standing.organizer };
}

/** A timed activity shows its subject in someone's calendar only to a caller whose activities read level reaches its owner. */
export function activitySeenCondition(scope: AccessScope, ownerColumn: SQL): SQL {
  return scope.ownerCondition("activities", "read", ownerColumn);
}

/** The group whose calendar an event goes into: as for a group's tasks, its member, not archived. */
export function assertEventGroupOrThrow(executor: Executor, user: { id: string; role: Role }, groupId: string) {
  return assertGroupMemberOrThrow(executor, user, groupId, "events");
}
