import { randomInt } from "node:crypto";
import { type Attempt, type attemptAnswerWriteSchema, courseLimits } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { AppError, conflict, forbidden, invalid, notFound } from "../../platform/errors/problem";
import { assertCourseVisibleOrThrow } from "../../policies/training";
import { loadCourse } from "./course.queries";
import { presentAttempt } from "./course-attempt.presenter";
import {
  type AttemptRow,
  expiredAttemptIds,
  loadAnswers,
  loadDrawnQuestions,
  loadVisibleAttempt,
} from "./course-attempt.queries";
import { finishAttempt } from "./course-scoring";

type AnswerWrite = z.infer<typeof attemptAnswerWriteSchema>;

/** «Время вышло»: the web recognises the code and says it in the learner's language. */
const timeUp = () =>
  new AppError(409, "Conflict", "Time is up: answers after the deadline are not counted", [
    { path: "deadlineAt", message: "Time is up", code: "time_up" },
  ]);

/** A uniformly shuffled copy (Fisher–Yates on the system's cryptographic random source). */
export function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = randomInt(index + 1);
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

/**
 * Closes the open attempts past their deadline matching `condition` (over `a`), each scored with
 * what was saved in time. Called where an attempt is read or a new one started, so a learner who
 * closed the page at the last second still gets a result.
 */
export async function closeExpiredAttempts(executor: Executor, condition: SQL): Promise<void> {
  for (const id of await expiredAttemptIds(executor, condition)) await finishAttempt(executor, id);
}

async function presentAttemptById(executor: Executor, actor: Actor, attemptId: string): Promise<Attempt> {
  const row = await loadVisibleAttempt(executor, actor, attemptId);
  if (!row) throw notFound();
  const questions = await loadDrawnQuestions(
    executor,
    row.questions.map((drawn) => drawn.questionId),
  );
  return presentAttempt(row, questions, await loadAnswers(executor, attemptId), actor);
}

/**
 * The caller's open attempt of the course, or a new one. The questions are drawn now: an attempt
 * asks `questions_per_attempt` of the pool (all when unset), in random order, each question's
 * options shuffled too; the deadline is the server's now plus the time limit.
 *
 * - An open attempt past its deadline is closed first (scored with what was saved in time).
 * - An open attempt in the same context (the same attestation, or none) is returned as it is —
 *   «Начать тест» twice, or from two tabs, continues the same attempt (`created: false`).
 * - The limit of attempts counts those outside attestations; an attestation gives one attempt to
 *   each of its people, whatever the limit.
 */
