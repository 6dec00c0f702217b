import type { LinkableEntity, Role } from "@planerka/common";
import { sql } from "drizzle-orm";
import { type Database, type Executor, rows } from "../../platform/db/database";
import type { RealtimeHandlers } from "../../platform/realtime/realtime-gateway";
import { presentMessage } from "./chat.presenter";
import { loadMessages } from "./chat.queries";
import { readersOfRecord } from "./chat-access";
import { onlineUserIds } from "./chat-presence";

interface ChatWithMembers {
  kind: string;
  entityType: LinkableEntity | null;
  entityId: string | null;
  members: { id: string; role: Role; unitId: string; lastReadSeq: number }[];
}

/**
 * The connected members of a chat who may read it now: everyone in a direct or group chat, and
 * in a record chat those whose own scope still reaches the record. One query for the chat and its
 * connected members; a record chat adds one scope query per such member.
 */
async function readersAmong(executor: Executor, chatId: string, connected: ReadonlySet<string>) {
  if (connected.size === 0) return [];
  const ids = sql.join(
    [...connected].map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const [chat] = await rows<ChatWithMembers>(
    executor,
    sql`select ch.kind, ch.entity_type as "entityType", ch.entity_id as "entityId",
          coalesce((select json_agg(json_build_object('id', u.id, 'role', u.role, 'unitId', u.unit_id,
                                                      'lastReadSeq', m.last_read_seq))
                    from chat_members m join users u on u.id = m.user_id
                    where m.chat_id = ch.id and u.active and m.user_id in (${ids})), '[]') as members
        from chats ch where ch.id = ${chatId}`,
  );
  if (!chat || chat.members.length === 0) return [];
  if (chat.kind !== "record") return chat.members;
  if (!chat.entityType || !chat.entityId) return [];
  const readers = await readersOfRecord(
    executor,
    { entityType: chat.entityType, entityId: chat.entityId },
    chat.members,
  );
  return chat.members.filter((member) => readers.has(member.id));
}

/**
 * For the real-time gateway: given an event and the users with a socket on this process, who
 * receives which frame — decided from the database as it is now, so a member removed or a record
 * reassigned a moment ago gets nothing.
 */
export function chatRealtimeHandlers(db: Database): RealtimeHandlers {
  return {
    chat_message: async (event, connected) => {
      if (event.type !== "chat_message") return [];
      const recipients = await readersAmong(db, event.chatId, connected);
      if (recipients.length === 0) return [];
      const [message] = await loadMessages(db, {
        condition: sql`msg.id = ${event.messageId} and msg.chat_id = ${event.chatId}`,
        order: sql`msg.seq`,
        limit: 1,
      });
      if (!message) return [];
      return recipients.map((member) => ({
        userId: member.id,
        frame: { type: "chat_message", message: presentMessage(message, member.id) },
      }));
    },
    chat_changed: async (event, connected) => {
      if (event.type !== "chat_changed") return [];
      const recipients = await readersAmong(db, event.chatId, connected);
      return recipients.map((member) => ({ userId: member.id, frame: { type: "chat_changed", chatId: event.chatId } }));
    },
    chat_removed: async (event, connected) => {
      if (event.type !== "chat_removed") return [];
      const removed = event.userIds.filter((id) => connected.has(id));
      if (removed.length === 0) return [];
      // Someone added back since is a member again: their chat stays.
      const back = await rows<{ userId: string }>(
        db,
        sql`select user_id as "userId" from chat_members where chat_id = ${event.chatId} and user_id in (${sql.join(
          removed.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
      );
      const stillMembers = new Set(back.map((row) => row.userId));
      return removed
        .filter((id) => !stillMembers.has(id))
        .map((userId) => ({ userId, frame: { type: "chat_removed", chatId: event.chatId } }));
    },
    chat_read: async (event, connected) => {
      if (event.type !== "chat_read" || !connected.has(event.userId)) return [];
      const recipients = await readersAmong(db, event.chatId, new Set([event.userId]));
      return recipients.map((member) => ({
        userId: member.id,
        // The position now, which a later read may have moved past the event's.
        frame: { type: "chat_read", chatId: event.chatId, seq: Math.max(event.seq, Number(member.lastReadSeq)) },
      }));
    },
    presence: async (event, connected) => {
      if (event.type !== "presence") return [];
      // Those who share a chat with the person see them come and go, with the state on every process.
      const [online, peers] = await Promise.all([
        onlineUserIds(db, [event.userId]),
        rows<{ userId: string }>(
          db,
          sql`select distinct other.user_id as "userId"
              from chat_members mine join chat_members other on other.chat_id = mine.chat_id
              where mine.user_id = ${event.userId} and other.user_id <> ${event.userId}`,
        ),
      ]);
      return peers
        .filter((peer) => connected.has(peer.userId))
        .map((peer) => ({
          userId: peer.userId,
          frame: { type: "presence", userId: event.userId, online: online.has(event.userId) },
        }));
    },
  };
}
