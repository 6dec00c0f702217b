import type { GroupAbilities, GroupRole, GroupVisibility, Role } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Executor, rows } from "../../platform/db/database";
import { AppError, conflict, forbidden, invalid, notFound } from "../../platform/errors/problem";
import { visibleGroupCondition } from "./group.queries";

/** A group as a command needs it: its state and the caller's part in it. */
export interface GroupAccess {
  id: string;
  name: string;
  visibility: GroupVisibility;
  archived: boolean;
  chatId: string;
  version: number;
  myRole: GroupRole | null;
  ownerCount: number;
  admin: boolean;
}

/**
 * The group, when the caller may see it (else 404, so a closed group's existence stays hidden).
 * `lock` holds the row for the rest of the transaction, so two member changes never interleave
 * (two owners leaving at once cannot leave the group without one).
 */
export async function groupAccessOrThrow(
  executor: Executor,
  actor: Actor,
  groupId: string,
  options: { lock?: boolean } = {},
): Promise<GroupAccess> {
  const [group] = await rows<Omit<GroupAccess, "admin">>(
    executor,
    sql`select g.id, g.name, g.visibility, g.archived_at is not null as archived, g.chat_id as "chatId", g.version,
          (select m.role from group_members m where m.group_id = g.id and m.user_id = ${actor.user.id}) as "myRole",
          (select count(*)::int from group_members o where o.group_id = g.id and o.role = 'owner') as "ownerCount"
        from groups g
        where g.id = ${groupId} and ${visibleGroupCondition(actor.user)}
        ${options.lock ? sql`for update of g` : sql``}`,
  );
  if (!group) throw notFound();
  return { ...group, admin: actor.user.role === "admin" };
}

/**
 * Owners and moderators (and admins) edit the group and manage its members; only owners (and
 * admins) make or unmake owners and archive it. Members join and leave; the last owner stays.
 */
export function groupAbilitiesOf(access: Omit<GroupAccess, "id" | "name" | "chatId" | "version">): GroupAbilities {
  const owner = access.myRole === "owner" || access.admin;
  const manage = owner || access.myRole === "moderator";
  const member = access.myRole !== null;
  const lastOwner = access.myRole === "owner" && access.ownerCount <= 1;
  return {
    edit: manage && !access.archived,
    manageMembers: manage && !access.archived,
    manageOwners: owner && !access.archived,
    archive: owner,
    join: !member && access.visibility === "open" && !access.archived,
    leave: member && !lastOwner,
    addTasks: member && !access.archived,
  };
}

export function assertMayOrThrow(allowed: boolean, detail: string) {
  if (!allowed) throw forbidden(detail);
}

export function assertActiveGroupOrThrow(access: Pick<GroupAccess, "archived">) {
  if (access.archived) throw conflict("The group is archived; restore it first");
}

/**
 * The group a task is put into: the caller must be a member of it, and it must not be archived.
 * A group the caller may not see is "no such group" (404 naming the field); one they see but do
 * not belong to is 422 naming it.
 */
export async function assertTaskGroupOrThrow(
  executor: Executor,
  user: { id: string; role: Role },
  groupId: string,
): Promise<void> {
  const [group] = await rows<{ member: boolean; archived: boolean }>(
    executor,
    sql`select exists (select 1 from group_members m where m.group_id = g.id and m.user_id = ${user.id}) as member,
          g.archived_at is not null as archived
        from groups g where g.id = ${groupId} and ${visibleGroupCondition(user)}`,
  );
  if (!group)
    throw new AppError(404, "Not Found", "groupId: No such group", [{ path: "groupId", message: "No such group" }]);
  if (!group.member) throw invalid("groupId", "Only the group's members put tasks into it");
  if (group.archived) throw invalid("groupId", "The group is archived");
}

/** A group the caller may see (for the task list's filter); else 404. */
export async function assertVisibleGroupOrThrow(executor: Executor, user: { id: string; role: Role }, groupId: string) {
  const [group] = await rows<{ id: string }>(
    executor,
    sql`select g.id from groups g where g.id = ${groupId} and ${visibleGroupCondition(user)}`,
  );
  if (!group) throw notFound();
}
