import { type SQL, sql } from "drizzle-orm";
import type { Actor } from "../platform/auth/authenticate";
import { type Executor, rows } from "../platform/db/database";
import { invalid } from "../platform/errors/problem";
import { unitsAbove, unitsBelow } from "../platform/scope/units-below";

// The feed is seen by audience, not by hierarchy: a post is for the whole company, units (with
// everything below them), groups' members or named people, and nobody else sees it — heads above
// the audience and administrators included (fixed by role: an announcement is a letter, not a
// record). Its author always sees it. A closed group's posts therefore never appear elsewhere.

/** SQL true for the posts (`alias`) the caller is in the audience of, or wrote. */
export function visiblePostCondition(actor: Actor, alias = "p"): SQL {
  const p = sql.raw(alias);
  const me = actor.user.id;
  return sql`(${p}.author_id = ${me} or ${p}.to_company or exists (select 1 from feed_post_audience seen_by
    where seen_by.post_id = ${p}.id and (
      (seen_by.subject_type = 'user' and seen_by.subject_id = ${me})
      or (seen_by.subject_type = 'unit' and seen_by.subject_id in (select id from ${unitsAbove(sql`${actor.user.unitId}::uuid`)} mine))
      or (seen_by.subject_type = 'group' and seen_by.subject_id in (select group_id from group_members where user_id = ${me})))))`;
}

/** The active people a post (`postId`: an id or a column) is for: its audience today, the author excluded. */
export function audienceMembers(postId: SQL): SQL {
  return sql`(select u.id from users u where u.active and u.id <> (select author_id from feed_posts where id = ${postId}) and (
    (select to_company from feed_posts where id = ${postId})
    or u.id in (select subject_id from feed_post_audience where post_id = ${postId} and subject_type = 'user')
    or u.unit_id in ${unitsBelow(sql`select subject_id from feed_post_audience where post_id = ${postId} and subject_type = 'unit'`)}
    or u.id in (select m.user_id from group_members m join feed_post_audience a on a.subject_id = m.group_id
      where a.post_id = ${postId} and a.subject_type = 'group')))`;
}

/** Whole-company posts and pinning are announcements: administrators, tops and heads make them. */
export function mayAnnounce(actor: Actor): boolean {
  return actor.user.role === "admin" || actor.user.role === "top" || actor.user.role === "head";
}

/**
 * Checks who a post may go to: the company (announcers), units the caller belongs to or heads
 * (anyone may write to their own unit; `all` reporters to any unit), groups they are a member of,
 * active people. Anything else is refused naming the field, as if it did not exist.
 */
export async function assertAudienceAllowedOrThrow(
  executor: Executor,
  actor: Actor,
  audience: { company: boolean; unitIds: string[]; groupIds: string[]; userIds: string[] },
): Promise<void> {
  if (audience.company && !mayAnnounce(actor))
    throw invalid("audience.company", "Only administrators, tops and heads post to the whole company");
  const own = await rows<{ id: string }>(
    executor,
    sql`select id from ${unitsAbove(sql`${actor.user.unitId}::uuid`)} mine`,
  );
  const ownUnits = new Set(own.map((row) => row.id));
  for (const unitId of new Set(audience.unitIds)) {
    const reachable = ownUnits.has(unitId) || actor.scope.canReachUnit("deals", "read", unitId);
    if (!reachable) throw invalid("audience.unitIds", "Write to your own units or the units you head");
    const [exists] = await rows(executor, sql`select 1 from units where id = ${unitId} and deleted_at is null`);
    if (!exists) throw invalid("audience.unitIds", "No such unit");
  }
  for (const groupId of new Set(audience.groupIds)) {
    const [member] = await rows(
      executor,
      sql`select 1 from group_members m join groups g on g.id = m.group_id
          where m.group_id = ${groupId} and m.user_id = ${actor.user.id} and g.archived_at is null`,
    );
    if (!member) throw invalid("audience.groupIds", "Write to the groups you are a member of");
  }
  const userIds = [...new Set(audience.userIds)];
  if (userIds.length > 0) {
    const found = await rows<{ id: string }>(
      executor,
      sql`select id from users where active and id in (${sql.join(
        userIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
    );
    if (found.length !== userIds.length) throw invalid("audience.userIds", "No such employee");
  }
}
