import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  index,
  integer,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { bytea } from "./column-types";
import { driveBlobs } from "./drive-schema";
import { users } from "./schema";

/**
 * One counter for everything pushed in real time (chat messages and their edits, reactions,
 * notifications). A client that reconnects asks for what changed after the last value it saw.
 */
export const realtimeSequence = pgSequence("realtime_seq");

/** A conversation: one to one (`direct`), a group, or the chat of a CRM record. */
export const chats = pgTable(
  "chats",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** direct, group, record */
    kind: text("kind").notNull(),
    title: text("title"),
    /** For a record chat: deal, lead, company or contact. */
    entityType: text("entity_type"),
    entityId: uuid("entity_id"),
    /** For a direct chat: the two user ids, sorted and joined, so a pair has one chat. */
    directKey: text("direct_key"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    lastMessageAt: timestamp("last_message_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("chats_direct_idx").on(table.directKey),
    uniqueIndex("chats_record_idx").on(table.entityType, table.entityId).where(sql`${table.kind} = 'record'`),
    check("chats_kind_check", sql`${table.kind} in ('direct', 'group', 'record')`),
  ],
);

/** Who is in a chat, and how far they have read. */
export const chatMembers = pgTable(
  "chat_members",
  {
    chatId: uuid("chat_id")
      .notNull()
      .references(() => chats.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    /** owner or member */
    role: text("role").notNull().default("member"),
    /** The `seq` of the last message this member has read. */
    lastReadSeq: bigint("last_read_seq", { mode: "number" }).notNull().default(0),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.chatId, table.userId] }), index("chat_members_user_idx").on(table.userId)],
);

export const chatMessages = pgTable(
  "chat_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Order of messages, from the real-time sequence at creation. */
    seq: bigint("seq", { mode: "number" }).notNull().default(sql`nextval('realtime_seq')`),
    /** Taken again from the real-time sequence on every edit, delete or reaction. */
    changeSeq: bigint("change_seq", { mode: "number" }).notNull().default(sql`nextval('realtime_seq')`),
    chatId: uuid("chat_id")
      .notNull()
      .references(() => chats.id, { onDelete: "cascade" }),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    /** Plain text; shown escaped, links only for http(s). */
    body: text("body").notNull(),
    replyToId: uuid("reply_to_id"),
    mentionedUserIds: uuid("mentioned_user_ids").array().notNull().default(sql`'{}'`),
    editedAt: timestamp("edited_at", { withTimezone: true }),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("chat_messages_seq_idx").on(table.seq),
    index("chat_messages_chat_idx").on(table.chatId, table.seq),
    index("chat_messages_change_idx").on(table.chatId, table.changeSeq),
  ],
);

export const chatReactions = pgTable(
  "chat_reactions",
  {
    messageId: uuid("message_id")
      .notNull()
      .references(() => chatMessages.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    emoji: text("emoji").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.messageId, table.userId, table.emoji] })],
);

export const chatFiles = pgTable(
  "chat_files",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    messageId: uuid("message_id")
      .notNull()
      .references(() => chatMessages.id, { onDelete: "cascade" }),
    chatId: uuid("chat_id")
      .notNull()
      .references(() => chats.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    mimeType: text("mime_type").notNull(),
    size: integer("size").notNull(),
    /** Files stored before the blob store: moved there by the drive's maintenance, then null. */
    data: bytea("data"),
    /** The bytes in the blob store (shared with the drive: one stored file, many links). */
    blobId: uuid("blob_id").references(() => driveBlobs.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("chat_files_message_idx").on(table.messageId),
    index("chat_files_blob_idx").on(table.blobId),
    check("chat_files_bytes_check", sql`${table.data} is not null or ${table.blobId} is not null`),
  ],
);

/**
 * Who is online: each server process keeps a row per connected user with its socket count and
 * renews `seenAt` while it lives; a process that died stops renewing and its rows go stale.
 */
export const userPresence = pgTable(
  "user_presence",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    instanceId: uuid("instance_id").notNull(),
    connections: integer("connections").notNull(),
    seenAt: timestamp("seen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.instanceId] }),
    index("user_presence_instance_idx").on(table.instanceId),
  ],
);
