import { z } from "zod";
import { chatFileSchema } from "./chat";
import { idSchema, maxInt4, versionSchema } from "./shared";
import { personRefSchema } from "./tasks";
import { learnerCourseStatusSchema } from "./training";

/**
 * «Обучение»: courses of lessons with a test. Authoring (heads, tops, admins), the learner's view,
 * attempts at the test, and the grading of free-text answers.
 *
 * The ranges of numbers (pass mark, attempts, time limit, points, options) are checked by the
 * server, which answers 422 naming the field; the schemas only keep numbers within what the
 * database holds.
 */

const int = z.number().int().min(-maxInt4).max(maxInt4);

export const courseLimits = {
  passPercent: { min: 0, max: 100 },
  attempts: { min: 1, max: 20 },
  timeLimitMinutes: { min: 1, max: 600 },
  onboardingDueDays: { min: 1, max: 365 },
  points: { min: 1, max: 100 },
  options: { min: 2, max: 10 },
  textAnswerChars: 5_000,
  lessonBodyChars: 100_000,
} as const;

export const questionKindSchema = z.enum(["single", "multiple", "text"]);
export type QuestionKind = z.infer<typeof questionKindSchema>;

/** A course's settings as written by its author. */
export const courseWriteSchema = z.strictObject({
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(5_000).default(""),
  passPercent: int.default(80),
  /** null: unlimited. */
  attemptsAllowed: int.nullable().default(null),
  /** null: no limit. */
  timeLimitMinutes: int.nullable().default(null),
  /** How many questions an attempt draws from the pool; null: all of them. */
  questionsPerAttempt: int.nullable().default(null),
  /** Assigned to every new employee, due `onboardingDueDays` after they join. */
  onboarding: z.boolean().default(false),
  onboardingDueDays: int.default(14),
});
export type CourseInput = z.input<typeof courseWriteSchema>;

export const coursePatchSchema = z.strictObject({
  title: z.string().trim().min(1).max(200).optional(),
  description: z.string().trim().max(5_000).optional(),
  passPercent: int.optional(),
  attemptsAllowed: int.nullable().optional(),
  timeLimitMinutes: int.nullable().optional(),
  questionsPerAttempt: int.nullable().optional(),
  onboarding: z.boolean().optional(),
  onboardingDueDays: int.optional(),
  version: versionSchema,
});
export type CoursePatch = z.input<typeof coursePatchSchema>;

export const lessonWriteSchema = z.strictObject({
  title: z.string().trim().min(1).max(200),
  /** Rich text from the editor (sanitised on the server). */
  body: z.string().max(courseLimits.lessonBodyChars).default(""),
  /** An http(s) link to a video; null: none. */
  videoUrl: z.string().trim().max(2_000).nullable().default(null),
  /** Drive files the author may read, carried by the lesson (their bytes shared, not copied). */
  driveFileIds: z.array(idSchema).max(20).default([]),
});
export type LessonInput = z.input<typeof lessonWriteSchema>;

export const lessonPatchSchema = z.strictObject({
  title: z.string().trim().min(1).max(200).optional(),
  body: z.string().max(courseLimits.lessonBodyChars).optional(),
  videoUrl: z.string().trim().max(2_000).nullable().optional(),
  /** More drive files to carry. */
  driveFileIds: z.array(idSchema).max(20).optional(),
  /** The lesson's files to drop (ids of `files`). */
  removeFileIds: z.array(idSchema).max(50).optional(),
});
export type LessonPatch = z.input<typeof lessonPatchSchema>;

export const reorderSchema = z.strictObject({ ids: z.array(idSchema).min(1).max(500) });

export const questionWriteSchema = z.strictObject({
  kind: questionKindSchema,
  text: z.string().trim().min(1).max(2_000),
  points: int.default(1),
  /**
   * Choices of a single or multiple choice question (2–10); none for free text. On a change, an
   * option keeps its `id` (attempts in progress show it still); options left out are removed.
   */
  options: z
    .array(z.strictObject({ id: idSchema.optional(), text: z.string().trim().min(1).max(500), correct: z.boolean() }))
    .max(50)
    .default([]),
});
export type QuestionInput = z.input<typeof questionWriteSchema>;

export const courseLessonSchema = z.object({
  id: idSchema,
  position: z.number().int(),
  title: z.string(),
  /** Sanitised HTML. */
  body: z.string(),
  videoUrl: z.string().nullable(),
  /** Documents and videos from the drive; an mp4 plays in the page. */
  files: z.array(chatFileSchema),
});
export type CourseLesson = z.infer<typeof courseLessonSchema>;

/** A question of the pool with its answer key: for those who edit the course only. */
export const courseQuestionSchema = z.object({
  id: idSchema,
  position: z.number().int(),
  kind: questionKindSchema,
  text: z.string(),
  points: z.number().int(),
  options: z.array(z.object({ id: idSchema, text: z.string(), correct: z.boolean() })),
});
export type CourseQuestion = z.infer<typeof courseQuestionSchema>;

const courseSettingsSchema = z.object({
  id: idSchema,
  title: z.string(),
  description: z.string(),
  author: personRefSchema,
  published: z.boolean(),
  passPercent: z.number().int(),
  attemptsAllowed: z.number().int().nullable(),
  timeLimitMinutes: z.number().int().nullable(),
  questionsPerAttempt: z.number().int().nullable(),
  onboarding: z.boolean(),
  onboardingDueDays: z.number().int(),
  lessonsTotal: z.number().int(),
  /** The pool's size. */
  poolSize: z.number().int(),
  /** How many questions an attempt asks: `questionsPerAttempt` within the pool, else the pool. */
  questionCount: z.number().int(),
  updatedAt: z.string(),
  version: z.number().int(),
  /** The course may be changed by the caller (its author, tops, admins). */
  abilities: z.object({ edit: z.boolean() }),
});

