import { type SQL, sql } from "drizzle-orm";
import { unitsAbove } from "../../platform/scope/units-below";

/**
 * Who an assignment reaches, today: a table of `(assignment_id, course_id, due_on, onboarding,
 * user_id)` for every active employee a live assignment covers — named people, the people of a unit
 * and everything below it, the holders of a role. `from ${assignedLearners()} learner`.
 * The one place that decides whether a course is assigned to someone.
 */
export function assignedLearners(): SQL {
  return sql`(select given.id as assignment_id, given.course_id, given.due_on, given.onboarding, taker.id as user_id
    from course_assignments given
    join courses given_course on given_course.id = given.course_id and given_course.deleted_at is null
    join users taker on taker.active and (
      (given.subject_type = 'user' and taker.id = given.subject_id)
      or (given.subject_type = 'role' and taker.role = given.role)
      or (given.subject_type = 'unit' and given.subject_id in (select id from ${unitsAbove(sql`taker.unit_id`)} mine)))
    where given.cancelled_at is null)`;
}

/** The earliest deadline of the live assignments of `courseId` (an id or a column) to `userId`; null: none or no deadline. */
export function assignedDueOn(courseId: SQL, userId: SQL): SQL {
  return sql`(select min(learner.due_on) from ${assignedLearners()} learner
    where learner.course_id = ${courseId} and learner.user_id = ${userId})`;
}

/** Whether `courseId` is assigned to `userId` by any live assignment. */
export function isAssigned(courseId: SQL, userId: SQL): SQL {
  return sql`exists (select 1 from ${assignedLearners()} learner
    where learner.course_id = ${courseId} and learner.user_id = ${userId})`;
}
