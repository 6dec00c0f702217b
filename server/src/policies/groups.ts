import type { GroupAbilities, GroupRole, GroupVisibility, Role } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import { type Executor, rows } from "../platform/db/database";
import { AppError, invalid, notFound } from "../platform/errors/problem";

// Groups are seen by membership, not by hierarchy: the access matrix has no groups, and a closed
// group is hidden from everyone outside it, heads above its members included. Only the
// administrator sees every group (fixed by role: they answer for the portal's content).

/** Whether the user sees every group, closed ones included. */
export function seesEveryGroup(user: { role: Role }): boolean {
  return user.role === "admin";
}

/**
 * SQL true for the groups (`alias`) the caller may see: every open group, the closed ones they are
 * a member of; an admin sees them all. The one rule behind the list, the page and every member
 * action, so a closed group is 404 everywhere for anyone else.
 */
export function visibleGroupCondition(user: { id: string; role: Role }, alias = "g"): SQL {
  if (seesEveryGroup(user)) return sql`true`;
  const g = sql.raw(alias);
  return sql`(${g}.visibility = 'open' or exists (select 1 from group_members seen_by
    where seen_by.group_id = ${g}.id and seen_by.user_id = ${user.id}))`;
}

/** What the group abilities are decided from: the group's state and the caller's part in it. */
export interface GroupStanding {
  visibility: GroupVisibility;
  archived: boolean;
  myRole: GroupRole | null;
  ownerCount: number;
  /** The caller sees and manages every group (`seesEveryGroup`). */
  admin: boolean;
}

/**
 * Owners and moderators (and admins) edit the group and manage its members; only owners (and
 * admins) make or unmake owners and archive it. Members join and leave; the last owner stays.
 */
export function groupAbilitiesOf(standing: GroupStanding): GroupAbilities {
  const owner = standing.myRole === "owner" || standing.admin;
  const manage = owner || standing.myRole === "moderator";
  const member = standing.myRole !== null;
  const lastOwner = standing.myRole === "owner" && standing.ownerCount <= 1;
  return {
    edit: manage && !standing.archived,
    manageMembers: manage && !standing.archived,
    manageOwners: owner && !standing.archived,
    archive: owner,
    join: !member && standing.visibility === "open" && !standing.archived,
    leave: member && !lastOwner,
    addTasks: member && !standing.archived,
  };
}

/**
 * The group something is put into (a task, a calendar event): the caller must be a member of it,
 * and it must not be archived. A group the caller may not see is "no such group" (404 naming the
 * field); one they see but do not belong to is 422 naming it.
 */
export async function assertGroupMemberOrThrow(
  executor: Executor,
  user: { id: string; role: Role },
  groupId: string,
  what: "tasks" | "events",
): Promise<void> {
  const [group] = await rows<{ member: boolean; archived: boolean }>(
    executor,
    sql`select exists (select 1 from group_members m where m.group_id = g.id and m.user_id = ${user.id}) as member,
          g.archived_at is not null as archived
        from groups g where g.id = ${groupId} and ${visibleGroupCondition(user)}`,
  );
  if (!group)
    throw new AppError(404, "Not Found", "groupId: No such group", [{ path: "groupId", message: "No such group" }]);
  if (!group.member)
    throw invalid(
      "groupId",
      what === "tasks"
        ? "Only the group's members put tasks into it"
        : "Only the group's members put events into its calendar",
    );
  if (group.archived) throw invalid("groupId", "The group is archived");
}

/** A group the caller may see (for the task list's filter); else 404. */
export async function assertVisibleGroupOrThrow(
  executor: Executor,
  user: { id: string; role: Role },
  groupId: string,
): Promise<void> {
  const [group] = await rows<{ id: string }>(
    executor,
    sql`select g.id from groups g where g.id = ${groupId} and ${visibleGroupCondition(user)}`,
  );
  if (!group) throw notFound();
}
