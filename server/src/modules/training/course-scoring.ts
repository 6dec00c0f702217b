import { sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";
import { notify } from "../../platform/notifications/notify";
import { unitsAbove } from "../../platform/scope/units-below";
import { announceCourseCompleted } from "../feed/feed-events";
import {
  type AnswerRow,
  type AttemptStatus,
  type DrawnQuestionRow,
  loadAnswers,
  loadAttempt,
  loadDrawnQuestions,
} from "./course-attempt.queries";
import { learnerCourseProgress } from "./course-progress.queries";

/**
 * Scoring a test. A choice question earns its points when the chosen options are exactly the
 * correct ones, else nothing; a free-text answer waits for a head's grade; an answer saved after the
 * deadline is never counted (saving refuses it, this holds even if one got in). The pass is decided
 * on whole points — score × 100 ≥ pass mark × maximum — so exactly at the mark passes.
 */

/** The points each drawn question earns (null: a free-text answer waiting for a grade). */
export function scoreAnswers(
  questions: readonly DrawnQuestionRow[],
  answers: ReadonlyMap<string, Pick<AnswerRow, "optionIds" | "text" | "late">>,
): Map<string, number | null> {
  const earned = new Map<string, number | null>();
  for (const question of questions) {
    const answer = answers.get(question.id);
    if (!answer || answer.late) {
      earned.set(question.id, 0);
      continue;
    }
    if (question.kind === "text") {
      earned.set(question.id, answer.text?.trim() ? null : 0);
      continue;
    }
    const correct = question.options.filter((option) => option.correct).map((option) => option.id);
    const chosen = new Set(answer.optionIds);
    const exact = correct.length > 0 && chosen.size === correct.length && correct.every((id) => chosen.has(id));
    earned.set(question.id, exact ? question.points : 0);
  }
  return earned;
}

export const passes = (score: number, maxScore: number, passPercent: number) =>
  maxScore > 0 && score * 100 >= passPercent * maxScore;

/** Where a learner stands on a course now, by the one definition of it. */
export async function learnerStatus(executor: Executor, courseId: string, userId: string): Promise<string> {
  const [row] = await rows<{ status: string }>(
    executor,
    sql`select progress.status from ${learnerCourseProgress(sql`${courseId}::uuid`, sql`${userId}::uuid`)} progress`,
  );
  return row?.status ?? "not_started";
}

/**
 * After a change that may have passed the course (`before`: the status ahead of it): a first pass
 * of a published course is announced in the learner's unit feed.
 */
export async function announceFirstPass(tx: Executor, courseId: string, userId: string, before: string) {
  if (before === "passed") return;
  if ((await learnerStatus(tx, courseId, userId)) !== "passed") return;
  const [course] = await rows<{ published: boolean }>(tx, sql`select published from courses where id = ${courseId}`);
  if (course?.published) await announceCourseCompleted(tx, { userId, courseId });
}

/**
 * Closes an open attempt — submitted by the learner, or past its deadline — and scores it with
 * what was saved in time. Free-text answers leave it waiting for a grade (its heads are told).
 */
export async function finishAttempt(tx: Executor, attemptId: string): Promise<void> {
  const attempt = await loadAttempt(tx, attemptId);
  if (attempt?.status !== "in_progress") return;
  const before = await learnerStatus(tx, attempt.courseId, attempt.userId);
  const questions = await loadDrawnQuestions(
    tx,
    attempt.questions.map((drawn) => drawn.questionId),
  );
  const answers = await loadAnswers(tx, attemptId);
  const earned = scoreAnswers(questions, new Map(answers.map((answer) => [answer.questionId, answer])));
  // A waiting free-text answer keeps null points; an answer to a question no longer drawn earns 0.
  for (const answer of answers) {
    const points = earned.get(answer.questionId);
    await tx.execute(
      sql`update course_attempt_answers set points = ${points === undefined ? 0 : points}::int
          where attempt_id = ${attemptId} and question_id = ${answer.questionId}`,
    );
  }
  const maxScore = questions.reduce((sum, question) => sum + question.points, 0);
  const values = [...earned.values()];
  const score = values.reduce<number>((sum, points) => sum + (points ?? 0), 0);
  const waiting = values.some((points) => points === null);
  const status: AttemptStatus = waiting
    ? "grading"
    : passes(score, maxScore, attempt.passPercent)
      ? "passed"
      : "failed";
  await tx.execute(
    sql`update course_attempts set status = ${status}, score = ${score}, max_score = ${maxScore},
          submitted_at = least(now(), coalesce(deadline_at, now()))
        where id = ${attemptId}`,
  );
  if (waiting) await notifyGraders(tx, attempt.userId, attempt.userName, attempt.courseTitle, attemptId);
  else await announceFirstPass(tx, attempt.courseId, attempt.userId, before);
}

/** The heads of the learner's unit and of the units above it hear that answers wait for a grade. */
async function notifyGraders(tx: Executor, userId: string, userName: string, courseTitle: string, attemptId: string) {
  const heads = await rows<{ id: string }>(
    tx,
    sql`select distinct un.head_user_id as id from ${unitsAbove(sql`select unit_id from users where id = ${userId}`)} chain
        join units un on un.id = chain.id join users head on head.id = un.head_user_id
        where head.active and head.id <> ${userId}`,
  );
  await notify(
    tx,
    heads.map((head) => ({
      userId: head.id,
      kind: "course_grading",
      title: `Проверьте ответы: ${userName}`,
      body: `Тест по курсу «${courseTitle}»`,
      link: `/training/attempts/${attemptId}`,
      actorId: userId,
    })),
  );
}

/**
 * After a grade: once every free-text answer of the attempt has its points, the attempt is scored
 * and passed or failed; the learner hears the result.
 */
export async function completeGradingIfDone(tx: Executor, attemptId: string, graderId: string): Promise<void> {
  const attempt = await loadAttempt(tx, attemptId);
  if (attempt?.status !== "grading") return;
  const [pending] = await rows<{ waiting: number; score: number }>(
    tx,
    sql`select count(*) filter (where points is null)::int as waiting, coalesce(sum(points), 0)::int as score
        from course_attempt_answers where attempt_id = ${attemptId}`,
  );
  if (!pending || pending.waiting > 0) {
    await tx.execute(sql`update course_attempts set score = ${pending?.score ?? 0} where id = ${attemptId}`);
    return;
  }
  const before = await learnerStatus(tx, attempt.courseId, attempt.userId);
  const status: AttemptStatus = passes(pending.score, attempt.maxScore, attempt.passPercent) ? "passed" : "failed";
  await tx.execute(
    sql`update course_attempts set status = ${status}, score = ${pending.score} where id = ${attemptId}`,
  );
  await notify(tx, [
    {
      userId: attempt.userId,
      kind: "course_graded",
      title: status === "passed" ? `Тест сдан: «${attempt.courseTitle}»` : `Тест не сдан: «${attempt.courseTitle}»`,
      body: `${pending.score} из ${attempt.maxScore}`,
      link: `/training/attempts/${attemptId}`,
      actorId: graderId,
    },
  ]);
  await announceFirstPass(tx, attempt.courseId, attempt.userId, before);
}
