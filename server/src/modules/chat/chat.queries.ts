import type { ChatKind, LinkableEntity } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";
import { type ChatMemberRole, recordSpecs } from "./chat-access";

/** The record's current title, for a record chat `ch`. */
const recordTitle = sql`(case ${sql.join(
  Object.entries(recordSpecs).map(
    ([entityType, { spec, titleColumn }]) =>
      sql`when ch.entity_type = ${entityType} then (select r.${sql.identifier(titleColumn)} from ${spec.table} r where r.id = ch.entity_id)`,
  ),
  sql` `,
)} end)`;

export interface ChatSummaryRow {
  id: string;
  kind: ChatKind;
  groupTitle: string | null;
  recordTitle: string | null;
  entityType: LinkableEntity | null;
  entityId: string | null;
  groupId: string | null;
  peerId: string | null;
  peerName: string | null;
  memberCount: number;
  lastMessage: {
    id: string;
    authorId: string;
    authorName: string;
    body: string;
    createdAt: string;
    deleted: boolean;
  } | null;
  unread: number;
  lastReadSeq: number | string;
  lastMessageAt: Date | string | null;
  role: ChatMemberRole;
}

/**
 * The chats matching `condition` (over the chat `ch`) that `userId` is a member of, newest
 * conversation first: the other person of a direct chat, the last message and the messages of
 * others after the member's read position.
 */
export async function chatSummaries(executor: Executor, userId: string, condition: SQL): Promise<ChatSummaryRow[]> {
  return rows<ChatSummaryRow>(
    executor,
    sql`select ch.id, ch.kind, ch.title as "groupTitle", ${recordTitle} as "recordTitle",
          ch.entity_type as "entityType", ch.entity_id as "entityId",
          (select g.id from groups g where g.chat_id = ch.id) as "groupId",
          peer.id as "peerId", peer.name as "peerName",
          (select count(*)::int from chat_members counted where counted.chat_id = ch.id) as "memberCount",
          last_message.value as "lastMessage",
          (select count(*)::int from chat_messages unread
            where unread.chat_id = ch.id and unread.seq > me.last_read_seq
              and unread.author_id <> ${userId} and unread.deleted_at is null) as unread,
          me.last_read_seq as "lastReadSeq", ch.last_message_at as "lastMessageAt", me.role
        from chats ch
        join chat_members me on me.chat_id = ch.id and me.user_id = ${userId}
        left join lateral (
          select u.id, u.name from chat_members other join users u on u.id = other.user_id
          where ch.kind = 'direct' and other.chat_id = ch.id and other.user_id <> ${userId} limit 1
        ) peer on true
        left join lateral (
          select json_build_object('id', m.id, 'authorId', m.author_id, 'authorName', a.name, 'body', m.body,
                   'createdAt', m.created_at, 'deleted', m.deleted_at is not null) as value
          from chat_messages m join users a on a.id = m.author_id
          where m.chat_id = ch.id order by m.seq desc limit 1
        ) last_message on true
        where ${condition}
        order by ch.last_message_at desc nulls last, ch.created_at desc, ch.id`,
  );
}

export interface ChatMemberRow {
  id: string;
  name: string;
  role: ChatMemberRole;
}

export async function chatMembers(executor: Executor, chatId: string): Promise<ChatMemberRow[]> {
  return rows<ChatMemberRow>(
    executor,
    sql`select u.id, u.name, m.role from chat_members m join users u on u.id = m.user_id
        where m.chat_id = ${chatId} order by m.role = 'owner' desc, u.name, u.id`,
  );
}

export interface MessageRow {
  id: string;
  chatId: string;
  seq: number | string;
  changeSeq: number | string;
  authorId: string;
  authorName: string;
  body: string;
  replyTo: { id: string; authorId: string; authorName: string; body: string; deleted: boolean } | null;
  mentions: { id: string; name: string }[];
  files: { id: string; name: string; mimeType: string; size: number }[];
  reactions: { emoji: string; userId: string; userName: string }[];
  editedAt: Date | string | null;
  deletedAt: Date | string | null;
  createdAt: Date | string;
}

/**
 * A message with everything its presentation needs for any viewer (the viewer's own reactions
 * are marked by the presenter), so a push loads it once for all recipients.
 */
const messageColumns = sql`msg.id, msg.chat_id as "chatId", msg.seq, msg.change_seq as "changeSeq",
  msg.author_id as "authorId", author.name as "authorName", msg.body,
  msg.edited_at as "editedAt", msg.deleted_at as "deletedAt", msg.created_at as "createdAt",
  (select json_build_object('id', r.id, 'authorId', r.author_id, 'authorName', ra.name, 'body', r.body,
            'deleted', r.deleted_at is not null)
     from chat_messages r join users ra on ra.id = r.author_id
     where r.id = msg.reply_to_id and r.chat_id = msg.chat_id) as "replyTo",
  coalesce((select json_agg(json_build_object('id', u.id, 'name', u.name)
                            order by array_position(msg.mentioned_user_ids, u.id))
            from users u where u.id = any(msg.mentioned_user_ids)), '[]') as mentions,
  coalesce((select json_agg(json_build_object('id', f.id, 'name', f.name, 'mimeType', f.mime_type, 'size', f.size)
                            order by f.created_at, f.id)
            from chat_files f where f.message_id = msg.id), '[]') as files,
  coalesce((select json_agg(json_build_object('emoji', x.emoji, 'userId', x.user_id, 'userName', u.name)
                            order by x.created_at, x.user_id)
            from chat_reactions x join users u on u.id = x.user_id where x.message_id = msg.id), '[]') as reactions`;

/**
 * Messages matching `condition` (over the message `msg`, its chat `ch`), in `order`. The page's
 * rows are chosen from the base tables first; the per-message subqueries run for them only.
 */
export async function loadMessages(
  executor: Executor,
  options: { condition: SQL; order: SQL; limit: number; extraColumns?: SQL },
): Promise<MessageRow[]> {
  const extra = options.extraColumns ? sql`, ${options.extraColumns}` : sql``;
  return rows<MessageRow>(
    executor,
    sql`select ${messageColumns}${extra}
        from (select msg.id from chat_messages msg join chats ch on ch.id = msg.chat_id
              where ${options.condition} order by ${options.order} limit ${options.limit}) page
        join chat_messages msg on msg.id = page.id
        join chats ch on ch.id = msg.chat_id
        join users author on author.id = msg.author_id
        order by ${options.order}`,
  );
}

export async function messageByIdOrThrow(executor: Executor, messageId: string): Promise<MessageRow> {
  const [row] = await loadMessages(executor, { condition: sql`msg.id = ${messageId}`, order: sql`msg.seq`, limit: 1 });
  if (!row) throw new Error(`chat message ${messageId} vanished inside its transaction`);
  return row;
}

/** The chat's name as `userId` sees it: the group's title, the other person, or the record. */
export function chatTitleFor(userId: string) {
  return sql`(case ch.kind when 'group' then coalesce(ch.title, '')
    when 'direct' then (select u.name from chat_members other join users u on u.id = other.user_id
                        where other.chat_id = ch.id and other.user_id <> ${userId} limit 1)
    else ${recordTitle} end)`;
}
