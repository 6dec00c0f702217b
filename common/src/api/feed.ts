import { z } from "zod";
import { chatFileSchema, chatReactionSchema, chatReactionWriteSchema } from "./chat";
import { idSchema, versionSchema } from "./shared";
import { personRefSchema } from "./tasks";

/** «Живая лента»: posts to an audience, with comments, reactions and read confirmations of important ones. */

/** Who a post is for: the whole company, units with everything below them, groups' members, people. */
export const feedAudienceSchema = z.object({
  company: z.boolean(),
  units: z.array(z.object({ id: idSchema, name: z.string() })),
  groups: z.array(z.object({ id: idSchema, name: z.string() })),
  users: z.array(personRefSchema),
});
export type FeedAudience = z.infer<typeof feedAudienceSchema>;

export const feedAudienceWriteSchema = z
  .strictObject({
    company: z.boolean().default(false),
    unitIds: z.array(idSchema).max(50).default([]),
    groupIds: z.array(idSchema).max(50).default([]),
    userIds: z.array(idSchema).max(200).default([]),
  })
  .refine((value) => value.company || value.unitIds.length + value.groupIds.length + value.userIds.length > 0, {
    message: "Choose who the post is for",
  });

export const feedPostBodyMaxChars = 20_000;

export const feedPostWriteSchema = z.strictObject({
  /** Rich text from the editor (sanitised on the server); @mentions as mention spans. */
  body: z.string().trim().min(1).max(feedPostBodyMaxChars),
  audience: feedAudienceWriteSchema,
  /** «Важное»: readers confirm «Прочитал(а)»; the author and heads see who has not. */
  important: z.boolean().default(false),
  /** Kept on top of the feed (company announcements: admins, tops and heads). */
  pinned: z.boolean().default(false),
  /** Drive files the author may read, carried by the post (their bytes shared, not copied). */
  driveFileIds: z.array(idSchema).max(10).optional(),
});
export type FeedPostInput = z.input<typeof feedPostWriteSchema>;

export const feedPostPatchSchema = z.strictObject({
  body: z.string().trim().min(1).max(feedPostBodyMaxChars).optional(),
  pinned: z.boolean().optional(),
  version: versionSchema,
});

export const feedPostSchema = z.object({
  id: idSchema,
  author: personRefSchema,
  /** Sanitised HTML. */
  body: z.string(),
  audience: feedAudienceSchema,
  important: z.boolean(),
  pinned: z.boolean(),
  files: z.array(chatFileSchema),
  reactions: z.array(chatReactionSchema),
  commentCount: z.number().int(),
  /** For an important post: whether the caller confirmed reading it, and how many of its audience did. */
  readByMe: z.boolean(),
  readCount: z.number().int(),
  audienceCount: z.number().int(),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  version: z.number().int(),
  abilities: z.object({ edit: z.boolean(), delete: z.boolean(), seeReaders: z.boolean() }),
});
export type FeedPost = z.infer<typeof feedPostSchema>;

export const feedQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  /** A group's own feed: the posts to that group. */
  groupId: idSchema.optional(),
  /** The keyset of the last post shown: `<createdAt>|<id>`. */
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const feedPageSchema = z.object({
  items: z.array(feedPostSchema),
  /** On the first page without a search: the pinned posts, shown above the rest. */
  pinned: z.array(feedPostSchema),
  nextCursor: z.string().nullable(),
});

export const feedCommentSchema = z.object({
  id: idSchema,
  postId: idSchema,
  author: personRefSchema,
  body: z.string(),
  createdAt: z.string(),
  mine: z.boolean(),
});
export type FeedComment = z.infer<typeof feedCommentSchema>;

export const feedCommentWriteSchema = z.strictObject({ body: z.string().trim().min(1).max(5_000) });

export const feedReadersSchema = z.object({
  read: z.array(z.object({ user: personRefSchema, readAt: z.string() })),
  unread: z.array(personRefSchema),
});
export type FeedReaders = z.infer<typeof feedReadersSchema>;

export const feedReactionWriteSchema = chatReactionWriteSchema;