export async function startAttemptOrThrow(
  db: Database,
  actor: Actor,
  courseId: string,
  input: { attestationId?: string },
): Promise<{ attempt: Attempt; created: boolean }> {
  const me = actor.user.id;
  return db.transaction(async (tx) => {
    const course = await loadCourse(tx, courseId);
    if (!course) throw notFound();
    assertCourseVisibleOrThrow(actor, course);
    const attestationId = input.attestationId ?? null;
    if (attestationId) {
      const [member] = await rows(
        tx,
        sql`select 1 from attestation_people ap join attestations a on a.id = ap.attestation_id
            where ap.attestation_id = ${attestationId} and ap.user_id = ${me} and a.course_id = ${courseId}
              and a.cancelled_at is null`,
      );
      if (!member) throw notFound("No such attestation of yours for this course");
    }
    await closeExpiredAttempts(tx, sql`a.user_id = ${me} and a.course_id = ${courseId}`);
    const [open] = await rows<{ id: string; attestationId: string | null }>(
      tx,
      sql`select id, attestation_id as "attestationId" from course_attempts
          where user_id = ${me} and course_id = ${courseId} and status = 'in_progress'`,
    );
    if (open) {
      if (open.attestationId !== attestationId)
        throw conflict("Another attempt at this course is open: finish it first");
      return { attempt: await presentAttemptById(tx, actor, open.id), created: false };
    }
    if (attestationId) {
      const [taken] = await rows(
        tx,
        sql`select 1 from course_attempts where user_id = ${me} and attestation_id = ${attestationId}`,
      );
      if (taken) throw conflict("You have already taken this attestation's test");
    } else if (course.attemptsAllowed !== null) {
      const [used] = await rows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from course_attempts
            where user_id = ${me} and course_id = ${courseId} and attestation_id is null`,
      );
      if (used!.n >= course.attemptsAllowed)
        throw conflict(`No attempts left: the course allows ${course.attemptsAllowed}`);
    }
    const pool = await loadDrawnQuestions(
      tx,
      (
        await rows<{ id: string }>(
          tx,
          sql`select id from course_questions where course_id = ${courseId} and deleted_at is null`,
        )
      ).map((row) => row.id),
    );
    if (pool.length === 0) throw conflict("This course has no test");
    const drawn = shuffled(pool).slice(0, Math.min(course.questionsPerAttempt ?? pool.length, pool.length));
    const questions = drawn.map((question) => ({
      questionId: question.id,
      optionIds: question.kind === "text" ? [] : shuffled(question.options.map((option) => option.id)),
    }));
    const maxScore = drawn.reduce((sum, question) => sum + question.points, 0);
    const deadline =
      course.timeLimitMinutes === null
        ? sql`null`
        : sql`now() + make_interval(mins => ${course.timeLimitMinutes}::int)`;
    // The partial unique index keeps one open attempt per learner and course, even for two starts at once.
    const [created] = await rows<{ id: string }>(
      tx,
      sql`insert into course_attempts (course_id, user_id, attestation_id, questions, deadline_at, max_score)
          values (${courseId}, ${me}, ${attestationId}, ${JSON.stringify(questions)}::jsonb, ${deadline}, ${maxScore})
          on conflict (user_id, course_id) where status = 'in_progress' do nothing
          returning id`,
    );
    if (!created) throw conflict("Another attempt at this course is open: finish it first");
    return { attempt: await presentAttemptById(tx, actor, created.id), created: true };
  });
}

/** An attempt for its learner or someone whose `reports` scope reaches them; one past its deadline is closed first. */
export async function attemptOrThrow(db: Database, actor: Actor, attemptId: string): Promise<Attempt> {
  return db.transaction(async (tx) => {
    const row = await loadVisibleAttempt(tx, actor, attemptId, { lock: true });
    if (!row) throw notFound();
    if (row.expired) await finishAttempt(tx, attemptId);
    return presentAttemptById(tx, actor, attemptId);
  });
}

/** The caller's own open attempt, locked; a deadline passed closes it (committed) and refuses. */
async function myOpenAttemptOrThrow(tx: Executor, actor: Actor, attemptId: string): Promise<AttemptRow | "expired"> {
  const row = await loadVisibleAttempt(tx, actor, attemptId, { lock: true });
  if (!row) throw notFound();
  if (row.userId !== actor.user.id) throw forbidden("Only the learner answers their test");
  if (row.expired) {
    await finishAttempt(tx, attemptId);
    return "expired";
  }
  if (row.status !== "in_progress") throw conflict("The attempt is finished");
  return row;
}

function assertAnswerOrThrow(
  question: { kind: "single" | "multiple" | "text" },
  drawnOptionIds: readonly string[],
  input: AnswerWrite,
) {
  if (question.kind === "text") {
    if (input.optionIds.length > 0) throw invalid("optionIds", "A free-text question has no options");
    if ((input.text ?? "").length > courseLimits.textAnswerChars)
      throw invalid("text", `An answer holds at most ${courseLimits.textAnswerChars} characters`);
    return;
  }
  if (input.text !== null && input.text !== "") throw invalid("text", "Choose options for this question");
  const offered = new Set(drawnOptionIds);
  if (new Set(input.optionIds).size !== input.optionIds.length || input.optionIds.some((id) => !offered.has(id)))
    throw invalid("optionIds", "Choose among the question's options");
  if (question.kind === "single" && input.optionIds.length > 1)
    throw invalid("optionIds", "A single-choice question takes one option");
}

/**
 * Saves the caller's answer to one question of their open attempt, by the server's clock: after
 * the deadline nothing is saved («Время вышло») and the attempt is closed with what it had.
 */
export async function saveAnswerOrThrow(
  db: Database,
  actor: Actor,
  attemptId: string,
  questionId: string,
  input: AnswerWrite,
): Promise<Attempt> {
  const saved = await db.transaction(async (tx) => {
    const attempt = await myOpenAttemptOrThrow(tx, actor, attemptId);
    if (attempt === "expired") return null;
    const drawn = attempt.questions.find((question) => question.questionId === questionId);
    if (!drawn) throw invalid("questionId", "Not a question of this attempt");
    const [question] = await loadDrawnQuestions(tx, [questionId]);
    assertAnswerOrThrow(question!, drawn.optionIds, input);
    const text = question!.kind === "text" ? (input.text ?? "") : null;
    await tx.execute(
      sql`insert into course_attempt_answers (attempt_id, question_id, option_ids, text_answer)
          values (${attemptId}, ${questionId}, ${JSON.stringify(input.optionIds)}::jsonb, ${text})
          on conflict (attempt_id, question_id) do update
            set option_ids = excluded.option_ids, text_answer = excluded.text_answer, answered_at = now()`,
    );
    return presentAttemptById(tx, actor, attemptId);
  });
  if (!saved) throw timeUp();
  return saved;
}

/** «Завершить тест»: scores the caller's attempt; submitting a finished one again returns it as it is. */
export async function submitAttemptOrThrow(db: Database, actor: Actor, attemptId: string): Promise<Attempt> {
  return db.transaction(async (tx) => {
    const row = await loadVisibleAttempt(tx, actor, attemptId, { lock: true });
    if (!row) throw notFound();
    if (row.userId !== actor.user.id) throw forbidden("Only the learner submits their test");
    await finishAttempt(tx, attemptId);
    return presentAttemptById(tx, actor, attemptId);
  });
}
