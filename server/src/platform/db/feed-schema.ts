import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { tsvector } from "./column-types";
import { deals } from "./crm-schema";
import { driveBlobs } from "./drive-schema";
import { users } from "./schema";

/**
 * «Живая лента»: posts to an audience (the whole company, units with everything below them,
 * groups' members, people). A post is seen by its author and its audience only (`policies/feed.ts`).
 */
export const feedPosts = pgTable(
  "feed_posts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    /** Sanitised HTML. */
    body: text("body").notNull(),
    /** The body's words without markup, for search. */
    bodyText: text("body_text").notNull(),
    toCompany: boolean("to_company").notNull().default(false),
    important: boolean("important").notNull().default(false),
    pinned: boolean("pinned").notNull().default(false),
    search: tsvector("search").generatedAlwaysAs(
      sql`to_tsvector('russian', body_text) || to_tsvector('english', body_text)`,
    ),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    editedAt: timestamp("edited_at", { withTimezone: true }),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    /** `post` is written by a person; the others are events of the work the feed announces. */
    kind: text("kind").notNull().default("post"),
    /** deal_won: the deal (its amount is shown only to readers whose scope reaches it). */
    dealId: uuid("deal_id").references(() => deals.id),
    /** new_colleague, course_completed: who the event is about. */
    subjectUserId: uuid("subject_user_id").references(() => users.id),
    /** course_completed: the course (training-schema.ts; no foreign key to keep the schemas apart). */
    courseId: uuid("course_id"),
  },
  (table) => [
    check("feed_posts_kind_check", sql`${table.kind} in ('post', 'deal_won', 'new_colleague', 'course_completed')`),
    uniqueIndex("feed_posts_deal_won_idx").on(table.dealId).where(sql`${table.kind} = 'deal_won'`),
    // The pinned posts above the feed's first page are found without reading every post.
    index("feed_posts_pinned_idx").on(table.createdAt).where(sql`${table.pinned} and ${table.deletedAt} is null`),
    index("feed_posts_created_idx").on(table.createdAt, table.id).where(sql`${table.deletedAt} is null`),
    index("feed_posts_search_idx").using("gin", table.search),
  ],
);

/** The units (with their subtrees), groups and people a post is for. */
export const feedPostAudience = pgTable(
  "feed_post_audience",
  {
    postId: uuid("post_id")
      .notNull()
      .references(() => feedPosts.id, { onDelete: "cascade" }),
    /** unit, group or user */
    subjectType: text("subject_type").notNull(),
    subjectId: uuid("subject_id").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.postId, table.subjectType, table.subjectId] }),
    index("feed_post_audience_subject_idx").on(table.subjectType, table.subjectId),
    check("feed_post_audience_subject_check", sql`${table.subjectType} in ('unit', 'group', 'user')`),
  ],
);

/** «Прочитал(а)» on an important post. */
export const feedPostReads = pgTable(
  "feed_post_reads",
  {
    postId: uuid("post_id")
      .notNull()
      .references(() => feedPosts.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    readAt: timestamp("read_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.postId, table.userId] })],
);

export const feedComments = pgTable(
  "feed_comments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    postId: uuid("post_id")
      .notNull()
      .references(() => feedPosts.id, { onDelete: "cascade" }),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (table) => [index("feed_comments_post_idx").on(table.postId, table.createdAt)],
);

export const feedReactions = pgTable(
  "feed_reactions",
  {
    postId: uuid("post_id")
      .notNull()
      .references(() => feedPosts.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    emoji: text("emoji").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.postId, table.userId, table.emoji] })],
);

/** Drive files a post carries: rows pointing at the version's blob (one stored file, many links). */
export const feedPostFiles = pgTable(
  "feed_post_files",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    postId: uuid("post_id")
      .notNull()
      .references(() => feedPosts.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    mimeType: text("mime_type").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    blobId: uuid("blob_id")
      .notNull()
      .references(() => driveBlobs.id),
  },
  (table) => [index("feed_post_files_post_idx").on(table.postId), index("feed_post_files_blob_idx").on(table.blobId)],
);

/** A poll on a post: one question, 2–10 options, one or several choices. */
export const feedPolls = pgTable("feed_polls", {
  postId: uuid("post_id")
    .primaryKey()
    .references(() => feedPosts.id, { onDelete: "cascade" }),
  question: text("question").notNull(),
  multiple: boolean("multiple").notNull().default(false),
  /** After this moment votes are refused; null: open while the post lives. */
  closesAt: timestamp("closes_at", { withTimezone: true }),
});

export const feedPollOptions = pgTable(
  "feed_poll_options",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    postId: uuid("post_id")
      .notNull()
      .references(() => feedPolls.postId, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    text: text("text").notNull(),
  },
  (table) => [uniqueIndex("feed_poll_options_position_idx").on(table.postId, table.position)],
);

export const feedPollVotes = pgTable(
  "feed_poll_votes",
  {
    optionId: uuid("option_id")
      .notNull()
      .references(() => feedPollOptions.id, { onDelete: "cascade" }),
    postId: uuid("post_id")
      .notNull()
      .references(() => feedPolls.postId, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    votedAt: timestamp("voted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.optionId, table.userId] }),
    index("feed_poll_votes_post_user_idx").on(table.postId, table.userId),
  ],
);
