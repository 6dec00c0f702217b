import { type SQL, sql } from "drizzle-orm";

/**
 * Where one learner (`userId`) stands on one course (`courseId`), as a one-row subquery for
 * `cross join lateral ${learnerCourseProgress(…)} progress`, with the columns `status`,
 * `lessons_done`, `lessons_total`, `attempts`, `best_percent`, `minutes_spent`, `passed_at`.
 * The one definition of a learner's status:
 * - passed: an attempt passed, or the course has no test and every lesson is done;
 * - in_progress: an attempt is open, or (before any attempt is scored) some lesson is done;
 * - grading: the last finished attempt waits for a head to grade free-text answers;
 * - failed: attempts were scored and none passed;
 * - not_started: nothing yet.
 * Attestation attempts count here too: passing an attestation passes the course.
 */
export function learnerCourseProgress(courseId: SQL, userId: SQL): SQL {
  return sql`(select
      case
        when facts.passed_at is not null or (facts.questions_total = 0 and facts.lessons_total > 0 and facts.lessons_done = facts.lessons_total) then 'passed'
        when facts.open_attempts > 0 then 'in_progress'
        when facts.grading_attempts > 0 then 'grading'
        when facts.failed_attempts > 0 then 'failed'
        when facts.lessons_done > 0 then 'in_progress'
        else 'not_started'
      end as status,
      facts.lessons_done, facts.lessons_total, facts.attempts, facts.best_percent, facts.minutes_spent,
      coalesce(facts.passed_at, case when facts.questions_total = 0 and facts.lessons_total > 0
        and facts.lessons_done = facts.lessons_total then facts.last_lesson_at end) as passed_at
    from (select
      (select count(*)::int from course_lessons lesson where lesson.course_id = ${courseId} and lesson.deleted_at is null) as lessons_total,
      (select count(*)::int from course_lesson_completions done join course_lessons lesson on lesson.id = done.lesson_id
        where lesson.course_id = ${courseId} and lesson.deleted_at is null and done.user_id = ${userId}) as lessons_done,
      (select max(done.completed_at) from course_lesson_completions done join course_lessons lesson on lesson.id = done.lesson_id
        where lesson.course_id = ${courseId} and lesson.deleted_at is null and done.user_id = ${userId}) as last_lesson_at,
      (select count(*)::int from course_questions question where question.course_id = ${courseId} and question.deleted_at is null) as questions_total,
      count(tried.id)::int as attempts,
      count(tried.id) filter (where tried.status = 'in_progress')::int as open_attempts,
      count(tried.id) filter (where tried.status = 'grading')::int as grading_attempts,
      count(tried.id) filter (where tried.status = 'failed')::int as failed_attempts,
      min(tried.submitted_at) filter (where tried.status = 'passed') as passed_at,
      max(case when tried.status in ('passed', 'failed') and tried.max_score > 0 then (tried.score * 100) / tried.max_score end)::int as best_percent,
      ${attemptMinutes(sql`tried`)} as minutes_spent
    from course_attempts tried where tried.course_id = ${courseId} and tried.user_id = ${userId}) facts)`;
}

/** Whole minutes spent in the attempts aliased `alias` (an aggregate): each up to its submission, its deadline or now. */
export function attemptMinutes(alias: SQL): SQL {
  return sql`coalesce(floor(sum(extract(epoch from (least(coalesce(${alias}.submitted_at, now()),
    coalesce(${alias}.deadline_at, 'infinity'::timestamptz)) - ${alias}.started_at))) / 60), 0)::int`;
}
