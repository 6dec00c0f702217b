import { z } from "zod";
import { instantSchema } from "../calendar";
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
export const feedPollMaxOptions = 10;

/** A poll on a new post: 2–10 different answers, one or several to choose, open until `closesAt`. */
export const feedPollWriteSchema = z.strictObject({
  question: z.string().trim().min(1).max(300),
  options: z
    .array(z.string().trim().min(1).max(200))
    .min(2)
    .max(feedPollMaxOptions)
    .refine((options) => new Set(options.map((option) => option.toLowerCase())).size === options.length, {
      message: "The answers must differ",
    }),
  multiple: z.boolean().default(false),
  /** After this moment votes are refused; it must lie ahead. */
  closesAt: instantSchema.nullable().optional(),
});
export type FeedPollInput = z.input<typeof feedPollWriteSchema>;

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
  poll: feedPollWriteSchema.optional(),
});
export type FeedPostInput = z.input<typeof feedPostWriteSchema>;

export const feedPostPatchSchema = z.strictObject({
  body: z.string().trim().min(1).max(feedPostBodyMaxChars).optional(),
  pinned: z.boolean().optional(),
  version: versionSchema,
});

/** `post` is written by a person; the others are events of the work the feed announces. */
export const feedPostKinds = ["post", "deal_won", "new_colleague", "course_completed"] as const;
export type FeedPostKind = (typeof feedPostKinds)[number];

export const feedPollSchema = z.object({
  question: z.string(),
  multiple: z.boolean(),
  closesAt: z.string().nullable(),
  /** Past `closesAt`: the results stand, votes are refused. */
  closed: z.boolean(),
  /** Each answer with its votes and their share of the people who voted (0–100, one decimal). */
  options: z.array(z.object({ id: idSchema, text: z.string(), votes: z.number().int(), percent: z.number() })),
  /** The answers the caller chose; empty when they have not voted. */
  myOptionIds: z.array(idSchema),
  /** How many people voted. */
  voters: z.number().int(),
});
export type FeedPoll = z.infer<typeof feedPollSchema>;

/**
 * What an event of the work is about. `deal` (its title, amount and link) only for a reader whose
 * access reaches the deal; everyone else in the audience learns only that it was won.
 */
export const feedEventSchema = z.object({
  subject: z.object({
    id: idSchema,
    name: z.string(),
    position: z.string().nullable(),
    unitName: z.string().nullable(),
  }),
  deal: z.object({ id: idSchema, title: z.string(), amount: z.number() }).nullable(),
  course: z.object({ id: idSchema, title: z.string() }).nullable(),
});
export type FeedEvent = z.infer<typeof feedEventSchema>;

export const feedPostSchema = z.object({
  id: idSchema,
  kind: z.enum(feedPostKinds),
  author: personRefSchema,
  /** Sanitised HTML. */
  body: z.string(),
  audience: feedAudienceSchema,
  /** For events of the work (`kind` other than `post`). */
  event: feedEventSchema.nullable(),
  poll: feedPollSchema.nullable(),
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

/** The caller's vote, replacing any earlier one: one answer (or several in a multiple-choice poll); none withdraws it. */
export const feedPollVoteSchema = z.strictObject({ optionIds: z.array(idSchema).max(feedPollMaxOptions) });
