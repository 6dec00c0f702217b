import type { ChatMessage, chatMessagePageSchema, chatSearchResultSchema } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { everyWordMatches } from "../../platform/db/search-words";
import { forbidden, invalid, notFound } from "../../platform/errors/problem";
import type { BlobStore } from "../../platform/files/blob-store";
import { insertBlob, type PendingBlob, withStoredBytes } from "../../platform/files/stored-bytes";

import { publishRealtime } from "../../platform/realtime/realtime-events";

import { driveFilesToCarryOrThrow } from "../drive/drive-file.service";
import { presentMessage } from "./chat.presenter";

import { chatTitleFor, loadMessages, messageByIdOrThrow } from "./chat.queries";

import { type ChatAccess, chatAccessOrThrow, ownChatCondition, readableChatCondition } from "./chat-access";

import { notifyMentioned, plainBodyOf, resolveMentions } from "./chat-mentions";

export interface UploadedFile {
  name: string;
  mimeType: string;
  data: Buffer;
}

const uuidArray = (ids: readonly string[]) =>
  ids.length === 0
    ? sql`'{}'::uuid[]`
    : sql`array[${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}]`;

/** History, newest page first; each page in ascending order, `before` the oldest seq already shown. */
export async function listMessagesOrThrow(
  executor: Executor,
  actor: Actor,
  chatId: string,
  query: { before?: number; limit: number },
): Promise<z.infer<typeof chatMessagePageSchema>> {
  await chatAccessOrThrow(executor, actor, chatId);
  const before = query.before === undefined ? sql`` : sql`and msg.seq < ${query.before}`;
  const found = await loadMessages(executor, {
    condition: sql`msg.chat_id = ${chatId} ${before}`,
    order: sql`msg.seq desc`,
    limit: query.limit + 1,
  });
  const page = found.slice(0, query.limit).reverse();
  return { items: page.map((row) => presentMessage(row, actor.user.id)), hasMore: found.length > query.limit };
}

/**
 * A new message (with a file when one was uploaded). Writing joins a reader of a record chat,
 * moves the writer's read position past their own message and notifies the people mentioned.
 */
export async function postMessageOrThrow(
  db: Database,
  store: BlobStore,
  actor: Actor,
  chatId: string,
  input: { body: string; replyToId?: string | null; driveFileIds?: string[] },
  file?: UploadedFile,
): Promise<ChatMessage> {
  if (!file) return writeMessageOrThrow(db, actor, chatId, input);
  // Refused before any byte is written when the caller may not write here.
  await chatAccessOrThrow(db, actor, chatId);
  return withStoredBytes(store, file.data, file.mimeType, (blob) =>
    writeMessageOrThrow(db, actor, chatId, input, { ...file, blob }),
  );
}

async function writeMessageOrThrow(
  db: Database,
  actor: Actor,
  chatId: string,
  input: { body: string; replyToId?: string | null; driveFileIds?: string[] },
  file?: Omit<UploadedFile, "data"> & { blob: PendingBlob },
): Promise<ChatMessage> {
  return db.transaction(async (tx) => {
    const chat = await chatAccessOrThrow(tx, actor, chatId, { join: true });
    const body = plainBodyOf(input.body);
    const driveFiles = await driveFilesToCarryOrThrow(tx, actor, input.driveFileIds ?? [], "driveFileIds");
    if (!body && !file && driveFiles.length === 0) throw invalid("body", "Write a message or attach a file");
    if (input.replyToId) {
      const [target] = await rows<{ id: string }>(
        tx,
        sql`select id from chat_messages where id = ${input.replyToId} and chat_id = ${chatId}`,
      );
      if (!target) throw invalid("replyToId", "Reply to a message of this chat");
    }
    const mentions = await resolveMentions(tx, chat, body);
    const [message] = await rows<{ id: string; seq: string }>(
      tx,
      sql`insert into chat_messages (chat_id, author_id, body, reply_to_id, mentioned_user_ids)
          values (${chatId}, ${actor.user.id}, ${body}, ${input.replyToId ?? null}, ${uuidArray(mentions)})
          returning id, seq`,
    );
    const carried = [
      ...(file
        ? [{ name: file.name, mimeType: file.mimeType, size: file.blob.size, blobId: await insertBlob(tx, file.blob) }]
        : []),
      ...driveFiles,
    ];
    for (const item of carried) {
      await tx.execute(
        sql`insert into chat_files (message_id, chat_id, name, mime_type, size, blob_id)
            values (${message!.id}, ${chatId}, ${item.name}, ${item.mimeType}, ${item.size}, ${item.blobId})`,
      );
    }
    await tx.execute(sql`update chats set last_message_at = now(), updated_at = now() where id = ${chatId}`);
    await tx.execute(
      sql`update chat_members set last_read_seq = greatest(last_read_seq, ${message!.seq}::bigint)
          where chat_id = ${chatId} and user_id = ${actor.user.id}`,
    );
    await publishRealtime(tx, { type: "chat_message", chatId, messageId: message!.id });
    await notifyMentioned(tx, actor, chat, body, mentions);
    return presentMessage(await messageByIdOrThrow(tx, message!.id), actor.user.id);
  });
}

interface MessageAccess extends ChatAccess {
  messageId: string;
  authorId: string;
  body: string;
  deleted: boolean;
  mentionedUserIds: string[];
}

/**
 * A message of a chat the caller may read (else 404), held for the rest of the transaction.
 * `own` asks for the caller's own message that is not deleted: someone else's is 403.
 */
