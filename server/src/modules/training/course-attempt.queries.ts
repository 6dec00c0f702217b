import { type SQL, sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Executor, rows } from "../../platform/db/database";
import { learnerCondition } from "../../policies/training";

export type AttemptStatus = "in_progress" | "grading" | "passed" | "failed";

export interface AttemptRow {
  id: string;
  courseId: string;
  courseTitle: string;
  passPercent: number;
  userId: string;
  userName: string;
  attestationId: string | null;
  questions: { questionId: string; optionIds: string[] }[];
  startedAt: Date | string;
  deadlineAt: Date | string | null;
  submittedAt: Date | string | null;
  status: AttemptStatus;
  score: number | null;
  maxScore: number;
  /** Whole seconds to the deadline by the database's clock (never below 0); null: no limit. */
  secondsLeft: number | null;
  /** Open, and its deadline passed. */
  expired: boolean;
}

const attemptColumns = sql`a.id, a.course_id as "courseId", c.title as "courseTitle", c.pass_percent as "passPercent",
  a.user_id as "userId", u.name as "userName", a.attestation_id as "attestationId", a.questions,
  a.started_at as "startedAt", a.deadline_at as "deadlineAt", a.submitted_at as "submittedAt", a.status, a.score,
  a.max_score as "maxScore",
  case when a.deadline_at is null then null
       else greatest(0, ceil(extract(epoch from (a.deadline_at - now()))))::int end as "secondsLeft",
  (a.status = 'in_progress' and a.deadline_at is not null and now() > a.deadline_at) as expired`;

/**
 * An attempt the caller may see — their own, or a learner their `reports` read level reaches — or
 * undefined (404 on every attempt route). `lock` takes the row for a write.
 */
export async function loadVisibleAttempt(
  executor: Executor,
  actor: Actor,
  attemptId: string,
  options: { lock?: boolean } = {},
): Promise<AttemptRow | undefined> {
  const [row] = await rows<AttemptRow>(
    executor,
    sql`select ${attemptColumns} from course_attempts a
        join courses c on c.id = a.course_id join users u on u.id = a.user_id
        where a.id = ${attemptId} and ${learnerCondition(actor, sql`a.user_id`)}
        ${options.lock ? sql`for update of a` : sql``}`,
  );
  return row;
}

/** An attempt by id with no check of who asks: for scoring inside a service that already checked. */
export async function loadAttempt(executor: Executor, attemptId: string): Promise<AttemptRow | undefined> {
  const [row] = await rows<AttemptRow>(
    executor,
    sql`select ${attemptColumns} from course_attempts a
        join courses c on c.id = a.course_id join users u on u.id = a.user_id
        where a.id = ${attemptId}`,
  );
  return row;
}

export interface DrawnQuestionRow {
  id: string;
  kind: "single" | "multiple" | "text";
  text: string;
  points: number;
  options: { id: string; text: string; correct: boolean }[];
}

/** The questions an attempt drew (removed from the pool since or not), with their current options. */
export async function loadDrawnQuestions(executor: Executor, questionIds: readonly string[]) {
  if (questionIds.length === 0) return [];
  return rows<DrawnQuestionRow>(
    executor,
    sql`select q.id, q.kind, q.text, q.points,
          coalesce((select json_agg(json_build_object('id', o.id, 'text', o.text, 'correct', o.correct)
                                    order by o.position, o.id)
                    from course_question_options o where o.question_id = q.id), '[]') as options
        from course_questions q where q.id in (${sql.join(
          questionIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
  );
}

export interface AnswerRow {
  questionId: string;
  optionIds: string[];
  text: string | null;
  points: number | null;
  gradedById: string | null;
  gradedByName: string | null;
  answeredAt: Date | string;
  /** Saved after the attempt's deadline: never counted. */
  late: boolean;
}

export async function loadAnswers(executor: Executor, attemptId: string): Promise<AnswerRow[]> {
  return rows<AnswerRow>(
    executor,
    sql`select x.question_id as "questionId", x.option_ids as "optionIds", x.text_answer as text, x.points,
          x.graded_by as "gradedById", g.name as "gradedByName", x.answered_at as "answeredAt",
          (a.deadline_at is not null and x.answered_at > a.deadline_at) as late
        from course_attempt_answers x join course_attempts a on a.id = x.attempt_id
        left join users g on g.id = x.graded_by
        where x.attempt_id = ${attemptId}`,
  );
}

/** The open attempts past their deadline matching `condition` (over `a`): to be closed. */
export async function expiredAttemptIds(executor: Executor, condition: SQL): Promise<string[]> {
  const found = await rows<{ id: string }>(
    executor,
    sql`select a.id from course_attempts a
        where a.status = 'in_progress' and a.deadline_at is not null and now() > a.deadline_at and ${condition}`,
  );
  return found.map((row) => row.id);
}
