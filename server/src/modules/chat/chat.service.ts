import type { ChatDetail, chatListSchema, LinkableEntity } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { forbidden, invalid, notFound } from "../../platform/errors/problem";
import { publishRealtime } from "../../platform/realtime/realtime-events";
import { findResource } from "../crm/crm-resource";
import { presentDetail, presentSummary } from "./chat.presenter";
import { chatMembers, chatSummaries } from "./chat.queries";
import { chatAccessOrThrow, ownChatCondition, recordSpecs } from "./chat-access";
import { onlineUserIds } from "./chat-presence";

type ChatList = z.infer<typeof chatListSchema>;

export const idList = (ids: readonly string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

/** The caller's chats, newest conversation first; record chats only while the record is theirs to read. */
export async function listChats(executor: Executor, actor: Actor): Promise<ChatList> {
  const found = await chatSummaries(executor, actor.user.id, ownChatCondition(actor.scope));
  const online = await onlineUserIds(executor, [...new Set(found.flatMap((row) => (row.peerId ? [row.peerId] : [])))]);
  const items = found.map((row) => presentSummary(row, online));
  return { items, unreadTotal: items.reduce((total, item) => total + item.unread, 0) };
}

/** A chat the caller is a member of (checked by the caller of this function). */
async function detailOf(executor: Executor, actor: Actor, chatId: string): Promise<ChatDetail> {
  const [row] = await chatSummaries(executor, actor.user.id, sql`ch.id = ${chatId}`);
  if (!row) throw notFound();
  const members = await chatMembers(executor, chatId);
  const online = await onlineUserIds(
    executor,
    members.map((member) => member.id),
  );
  return presentDetail(row, members, online);
}

/** Opening a chat; a reader of a record chat joins it here, so its pushes reach them. */
export async function chatDetailOrThrow(db: Database, actor: Actor, chatId: string): Promise<ChatDetail> {
  return db.transaction(async (tx) => {
    await chatAccessOrThrow(tx, actor, chatId, { join: true });
    return detailOf(tx, actor, chatId);
  });
}

/** Everyone named must be an active employee; the field is named otherwise and nothing is stored. */
async function activeUserIdsOrThrow(executor: Executor, ids: readonly string[], path: string): Promise<string[]> {
  const wanted = [...new Set(ids)];
  const found = await rows<{ id: string }>(
    executor,
    sql`select id from users where active and id in (${idList(wanted)})`,
  );
  if (found.length !== wanted.length) throw invalid(path, "Choose active employees");
  return wanted;
}

async function addMembers(executor: Executor, chatId: string, userIds: readonly string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const added = await rows<{ userId: string }>(
    executor,
    sql`insert into chat_members (chat_id, user_id, role)
        select ${chatId}, u.id, 'member' from users u where u.id in (${idList(userIds)})
        on conflict do nothing returning user_id as "userId"`,
  );
  return added.map((row) => row.userId);
}

async function announceCreated(executor: Executor, actor: Actor, chatId: string, kind: string, memberIds: string[]) {
  await recordAudit(executor, {
    actorId: actor.user.id,
    entity: "chat",
    entityId: chatId,
    action: "create",
    changes: [
      { field: "kind", old: null, new: kind },
      { field: "members", old: null, new: memberIds },
    ],
  });
  await publishRealtime(executor, { type: "chat_changed", chatId });
}

export async function createGroupChatOrThrow(
  db: Database,
  actor: Actor,
  input: { title: string; memberIds: string[] },
): Promise<ChatDetail> {
  return db.transaction(async (tx) => {
    const others = (await activeUserIdsOrThrow(tx, input.memberIds, "memberIds")).filter((id) => id !== actor.user.id);
    const [chat] = await rows<{ id: string }>(
      tx,
      sql`insert into chats (kind, title, created_by) values ('group', ${input.title}, ${actor.user.id}) returning id`,
    );
    await tx.execute(
      sql`insert into chat_members (chat_id, user_id, role) values (${chat!.id}, ${actor.user.id}, 'owner')`,
    );
    await addMembers(tx, chat!.id, others);
    await announceCreated(tx, actor, chat!.id, "group", [actor.user.id, ...others]);
    return detailOf(tx, actor, chat!.id);
  });
}

/** One chat per pair, found by the two ids sorted and joined; a second call returns the same chat. */
export async function openDirectChatOrThrow(
  db: Database,
  actor: Actor,
  userId: string,
): Promise<{ chat: ChatDetail; created: boolean }> {
  if (userId === actor.user.id) throw invalid("userId", "Choose someone other than yourself");
  return db.transaction(async (tx) => {
    const [other] = await rows<{ id: string }>(tx, sql`select id from users where id = ${userId} and active`);
    if (!other) throw invalid("userId", "Choose an active employee");
    const directKey = [actor.user.id, other.id].sort().join(":");
    // Two people opening the chat at once: the second insert waits for the first and does nothing.
    const [inserted] = await rows<{ id: string }>(
      tx,
      sql`insert into chats (kind, direct_key, created_by) values ('direct', ${directKey}, ${actor.user.id})
          on conflict (direct_key) do nothing returning id`,
    );
    if (inserted) {
      await tx.execute(
        sql`insert into chat_members (chat_id, user_id) values (${inserted.id}, ${actor.user.id}), (${inserted.id}, ${other.id})`,
      );
      await announceCreated(tx, actor, inserted.id, "direct", [actor.user.id, other.id]);
    }
    const [chat] = await rows<{ id: string }>(tx, sql`select id from chats where direct_key = ${directKey}`);
    return { chat: await detailOf(tx, actor, chat!.id), created: inserted !== undefined };
  });
}

/** The chat of a CRM record the caller may read (else 404); the caller joins it. */
export async function openRecordChatOrThrow(
  db: Database,
  actor: Actor,
  input: { entityType: LinkableEntity; entityId: string },
): Promise<{ chat: ChatDetail; created: boolean }> {
  return db.transaction(async (tx) => {
    const record = await findResource(tx, recordSpecs[input.entityType].spec, actor.scope, input.entityId);
    if (!record) throw notFound();
    const [inserted] = await rows<{ id: string }>(
      tx,
      sql`insert into chats (kind, entity_type, entity_id, created_by)
          values ('record', ${input.entityType}, ${input.entityId}, ${actor.user.id})
          on conflict (entity_type, entity_id) where kind = 'record' do nothing returning id`,
    );
    const [chat] = await rows<{ id: string }>(
      tx,
      sql`select id from chats where kind = 'record' and entity_type = ${input.entityType} and entity_id = ${input.entityId}`,
    );
    await chatAccessOrThrow(tx, actor, chat!.id, { join: true });
    if (inserted) await announceCreated(tx, actor, inserted.id, "record", [actor.user.id]);
    return { chat: await detailOf(tx, actor, chat!.id), created: inserted !== undefined };
  });
}

export async function renameChatOrThrow(
  db: Database,
  actor: Actor,
  chatId: string,
  title: string,
): Promise<ChatDetail> {
  return db.transaction(async (tx) => {
    const chat = await chatAccessOrThrow(tx, actor, chatId, { lock: true });
    if (chat.kind !== "group") throw invalid("title", "Only a group chat has a title of its own");
    if (chat.role !== "owner") throw forbidden("Only the group's owner renames it");
    await tx.execute(
      sql`update chats set title = ${title}, version = version + 1, updated_at = now() where id = ${chatId}`,
    );
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "chat",
      entityId: chatId,
      action: "update",
      changes: [{ field: "title", old: chat.title, new: title }],
    });
    await publishRealtime(tx, { type: "chat_changed", chatId });
    return detailOf(tx, actor, chatId);
  });
}

