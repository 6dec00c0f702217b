import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { tsvector } from "./column-types";
import { driveBlobs } from "./drive-schema";
import { units, users } from "./schema";

/**
 * «Обучение»: the sales book (articles in sections), courses of lessons with a test, assignments
 * to people, units or roles, and attestations of a unit at a date.
 */

export const salesBookSections = pgTable("sales_book_sections", {
  id: uuid("id").primaryKey().defaultRandom(),
  title: text("title").notNull(),
  position: integer("position").notNull().default(0),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp("deleted_at", { withTimezone: true }),
});

export const salesBookArticles = pgTable(
  "sales_book_articles",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sectionId: uuid("section_id")
      .notNull()
      .references(() => salesBookSections.id),
    title: text("title").notNull(),
    /** Sanitised HTML. */
    body: text("body").notNull(),
    /** The body's words without markup, for search. */
    bodyText: text("body_text").notNull(),
    position: integer("position").notNull().default(0),
    search: tsvector("search").generatedAlwaysAs(
      sql`setweight(to_tsvector('russian', title), 'A') || setweight(to_tsvector('english', title), 'A') || to_tsvector('russian', body_text) || to_tsvector('english', body_text)`,
    ),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
  },
  (table) => [
    index("sales_book_articles_section_idx").on(table.sectionId, table.position),
    index("sales_book_articles_search_idx").using("gin", table.search),
  ],
);

/** Drive files an article carries: rows pointing at the version's blob (one stored file, many links). */
export const salesBookArticleFiles = pgTable(
  "sales_book_article_files",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    articleId: uuid("article_id")
      .notNull()
      .references(() => salesBookArticles.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    mimeType: text("mime_type").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    blobId: uuid("blob_id")
      .notNull()
      .references(() => driveBlobs.id),
  },
  (table) => [
    index("sales_book_article_files_article_idx").on(table.articleId),
    index("sales_book_article_files_blob_idx").on(table.blobId),
  ],
);

