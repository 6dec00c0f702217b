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

/**
 * Inserts a group chat owned by the actor with `memberIds` (people already checked by the caller),
 * in the caller's transaction, and announces it. Also used for the chat of a group or project.
 */
export async function insertGroupChat(
  executor: Executor,
  actor: Actor,
  input: { title: string; memberIds: readonly string[] },
): Promise<string> {
  const others = input.memberIds.filter((id) => id !== actor.user.id);
  const [chat] = await rows<{ id: string }>(
    executor,
    sql`insert into chats (kind, title, created_by) values ('group', ${input.title}, ${actor.user.id}) returning id`,
  );
  await executor.execute(
    sql`insert into chat_members (chat_id, user_id, role) values (${chat!.id}, ${actor.user.id}, 'owner')`,
  );
  await addMembers(executor, chat!.id, others);
  await announceCreated(executor, actor, chat!.id, "group", [actor.user.id, ...others]);
  return chat!.id;
}

export async function createGroupChatOrThrow(
  db: Database,
  actor: Actor,
  input: { title: string; memberIds: string[] },
): Promise<ChatDetail> {
  return db.transaction(async (tx) => {
    const memberIds = await activeUserIdsOrThrow(tx, input.memberIds, "memberIds");
    const chatId = await insertGroupChat(tx, actor, { title: input.title, memberIds });
    return detailOf(tx, actor, chatId);
  });
}

/**
 * For a chat whose members follow a group's: adds and removes people in the caller's transaction
 * (the group's change and the chat's commit together) and pushes the change, so a removed member's
 * client drops the chat at once.
 */
export async function syncChatMembers(
  executor: Executor,
  actorId: string,
  chatId: string,
  change: { add?: readonly string[]; remove?: readonly string[] },
): Promise<void> {
  const added = await addMembers(executor, chatId, change.add ?? []);
  const removed =
    change.remove && change.remove.length > 0
      ? await rows<{ userId: string }>(
          executor,
          sql`delete from chat_members where chat_id = ${chatId} and user_id in (${idList(change.remove)})
              returning user_id as "userId"`,
        )
      : [];
  if (added.length === 0 && removed.length === 0) return;
  await recordAudit(executor, {
    actorId,
    entity: "chat",
    entityId: chatId,
    action: "members_sync",
    changes: [
      {
        field: "members",
        old: removed.length > 0 ? removed.map((row) => row.userId) : null,
        new: added.length > 0 ? added : null,
      },
    ],
  });
  const events = [{ type: "chat_changed" as const, chatId }];
  if (removed.length > 0) {
    await publishRealtime(
      executor,
      { type: "chat_removed", chatId, userIds: removed.map((row) => row.userId) },
      ...events,
    );
  } else {
    await publishRealtime(executor, ...events);
  }
}

/** The chat's title, changed in the caller's transaction (a group's rename renames its chat). */
export async function setChatTitle(executor: Executor, chatId: string, title: string): Promise<void> {
  await executor.execute(
    sql`update chats set title = ${title}, version = version + 1, updated_at = now() where id = ${chatId}`,
  );
  await publishRealtime(executor, { type: "chat_changed", chatId });
}

/** The chat of a group or project is changed on the group's page only. */
function assertNotGroupsChatOrThrow(chat: { groupId: string | null }) {
  if (chat.groupId !== null) {
    throw forbidden("This is the chat of a group: its members and name follow the group's");
  }
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
    assertNotGroupsChatOrThrow(chat);
    if (chat.role !== "owner") throw forbidden("Only the group's owner renames it");
    await setChatTitle(tx, chatId, title);
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "chat",
      entityId: chatId,
      action: "update",
      changes: [{ field: "title", old: chat.title, new: title }],
    });
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
    assertNotGroupsChatOrThrow(chat);
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
    assertNotGroupsChatOrThrow(chat);
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