/** Any member of a group adds people; people already in it are skipped. */
export async function addChatMembersOrThrow(
  db: Database,
  actor: Actor,
  chatId: string,
  userIds: string[],
): Promise<ChatDetail> {
  return db.transaction(async (tx) => {
    const chat = await chatAccessOrThrow(tx, actor, chatId, { lock: true });
    if (chat.kind !== "group") throw invalid("userIds", "People are added to group chats only");
    const added = await addMembers(tx, chatId, await activeUserIdsOrThrow(tx, userIds, "userIds"));
    if (added.length > 0) {
      await recordAudit(tx, {
        actorId: actor.user.id,
        entity: "chat",
        entityId: chatId,
        action: "members_add",
        changes: [{ field: "members", old: null, new: added }],
      });
      await publishRealtime(tx, { type: "chat_changed", chatId });
    }
    return detailOf(tx, actor, chatId);
  });
}

/**
 * The group's owner removes anyone; everyone else removes only themselves (leaving). An owner who
 * leaves hands the group to the member who joined earliest. A one-to-one chat cannot be left.
 */
export async function removeChatMemberOrThrow(db: Database, actor: Actor, chatId: string, userId: string) {
  await db.transaction(async (tx) => {
    const chat = await chatAccessOrThrow(tx, actor, chatId, { lock: true });
    if (chat.kind === "direct") throw invalid("userId", "Nobody leaves a one-to-one chat");
    const leaving = userId === actor.user.id;
    if (!leaving && !(chat.kind === "group" && chat.role === "owner")) {
      throw forbidden("Only the group's owner removes other members");
    }
    const [removed] = await rows<{ role: string }>(
      tx,
      sql`delete from chat_members where chat_id = ${chatId} and user_id = ${userId} returning role`,
    );
    if (!removed) throw notFound("Not a member of this chat");
    if (removed.role === "owner") {
      await tx.execute(
        sql`update chat_members set role = 'owner' where chat_id = ${chatId} and user_id = (
              select user_id from chat_members where chat_id = ${chatId} order by joined_at, user_id limit 1)`,
      );
    }
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "chat",
      entityId: chatId,
      action: leaving ? "leave" : "member_remove",
      changes: [{ field: "members", old: [userId], new: null }],
    });
    await publishRealtime(tx, { type: "chat_removed", chatId, userIds: [userId] }, { type: "chat_changed", chatId });
  });
}