/** «Было полезно»: one answer per reader and article. */
export const salesBookFeedback = pgTable(
  "sales_book_feedback",
  {
    articleId: uuid("article_id")
      .notNull()
      .references(() => salesBookArticles.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    helpful: boolean("helpful").notNull(),
    answeredAt: timestamp("answered_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.articleId, table.userId] })],
);

export const courses = pgTable("courses", {
  id: uuid("id").primaryKey().defaultRandom(),
  title: text("title").notNull(),
  description: text("description").notNull().default(""),
  authorId: uuid("author_id")
    .notNull()
    .references(() => users.id),
  /** Drafts are seen by people who manage training only. */
  published: boolean("published").notNull().default(false),
  /** The share of the test's points needed to pass, 0–100. */
  passPercent: integer("pass_percent").notNull().default(80),
  /** null: unlimited. */
  attemptsAllowed: integer("attempts_allowed"),
  /** null: no limit; enforced on the server against the attempt's deadline. */
  timeLimitMinutes: integer("time_limit_minutes"),
  /** How many questions an attempt draws from the pool, shuffled; null: all of them. */
  questionsPerAttempt: integer("questions_per_attempt"),
  /** Assigned to every new employee, due this many days after they join. */
  onboarding: boolean("onboarding").notNull().default(false),
  onboardingDueDays: integer("onboarding_due_days").notNull().default(14),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp("deleted_at", { withTimezone: true }),
  version: integer("version").notNull().default(1),
});

export const courseLessons = pgTable(
  "course_lessons",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    courseId: uuid("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    title: text("title").notNull(),
    /** Sanitised HTML. */
    body: text("body").notNull().default(""),
    /** A video to watch (an https link). */
    videoUrl: text("video_url"),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (table) => [index("course_lessons_course_idx").on(table.courseId, table.position)],
);

/** Documents and videos a lesson carries, from the drive (the version's blob). */
export const courseLessonFiles = pgTable(
  "course_lesson_files",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    lessonId: uuid("lesson_id")
      .notNull()
      .references(() => courseLessons.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    mimeType: text("mime_type").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    blobId: uuid("blob_id")
      .notNull()
      .references(() => driveBlobs.id),
  },
  (table) => [
    index("course_lesson_files_lesson_idx").on(table.lessonId),
    index("course_lesson_files_blob_idx").on(table.blobId),
  ],
);

export const courseLessonCompletions = pgTable(
  "course_lesson_completions",
  {
    lessonId: uuid("lesson_id")
      .notNull()
      .references(() => courseLessons.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    completedAt: timestamp("completed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.lessonId, table.userId] })],
);

/** The test's pool: single and multiple choice, and free text a head grades. */
export const courseQuestions = pgTable(
  "course_questions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    courseId: uuid("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    kind: text("kind").notNull(),
    text: text("text").notNull(),
    points: integer("points").notNull().default(1),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (table) => [
    index("course_questions_course_idx").on(table.courseId, table.position),
    check("course_questions_kind_check", sql`${table.kind} in ('single', 'multiple', 'text')`),
  ],
);

export const courseQuestionOptions = pgTable(
  "course_question_options",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    questionId: uuid("question_id")
      .notNull()
      .references(() => courseQuestions.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    text: text("text").notNull(),
    correct: boolean("correct").notNull().default(false),
  },
  (table) => [index("course_question_options_question_idx").on(table.questionId, table.position)],
);

/** A test for a unit (with everything below it) at a date; its people are fixed when it is made. */
export const attestations = pgTable("attestations", {
  id: uuid("id").primaryKey().defaultRandom(),
  courseId: uuid("course_id")
    .notNull()
    .references(() => courses.id),
  unitId: uuid("unit_id")
    .notNull()
    .references(() => units.id),
  title: text("title").notNull(),
  heldOn: date("held_on", { mode: "string" }).notNull(),
  /** A repeat for those who failed this one. */
  repeatOf: uuid("repeat_of"),
  createdBy: uuid("created_by")
    .notNull()
    .references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
});

export const attestationPeople = pgTable(
  "attestation_people",
  {
    attestationId: uuid("attestation_id")
      .notNull()
      .references(() => attestations.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
  },
  (table) => [
    primaryKey({ columns: [table.attestationId, table.userId] }),
    index("attestation_people_user_idx").on(table.userId),
  ],
);

/** A course to a person, a unit (with its subtree) or a role, with a deadline. */
export const courseAssignments = pgTable(
  "course_assignments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    courseId: uuid("course_id")
      .notNull()
      .references(() => courses.id),
    subjectType: text("subject_type").notNull(),
    /** The user or unit; null for a role. */
    subjectId: uuid("subject_id"),
    role: text("role"),
    dueOn: date("due_on", { mode: "string" }),
    /** Made for a new employee by an onboarding course. */
    onboarding: boolean("onboarding").notNull().default(false),
    assignedBy: uuid("assigned_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
  },
  (table) => [
    index("course_assignments_course_idx").on(table.courseId),
    index("course_assignments_subject_idx").on(table.subjectType, table.subjectId),
    check(
      "course_assignments_subject_check",
      sql`(${table.subjectType} in ('user', 'unit') and ${table.subjectId} is not null and ${table.role} is null)
        or (${table.subjectType} = 'role' and ${table.subjectId} is null and ${table.role} is not null)`,
    ),
  ],
);

/** Reminders sent once per assignment, person and kind (before the deadline, overdue). */
export const courseAssignmentReminders = pgTable(
  "course_assignment_reminders",
  {
    assignmentId: uuid("assignment_id")
      .notNull()
      .references(() => courseAssignments.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind").notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.assignmentId, table.userId, table.kind] })],
);

/**
 * One try at a course's test. The questions are drawn when it starts; answers after `deadlineAt`
 * are not counted. `status`: in_progress → grading (free-text answers wait for a head) → passed | failed.
 */
export const courseAttempts = pgTable(
  "course_attempts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    courseId: uuid("course_id")
      .notNull()
      .references(() => courses.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    attestationId: uuid("attestation_id").references(() => attestations.id),
    /** The drawn questions, in the order shown: [{ questionId, optionIds }]. */
    questions: jsonb("questions").$type<{ questionId: string; optionIds: string[] }[]>().notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    deadlineAt: timestamp("deadline_at", { withTimezone: true }),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    status: text("status").notNull().default("in_progress"),
    score: integer("score"),
    maxScore: integer("max_score").notNull(),
  },
  (table) => [
    index("course_attempts_user_course_idx").on(table.userId, table.courseId, table.startedAt),
    index("course_attempts_attestation_idx").on(table.attestationId),
    uniqueIndex("course_attempts_one_open_idx")
      .on(table.userId, table.courseId)
      .where(sql`${table.status} = 'in_progress'`),
    check("course_attempts_status_check", sql`${table.status} in ('in_progress', 'grading', 'passed', 'failed')`),
  ],
);

export const courseAttemptAnswers = pgTable(
  "course_attempt_answers",
  {
    attemptId: uuid("attempt_id")
      .notNull()
      .references(() => courseAttempts.id, { onDelete: "cascade" }),
    questionId: uuid("question_id")
      .notNull()
      .references(() => courseQuestions.id),
    optionIds: jsonb("option_ids").$type<string[]>().notNull().default([]),
    textAnswer: text("text_answer"),
    /** null until scored (free text: until a head grades it). */
    points: integer("points"),
    gradedBy: uuid("graded_by").references(() => users.id),
    gradedAt: timestamp("graded_at", { withTimezone: true }),
    answeredAt: timestamp("answered_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.attemptId, table.questionId] })],
);