/** The course editor: settings, lessons and the question pool with correct answers. */
export const courseAuthoringSchema = courseSettingsSchema.extend({
  lessons: z.array(courseLessonSchema),
  questions: z.array(courseQuestionSchema),
});
export type CourseAuthoring = z.infer<typeof courseAuthoringSchema>;

/** Where the caller stands on a course. */
export const myCourseSchema = z.object({
  status: learnerCourseStatusSchema,
  /** The best scored attempt's share of points, 0–100 (rounded down); null: none scored. */
  bestPercent: z.number().int().nullable(),
  lessonsDone: z.number().int(),
  lessonsTotal: z.number().int(),
  /** Attempts that count against the limit (not those of attestations). */
  attemptsUsed: z.number().int(),
  /** null: unlimited. */
  attemptsLeft: z.number().int().nullable(),
  /** The course is assigned to the caller, and the earliest deadline of those assignments. */
  assigned: z.boolean(),
  dueOn: z.string().nullable(),
  /** The deadline passed (in the company's zone) and the course is not passed. */
  overdue: z.boolean(),
  /** The attempt the caller has open, to continue. */
  openAttemptId: idSchema.nullable(),
});
export type MyCourse = z.infer<typeof myCourseSchema>;

/** A course in the catalogue: the settings a learner sees (never the pool), and the caller's standing. */
export const courseSummarySchema = courseSettingsSchema.extend({ my: myCourseSchema });
export type CourseSummary = z.infer<typeof courseSummarySchema>;

export const courseListSchema = z.object({ items: z.array(courseSummarySchema) });

export const attemptStatusSchema = z.enum(["in_progress", "grading", "passed", "failed"]);
export type AttemptStatus = z.infer<typeof attemptStatusSchema>;

/** One attempt in a list: when, how it ended. */
export const attemptBriefSchema = z.object({
  id: idSchema,
  attestationId: idSchema.nullable(),
  status: attemptStatusSchema,
  startedAt: z.string(),
  submittedAt: z.string().nullable(),
  score: z.number().int().nullable(),
  maxScore: z.number().int(),
  /** score ÷ maxScore in whole percent (rounded down); null until scored. */
  percent: z.number().int().nullable(),
});
export type AttemptBrief = z.infer<typeof attemptBriefSchema>;

/** A course as a learner opens it: lessons with the caller's marks, and their attempts. */
export const courseDetailSchema = courseSummarySchema.extend({
  lessons: z.array(courseLessonSchema.extend({ done: z.boolean() })),
  attempts: z.array(attemptBriefSchema),
});
export type CourseDetail = z.infer<typeof courseDetailSchema>;

export const attemptStartSchema = z.strictObject({
  /** Taking the test as part of an attestation the caller is in. */
  attestationId: idSchema.optional(),
});

/** A saved answer: chosen options, or the text. */
export const attemptAnswerWriteSchema = z.strictObject({
  optionIds: z.array(idSchema).max(20).default([]),
  text: z.string().max(50_000).nullable().default(null),
});
export type AttemptAnswerInput = z.input<typeof attemptAnswerWriteSchema>;

export const attemptGradeSchema = z.strictObject({ points: int });

/**
 * One attempt as drawn: the questions in the order shown, each one's options in their shuffled
 * order (never which are correct), the saved answers; after submission the points per question.
 */
export const attemptSchema = z.object({
  id: idSchema,
  course: z.object({ id: idSchema, title: z.string(), passPercent: z.number().int() }),
  learner: personRefSchema,
  attestationId: idSchema.nullable(),
  status: attemptStatusSchema,
  startedAt: z.string(),
  deadlineAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  /** Seconds until the deadline by the server's clock; null: no time limit. */
  secondsLeft: z.number().int().nullable(),
  score: z.number().int().nullable(),
  maxScore: z.number().int(),
  percent: z.number().int().nullable(),
  questions: z.array(
    z.object({
      id: idSchema,
      kind: questionKindSchema,
      text: z.string(),
      points: z.number().int(),
      options: z.array(z.object({ id: idSchema, text: z.string() })),
      answer: z
        .object({
          optionIds: z.array(idSchema),
          text: z.string().nullable(),
          answeredAt: z.string(),
          /** Saved after the deadline: never counted. */
          late: z.boolean(),
        })
        .nullable(),
      /** After submission: the points given (null while a free-text answer waits for its grade). */
      earned: z.number().int().nullable(),
      gradedBy: personRefSchema.nullable(),
    }),
  ),
  abilities: z.object({
    /** The caller's own open attempt: answer and submit. */
    answer: z.boolean(),
    /** Free-text answers to grade (those who manage training, for their people's attempts). */
    grade: z.boolean(),
  }),
});
export type Attempt = z.infer<typeof attemptSchema>;

/** An attempt whose free-text answers wait for a grade. */
export const gradingItemSchema = z.object({
  attemptId: idSchema,
  learner: personRefSchema,
  course: z.object({ id: idSchema, title: z.string() }),
  submittedAt: z.string().nullable(),
  answers: z.array(
    z.object({
      questionId: idSchema,
      question: z.string(),
      maxPoints: z.number().int(),
      text: z.string(),
      points: z.number().int().nullable(),
    }),
  ),
});
export type GradingItem = z.infer<typeof gradingItemSchema>;

export const gradingQueueSchema = z.object({ items: z.array(gradingItemSchema) });
