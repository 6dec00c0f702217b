import type { Attempt, GradingItem } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, rows } from "../../platform/db/database";
import { conflict, forbidden, invalid, notFound } from "../../platform/errors/problem";
import { learnerCondition, mayManageTraining } from "../../policies/training";
import { loadVisibleAttempt } from "./course-attempt.queries";
import { attemptOrThrow } from "./course-attempt.service";
import { completeGradingIfDone } from "./course-scoring";

/**
 * Free-text answers graded by those who manage training, for the learners their `reports` scope
 * reaches (a head their subtree, tops and admins everyone) — never their own.
 */

/**
 * The attempts waiting for the caller's grade, oldest first. Only those who manage training grade,
 * so everyone else's queue is empty (like the approvals of workflows).
 */
export async function gradingQueueOrThrow(db: Database, actor: Actor): Promise<{ items: GradingItem[] }> {
  if (!mayManageTraining(actor)) return { items: [] };
  const found = await rows<{
    attemptId: string;
    userId: string;
    userName: string;
    courseId: string;
    courseTitle: string;
    submittedAt: Date | string | null;
    answers: GradingItem["answers"];
  }>(
    db,
    sql`select a.id as "attemptId", a.user_id as "userId", u.name as "userName", c.id as "courseId",
          c.title as "courseTitle", a.submitted_at as "submittedAt",
          coalesce((select json_agg(json_build_object('questionId', q.id, 'question', q.text, 'maxPoints', q.points,
                                                      'text', x.text_answer, 'points', x.points)
                                    order by x.answered_at, q.id)
                    from course_attempt_answers x join course_questions q on q.id = x.question_id
                    where x.attempt_id = a.id and q.kind = 'text' and coalesce(x.text_answer, '') <> ''
                      and (a.deadline_at is null or x.answered_at <= a.deadline_at)), '[]') as answers
        from course_attempts a join users u on u.id = a.user_id join courses c on c.id = a.course_id
        where a.status = 'grading' and a.user_id <> ${actor.user.id} and ${learnerCondition(actor, sql`a.user_id`)}
        order by a.submitted_at, a.id
        limit 200`,
  );
  return {
    items: found.map((row) => ({
      attemptId: row.attemptId,
      learner: { id: row.userId, name: row.userName },
      course: { id: row.courseId, title: row.courseTitle },
      submittedAt: row.submittedAt === null ? null : new Date(row.submittedAt).toISOString(),
      answers: row.answers,
    })),
  };
}

/**
 * Points (0 to the question's) for one free-text answer of an attempt waiting for grades. When the
 * last one is graded the attempt is passed or failed. Grades change while the attempt waits; a
 * finished attempt keeps its result.
 */
export async function gradeAnswerOrThrow(
  db: Database,
  actor: Actor,
  attemptId: string,
  questionId: string,
  points: number,
): Promise<Attempt> {
  await db.transaction(async (tx) => {
    const attempt = await loadVisibleAttempt(tx, actor, attemptId, { lock: true });
    if (!attempt) throw notFound();
    if (!mayManageTraining(actor)) throw forbidden("Heads, tops and administrators grade answers");
    if (attempt.userId === actor.user.id) throw forbidden("Nobody grades their own answers");
    if (attempt.status !== "grading") throw conflict("This attempt has no answers waiting for a grade");
    const [answer] = await rows<{ maxPoints: number }>(
      tx,
      sql`select q.points as "maxPoints" from course_attempt_answers x
          join course_questions q on q.id = x.question_id
          join course_attempts a on a.id = x.attempt_id
          where x.attempt_id = ${attemptId} and x.question_id = ${questionId} and q.kind = 'text'
            and coalesce(x.text_answer, '') <> '' and (a.deadline_at is null or x.answered_at <= a.deadline_at)`,
    );
    if (!answer) throw invalid("questionId", "No free-text answer of this attempt to grade");
    if (points < 0 || points > answer.maxPoints)
      throw invalid("points", `Give from 0 to ${answer.maxPoints} points for this answer`);
    await tx.execute(
      sql`update course_attempt_answers set points = ${points}, graded_by = ${actor.user.id}, graded_at = now()
          where attempt_id = ${attemptId} and question_id = ${questionId}`,
    );
    await completeGradingIfDone(tx, attemptId, actor.user.id);
  });
  return attemptOrThrow(db, actor, attemptId);
}
