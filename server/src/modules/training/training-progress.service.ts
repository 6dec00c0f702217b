import { dayInTimeZone, type LearnerCourseStatus, type Progress, type progressQuerySchema } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../../platform/auth/authenticate";
import { companyTimeZoneOrThrow } from "../../platform/db/company-zone";
import { type Database, rows } from "../../platform/db/database";
import { notFound } from "../../platform/errors/problem";
import { unitsBelow } from "../../platform/scope/units-below";
import { assertUnitReadableOrThrow } from "../../policies/reports";
import { learnerCondition } from "../../policies/training";
import { assignedLearners } from "./course-assignment.queries";
import { closeExpiredAttempts } from "./course-attempt.service";
import { learnerCourseProgress } from "./course-progress.queries";

type ProgressQuery = z.infer<typeof progressQuerySchema>;

interface ProgressLine {
  userId: string;
  userName: string;
  unitName: string;
  courseId: string;
  courseTitle: string;
  assigned: boolean;
  dueOn: string | null;
  status: LearnerCourseStatus;
  lessonsDone: number;
  lessonsTotal: number;
  attempts: number;
  bestPercent: number | null;
  minutesSpent: number;
  passedAt: string | null;
}

/**
 * People's progress on courses: every course assigned to someone the caller may see, and every
 * course they started on their own. A manager sees their own lines; a head their people's.
 * `unitId` narrows to a unit with everything below it (one the caller may open reports of).
 */
export async function progressOrThrow(db: Database, actor: Actor, query: ProgressQuery): Promise<Progress> {
  if (query.unitId) assertUnitReadableOrThrow(actor, query.unitId);
  if (query.userId) {
    const [learner] = await rows(
      db,
      sql`select 1 from users u where u.id = ${query.userId} and ${learnerCondition(actor, sql`u.id`)}`,
    );
    if (!learner) throw notFound();
  }
  // An attempt whose time ran out is scored with what was saved in time before it is shown.
  await closeExpiredAttempts(db, learnerCondition(actor, sql`a.user_id`));
  const timeZone = await companyTimeZoneOrThrow(db);
  const today = dayInTimeZone(new Date(), timeZone);
  const lines = await rows<ProgressLine>(
    db,
    sql`with pairs as (
          select learner.user_id, learner.course_id, min(learner.due_on) as due_on, true as assigned
          from ${assignedLearners()} learner group by learner.user_id, learner.course_id
          union all
          select started.user_id, started.course_id, null, false from (
            select a.user_id, a.course_id from course_attempts a
            union select done.user_id, l.course_id from course_lesson_completions done join course_lessons l on l.id = done.lesson_id
          ) started
        ), learner_courses as (
          select user_id, course_id, min(due_on) as due_on, bool_or(assigned) as assigned from pairs group by user_id, course_id
        )
        select u.id as "userId", u.name as "userName", un.name as "unitName", c.id as "courseId", c.title as "courseTitle",
          lc.assigned, lc.due_on::text as "dueOn", progress.status, progress.lessons_done as "lessonsDone",
          progress.lessons_total as "lessonsTotal", progress.attempts, progress.best_percent as "bestPercent",
          progress.minutes_spent as "minutesSpent", progress.passed_at as "passedAt"
        from learner_courses lc
        join users u on u.id = lc.user_id
        join units un on un.id = u.unit_id
        join courses c on c.id = lc.course_id and c.deleted_at is null
        cross join lateral ${learnerCourseProgress(sql`lc.course_id`, sql`lc.user_id`)} progress
        where ${learnerCondition(actor, sql`u.id`)}
          and ${query.unitId ? sql`u.unit_id in ${unitsBelow(sql`${query.unitId}::uuid`)}` : sql`true`}
          and ${query.courseId ? sql`c.id = ${query.courseId}` : sql`true`}
          and ${query.userId ? sql`u.id = ${query.userId}` : sql`true`}
        order by un.name, u.name, c.title
        limit 5000`,
  );
  const result = lines.map((line) => ({
    user: { id: line.userId, name: line.userName },
    unitName: line.unitName,
    course: { id: line.courseId, title: line.courseTitle },
    assigned: line.assigned,
    dueOn: line.dueOn,
    overdue: line.dueOn !== null && line.dueOn < today && line.status !== "passed",
    status: line.status,
    lessonsDone: line.lessonsDone,
    lessonsTotal: line.lessonsTotal,
    attempts: line.attempts,
    bestPercent: line.bestPercent,
    minutesSpent: line.minutesSpent,
    passedAt: line.passedAt ? new Date(line.passedAt).toISOString() : null,
  }));
  return {
    rows: result,
    totals: {
      assigned: result.filter((row) => row.assigned).length,
      inProgress: result.filter((row) => row.status === "in_progress" || row.status === "grading").length,
      passed: result.filter((row) => row.status === "passed").length,
      failed: result.filter((row) => row.status === "failed").length,
      overdue: result.filter((row) => row.overdue).length,
    },
  };
}
