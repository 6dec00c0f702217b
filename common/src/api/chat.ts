import { z } from "zod";
import type { MeetingRealtimeFrame } from "./meeting-rooms";
import { idSchema, sequenceQuerySchema, sequenceSchema, text } from "./shared";
import { linkableEntitySchema, notificationSchema, personRefSchema } from "./tasks";
import type { CallState, IncomingCall } from "./telephony";

export const chatKinds = ["direct", "group", "record"] as const;
export const chatKindSchema = z.enum(chatKinds);
export type ChatKind = z.infer<typeof chatKindSchema>;

export const chatFileSchema = z.object({
  id: idSchema,
  name: z.string(),
  mimeType: z.string(),
  size: z.number().int(),
  /** Shown inline as a picture (png, jpeg, gif, webp). */
  isImage: z.boolean(),
});
export type ChatFile = z.infer<typeof chatFileSchema>;

export const chatReactionSchema = z.object({
  emoji: z.string(),
  count: z.number().int(),
  /** The caller reacted with it. */
  mine: z.boolean(),
  users: z.array(personRefSchema),
});

export const chatMessageSchema = z.object({
  id: idSchema,
  chatId: idSchema,
  /** Order within the chat (and across chats): larger is later. */
  seq: z.number().int(),
  /** Changes with every edit, delete or reaction; a client keeps the copy with the largest. */
  changeSeq: z.number().int(),
  author: personRefSchema,
  /** Plain text (empty once deleted); clients show it escaped, with http(s) links and @mentions. */
  body: z.string(),
  replyTo: z.object({ id: idSchema, author: personRefSchema, body: z.string(), deleted: z.boolean() }).nullable(),
  mentions: z.array(personRefSchema),
  files: z.array(chatFileSchema),
  reactions: z.array(chatReactionSchema),
  mine: z.boolean(),
  editedAt: z.string().nullable(),
  deleted: z.boolean(),
  createdAt: z.string(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const chatSummarySchema = z.object({
  id: idSchema,
  kind: chatKindSchema,
  /** The group's title, the record's title, or the other person's name. */
  title: z.string(),
  /** For a direct chat: the other person (with presence). */
  peer: personRefSchema.extend({ online: z.boolean() }).nullable(),
  record: z.object({ entityType: linkableEntitySchema, entityId: idSchema }).nullable(),
  /** The group or project whose chat this is: its members follow the group's, managed on its page. */
  groupId: idSchema.nullable(),
  memberCount: z.number().int(),
  lastMessage: z
    .object({ id: idSchema, author: personRefSchema, body: z.string(), createdAt: z.string(), deleted: z.boolean() })
    .nullable(),
  unread: z.number().int(),
  /** The caller's read position (seq of the last message read). */
  lastReadSeq: z.number().int(),
  lastMessageAt: z.string().nullable(),
});
export type ChatSummary = z.infer<typeof chatSummarySchema>;
export const chatListSchema = z.object({ items: z.array(chatSummarySchema), unreadTotal: z.number().int() });

export const chatMemberSchema = personRefSchema.extend({ role: z.enum(["owner", "member"]), online: z.boolean() });
export const chatDetailSchema = chatSummarySchema.extend({
  members: z.array(chatMemberSchema),
  abilities: z.object({ rename: z.boolean(), addMembers: z.boolean(), removeMembers: z.boolean(), leave: z.boolean() }),
});
export type ChatDetail = z.infer<typeof chatDetailSchema>;

export const groupChatWriteSchema = z.strictObject({
  title: text(200),
  memberIds: z.array(idSchema).min(1).max(500),
});
export const directChatWriteSchema = z.strictObject({ userId: idSchema });
export const recordChatWriteSchema = z.strictObject({ entityType: linkableEntitySchema, entityId: idSchema });
export const chatPatchSchema = z.strictObject({ title: text(200) });
export const chatMembersWriteSchema = z.strictObject({ userIds: z.array(idSchema).min(1).max(500) });

export const chatMessagesQuerySchema = z.object({
  /** Messages before this seq (scrolling up); absent: the newest. */
  before: sequenceQuerySchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const chatMessagePageSchema = z.object({ items: z.array(chatMessageSchema), hasMore: z.boolean() });

/** Mentions are written as `@[Name](user-id)`; the server keeps those of chat members. */
export const chatMessageWriteSchema = z
  .strictObject({
    /** May be empty when the message carries drive files. */
    body: z.string().trim().max(10_000),
    replyToId: idSchema.nullable().optional(),
    /** Drive files the writer may read, carried by the message (their stored bytes shared, not copied). */
    driveFileIds: z.array(idSchema).max(10).optional(),
  })
  .refine((message) => message.body !== "" || (message.driveFileIds?.length ?? 0) > 0, {
    path: ["body"],
    message: "Write a message or attach a file",
  });
export const chatMessagePatchSchema = z.strictObject({ body: z.string().trim().min(1).max(10_000) });
export const chatReactionWriteSchema = z.strictObject({
  emoji: z
    .string()
    .min(1)
    .max(16)
    .regex(/^[^\s<>"'`]+$/, "Expected one emoji"),
});
export const chatReadSchema = z.strictObject({ seq: sequenceSchema });

export const chatSearchQuerySchema = z.object({
  q: z.string().trim().min(2).max(200),
  chatId: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export const chatSearchResultSchema = z.object({
  items: z.array(chatMessageSchema.extend({ chatTitle: z.string() })),
});

/** What changed after `since` (the real-time sequence), for a client that was disconnected. */
export const realtimeSyncQuerySchema = z.object({ since: sequenceQuerySchema });
export const realtimeSyncSchema = z.object({
  messages: z.array(chatMessageSchema),
  notifications: z.array(notificationSchema.extend({ seq: z.number().int() })),
  cursor: z.number().int(),
});

export const presenceSchema = z.object({ online: z.array(idSchema) });

/** Server → client frames on /api/v1/realtime. */
export type RealtimeFrame =
  | { type: "hello"; cursor: number }
  | { type: "chat_message"; message: ChatMessage }
  | { type: "chat_changed"; chatId: string }
  | { type: "chat_removed"; chatId: string }
  | { type: "chat_read"; chatId: string; seq: number }
  | { type: "notification"; notification: z.infer<typeof notificationSchema> & { seq: number } }
  | { type: "presence"; userId: string; online: boolean }
  /** A call ringing on the employee's extension (telephony). */
  | { type: "incoming_call"; call: IncomingCall }
  /** The ringing call was answered or ended: the pop-up card follows. */
  | { type: "incoming_call_state"; callId: string; state: CallState }
  /** A post the person is in the audience of was published (the feed loads it). */
  | { type: "feed_post"; postId: string }
  /** Online meetings: joining, who is in the room, WebRTC signalling (meeting-rooms.ts). */
  | MeetingRealtimeFrame
  | { type: "pong" };