async function messageAccessOrThrow(
  executor: Executor,
  actor: Actor,
  messageId: string,
  options: { own?: boolean } = {},
): Promise<MessageAccess> {
  const [message] = await rows<MessageAccess>(
    executor,
    sql`select msg.id as "messageId", msg.author_id as "authorId", msg.body, msg.deleted_at is not null as deleted,
          array_to_json(msg.mentioned_user_ids) as "mentionedUserIds",
          ch.id, ch.kind, ch.title, ch.entity_type as "entityType", ch.entity_id as "entityId", own.role
        from chat_messages msg join chats ch on ch.id = msg.chat_id
        left join chat_members own on own.chat_id = ch.id and own.user_id = ${actor.user.id}
        where msg.id = ${messageId} and ${readableChatCondition(actor.scope)}
        for update of msg`,
  );
  if (!message || message.deleted) throw notFound();
  if (options.own && message.authorId !== actor.user.id) throw forbidden("Only the author changes a message");
  return message;
}

/** The author rewrites their message; people newly mentioned are notified. */
export async function editMessageOrThrow(
  db: Database,
  actor: Actor,
  messageId: string,
  input: { body: string },
): Promise<ChatMessage> {
  return db.transaction(async (tx) => {
    const message = await messageAccessOrThrow(tx, actor, messageId, { own: true });
    const body = plainBodyOf(input.body);
    if (!body) throw invalid("body", "Write a message");
    const mentions = await resolveMentions(tx, message, body);
    await tx.execute(
      sql`update chat_messages set body = ${body}, mentioned_user_ids = ${uuidArray(mentions)}, edited_at = now(),
            change_seq = nextval('realtime_seq')
          where id = ${messageId}`,
    );
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "chat_message",
      entityId: messageId,
      action: "update",
      changes: [{ field: "body", old: message.body, new: body }],
    });
    await publishRealtime(tx, { type: "chat_message", chatId: message.id, messageId });
    const newlyMentioned = mentions.filter((id) => !message.mentionedUserIds.includes(id));
    await notifyMentioned(tx, actor, message, body, newlyMentioned);
    return presentMessage(await messageByIdOrThrow(tx, messageId), actor.user.id);
  });
}

/** The author deletes their message: it keeps its place in the history, empty. */
export async function deleteMessageOrThrow(db: Database, actor: Actor, messageId: string) {
  await db.transaction(async (tx) => {
    const message = await messageAccessOrThrow(tx, actor, messageId, { own: true });
    await tx.execute(
      sql`update chat_messages set deleted_at = now(), change_seq = nextval('realtime_seq') where id = ${messageId}`,
    );
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "chat_message",
      entityId: messageId,
      action: "delete",
      changes: [{ field: "body", old: message.body, new: null }],
    });
    await publishRealtime(tx, { type: "chat_message", chatId: message.id, messageId });
  });
}

/** Adds the caller's reaction, or takes it back when it is there already. */
export async function toggleReactionOrThrow(
  db: Database,
  actor: Actor,
  messageId: string,
  emoji: string,
): Promise<ChatMessage> {
  return db.transaction(async (tx) => {
    const message = await messageAccessOrThrow(tx, actor, messageId);
    const removed = await rows<{ emoji: string }>(
      tx,
      sql`delete from chat_reactions where message_id = ${messageId} and user_id = ${actor.user.id} and emoji = ${emoji}
          returning emoji`,
    );
    if (removed.length === 0) {
      await tx.execute(
        sql`insert into chat_reactions (message_id, user_id, emoji) values (${messageId}, ${actor.user.id}, ${emoji})`,
      );
    }
    await tx.execute(sql`update chat_messages set change_seq = nextval('realtime_seq') where id = ${messageId}`);
    await publishRealtime(tx, { type: "chat_message", chatId: message.id, messageId });
    return presentMessage(await messageByIdOrThrow(tx, messageId), actor.user.id);
  });
}

/**
 * Moves the caller's read position forward only, and never past the chat's last message (a
 * position from the future would hide the messages still to come).
 */
export async function markChatReadOrThrow(db: Database, actor: Actor, chatId: string, seq: number) {
  await db.transaction(async (tx) => {
    await chatAccessOrThrow(tx, actor, chatId, { join: true });
    const [moved] = await rows<{ lastReadSeq: string }>(
      tx,
      sql`with target as (
            select least(${seq}::bigint, coalesce((select max(seq) from chat_messages where chat_id = ${chatId}), 0)) as seq)
          update chat_members set last_read_seq = target.seq from target
          where chat_id = ${chatId} and user_id = ${actor.user.id} and last_read_seq < target.seq
          returning last_read_seq as "lastReadSeq"`,
    );
    if (moved) {
      await publishRealtime(tx, { type: "chat_read", chatId, userId: actor.user.id, seq: Number(moved.lastReadSeq) });
    }
  });
}

/** Messages containing the text, newest first, in the caller's chats (or one chat they may read). */
export async function searchMessagesOrThrow(
  executor: Executor,
  actor: Actor,
  query: { q: string; chatId?: string; limit: number },
): Promise<z.infer<typeof chatSearchResultSchema>> {
  let where = ownChatCondition(actor.scope);
  if (query.chatId) {
    await chatAccessOrThrow(executor, actor, query.chatId);
    where = sql`msg.chat_id = ${query.chatId}`;
  }
  // Every word of the search in the message, in any order.
  const words = everyWordMatches(query.q, (word) => sql`msg.body ilike ${word.pattern}`) ?? sql`false`;
  const found = await loadMessages(executor, {
    condition: sql`msg.deleted_at is null and ${words} and ${where}`,
    order: sql`msg.seq desc`,
    limit: query.limit,
    extraColumns: sql`${chatTitleFor(actor.user.id)} as "chatTitle"`,
  });
  return {
    items: found.map((row) => ({
      ...presentMessage(row, actor.user.id),
      chatTitle: (row as typeof row & { chatTitle: string | null }).chatTitle ?? "",
    })),
  };
}
