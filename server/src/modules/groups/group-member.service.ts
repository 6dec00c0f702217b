import type { GroupDetail, GroupRole } from "@planerka/common";
import { sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { AppError, forbidden, invalid, notFound } from "../../platform/errors/problem";
import { notify } from "../../platform/notifications/notify";
import { groupAbilitiesOf } from "../../policies/groups";
import { syncChatMembers } from "../chat/chat.service";
import { groupDetailOrThrow } from "./group.service";
import { assertActiveGroupOrThrow, assertMayOrThrow, type GroupAccess, groupAccessOrThrow } from "./group-access";

/** A state the change would break, naming the field that asked for it. */
const conflictOn = (path: string, message: string) => new AppError(409, "Conflict", message, [{ path, message }]);

const lastOwner = () => conflictOn("userId", "The group needs an owner: make someone else an owner first");

async function memberRoleOf(executor: Executor, groupId: string, userId: string): Promise<GroupRole | null> {
  const [row] = await rows<{ role: GroupRole }>(
    executor,
    sql`select role from group_members where group_id = ${groupId} and user_id = ${userId}`,
  );
  return row?.role ?? null;
}

/** The member-managing right, with owners' roles reserved to owners (and admins). */
function assertMayManageOrThrow(access: GroupAccess, touchesOwner: boolean) {
  const abilities = groupAbilitiesOf({ ...access, archived: false });
  assertMayOrThrow(abilities.manageMembers, "Only the group's owners and moderators manage its members");
  if (touchesOwner) assertMayOrThrow(abilities.manageOwners, "Only the group's owners make or change owners");
  assertActiveGroupOrThrow(access);
}

/** Adds a colleague (an active employee) with a role; they join the group's chat in the same transaction. */
export async function addGroupMemberOrThrow(
  db: Database,
  actor: Actor,
  groupId: string,
  input: { userId: string; role: GroupRole },
): Promise<GroupDetail> {
  return db.transaction(async (tx) => {
    const access = await groupAccessOrThrow(tx, actor, groupId, { lock: true });
    assertMayManageOrThrow(access, input.role === "owner");
    const [user] = await rows<{ id: string }>(tx, sql`select id from users where id = ${input.userId} and active`);
    if (!user) throw invalid("userId", "Choose an active employee");
    if ((await memberRoleOf(tx, groupId, input.userId)) !== null) {
      throw conflictOn("userId", "Already a member of the group");
    }
    await tx.execute(
      sql`insert into group_members (group_id, user_id, role) values (${groupId}, ${input.userId}, ${input.role})`,
    );
    await syncChatMembers(tx, actor.user.id, access.chatId, { add: [input.userId] });
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "group",
      entityId: groupId,
      action: "member_add",
      changes: [{ field: "members", old: null, new: { userId: input.userId, role: input.role } }],
    });
    await notify(tx, [
      {
        userId: input.userId,
        kind: "group_added",
        title: access.name,
        link: `/groups/${groupId}`,
        actorId: actor.user.id,
      },
    ]);
    return groupDetailOrThrow(tx, actor, groupId);
  });
}

/** Changes a member's role; the last owner keeps theirs. */
export async function changeGroupMemberRoleOrThrow(
  db: Database,
  actor: Actor,
  groupId: string,
  userId: string,
  role: GroupRole,
): Promise<GroupDetail> {
  return db.transaction(async (tx) => {
    const access = await groupAccessOrThrow(tx, actor, groupId, { lock: true });
    const current = await memberRoleOf(tx, groupId, userId);
    assertMayManageOrThrow(access, current === "owner" || role === "owner");
    if (current === null) throw notFound("Not a member of this group");
    if (current === role) return groupDetailOrThrow(tx, actor, groupId);
    if (current === "owner" && access.ownerCount <= 1) throw lastOwner();
    await tx.execute(sql`update group_members set role = ${role} where group_id = ${groupId} and user_id = ${userId}`);
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "group",
      entityId: groupId,
      action: "member_role",
      changes: [{ field: `members.${userId}.role`, old: current, new: role }],
    });
    return groupDetailOrThrow(tx, actor, groupId);
  });
}

/**
 * Owners and moderators remove members (owners only remove owners); anyone removes themselves,
 * which is leaving — even from an archived group. The last owner cannot leave. The person leaves
 * the group's chat in the same transaction.
 */
export async function removeGroupMemberOrThrow(db: Database, actor: Actor, groupId: string, userId: string) {
  await db.transaction(async (tx) => {
    const access = await groupAccessOrThrow(tx, actor, groupId, { lock: true });
    const leaving = userId === actor.user.id;
    const current = await memberRoleOf(tx, groupId, userId);
    if (!leaving) assertMayManageOrThrow(access, current === "owner");
    if (current === null) throw notFound("Not a member of this group");
    if (current === "owner" && access.ownerCount <= 1) throw lastOwner();
    await tx.execute(sql`delete from group_members where group_id = ${groupId} and user_id = ${userId}`);
    await syncChatMembers(tx, actor.user.id, access.chatId, { remove: [userId] });
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "group",
      entityId: groupId,
      action: leaving ? "leave" : "member_remove",
      changes: [{ field: "members", old: { userId, role: current }, new: null }],
    });
  });
}

/** Anyone joins an open group (and its chat); joining again changes nothing. */
export async function joinGroupOrThrow(db: Database, actor: Actor, groupId: string): Promise<GroupDetail> {
  return db.transaction(async (tx) => {
    const access = await groupAccessOrThrow(tx, actor, groupId, { lock: true });
    if (access.myRole !== null) return groupDetailOrThrow(tx, actor, groupId);
    if (access.visibility !== "open") throw forbidden("A closed group is joined when an owner or moderator adds you");
    assertActiveGroupOrThrow(access);
    await tx.execute(
      sql`insert into group_members (group_id, user_id, role) values (${groupId}, ${actor.user.id}, 'member')`,
    );
    await syncChatMembers(tx, actor.user.id, access.chatId, { add: [actor.user.id] });
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "group",
      entityId: groupId,
      action: "join",
      changes: [{ field: "members", old: null, new: { userId: actor.user.id, role: "member" } }],
    });
    return groupDetailOrThrow(tx, actor, groupId);
  });
}
