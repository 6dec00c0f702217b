import type { AttemptBrief, CourseAuthoring, CourseLesson, CourseSummary } from "@planerka/common";
import type { Actor } from "../../platform/auth/authenticate";
import { mayEditCourse } from "../../policies/training";
import { presentFile } from "../chat/chat.presenter";
import type { AttemptBriefRow, CourseRow, LessonRow, MyCourseRow, QuestionRow } from "./course.queries";

const iso = (value: Date | string) => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null) => (value === null ? null : iso(value));

/** Whole percent of the points, rounded down (a pass is decided on the points, never on this). */
export const percentOf = (score: number | null, maxScore: number) =>
  score === null || maxScore <= 0 ? null : Math.floor((score * 100) / maxScore);

/** How many questions an attempt asks: the setting within the pool, else the whole pool. */
export const questionCountOf = (course: { questionsPerAttempt: number | null; poolSize: number }) =>
  Math.min(course.questionsPerAttempt ?? course.poolSize, course.poolSize);

function presentSettings(row: CourseRow, actor: Actor) {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    author: { id: row.authorId, name: row.authorName },
    published: row.published,
    passPercent: row.passPercent,
    attemptsAllowed: row.attemptsAllowed,
    timeLimitMinutes: row.timeLimitMinutes,
    questionsPerAttempt: row.questionsPerAttempt,
    onboarding: row.onboarding,
    onboardingDueDays: row.onboardingDueDays,
    lessonsTotal: row.lessonsTotal,
    poolSize: row.poolSize,
    questionCount: questionCountOf(row),
    updatedAt: iso(row.updatedAt),
    version: row.version,
    abilities: { edit: mayEditCourse(actor, row) },
  };
}

export function presentLesson(row: LessonRow): CourseLesson {
  return {
    id: row.id,
    position: row.position,
    title: row.title,
    body: row.body,
    videoUrl: row.videoUrl,
    files: row.files.map((file) => presentFile({ ...file, size: Number(file.size) })),
  };
}

export function presentAuthoring(
  row: CourseRow,
  lessons: LessonRow[],
  questions: QuestionRow[],
  actor: Actor,
): CourseAuthoring {
  return {
    ...presentSettings(row, actor),
    lessons: lessons.map(presentLesson),
    questions: questions.map((question) => ({
      ...question,
      options: question.kind === "text" ? [] : question.options,
    })),
  };
}

export function presentSummary(row: MyCourseRow, actor: Actor): CourseSummary {
  const attemptsLeft = row.attemptsAllowed === null ? null : Math.max(0, row.attemptsAllowed - row.attemptsUsed);
  return {
    ...presentSettings(row, actor),
    my: {
      status: row.status,
      bestPercent: row.bestPercent,
      lessonsDone: row.lessonsDone,
      lessonsTotal: row.lessonsTotal,
      attemptsUsed: row.attemptsUsed,
      attemptsLeft,
      assigned: row.assigned,
      dueOn: row.dueOn,
      overdue: row.dueOn !== null && row.dueOn < row.today && row.status !== "passed",
      openAttemptId: row.openAttemptId,
    },
  };
}

export function presentAttemptBrief(row: AttemptBriefRow): AttemptBrief {
  return {
    id: row.id,
    attestationId: row.attestationId,
    status: row.status,
    startedAt: iso(row.startedAt),
    submittedAt: isoOrNull(row.submittedAt),
    score: row.score,
    maxScore: row.maxScore,
    percent: row.status === "passed" || row.status === "failed" ? percentOf(row.score, row.maxScore) : null,
  };
}
