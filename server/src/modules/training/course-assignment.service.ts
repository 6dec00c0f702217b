import { type CourseAssignment, type courseAssignmentWriteSchema, dayInTimeZone, type Role } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { companyTimeZoneOrThrow } from "../../platform/db/company-zone";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { invalid, notFound } from "../../platform/errors/problem";
import { notify } from "../../platform/notifications/notify";
import { learnerCondition, mayManageTraining } from "../../policies/training";
import { assignedLearners } from "./course-assignment.queries";
import { learnerCourseProgress } from "./course-progress.queries";

type AssignmentWrite = z.infer<typeof courseAssignmentWriteSchema>;

interface AssignmentRow {
  id: string;
  courseId: string;
  courseTitle: string;
  subjectType: "user" | "unit" | "role";
  subjectId: string | null;
  role: Role | null;
  subjectName: string | null;
  subjectUnitId: string | null;
  dueOn: string | null;
  onboarding: boolean;
  assignedById: string | null;
  assignedByName: string | null;
  createdAt: string;
  learners: number;
  passed: number;
}

/**
 * Who may see (and cancel) an assignment: its maker; for a person, those whose `reports` scope
 * reaches them; for a unit, those who reach the unit; for a role (company-wide), tops and admins.
 */
function mayHandle(actor: Actor, row: AssignmentRow): boolean {
  if (row.assignedById === actor.user.id) return true;
  if (row.subjectType === "user" && row.subjectId && row.subjectUnitId)
    return actor.scope.canReachOwner("reports", "read", { id: row.subjectId, unitId: row.subjectUnitId });
  if (row.subjectType === "unit" && row.subjectId) return actor.scope.canReachUnit("reports", "read", row.subjectId);
  return actor.scope.level("reports", "read") === "all";
}

async function loadAssignments(executor: Executor, actor: Actor, condition: ReturnType<typeof sql>) {
  return rows<AssignmentRow>(
    executor,
    sql`select a.id, a.course_id as "courseId", c.title as "courseTitle", a.subject_type as "subjectType",
          a.subject_id as "subjectId", a.role, coalesce(su.name, sunit.name) as "subjectName",
          su.unit_id as "subjectUnitId", a.due_on as "dueOn", a.onboarding, a.assigned_by as "assignedById",
          maker.name as "assignedByName", a.created_at as "createdAt",
          (select count(*)::int from ${assignedLearners()} learner
            where learner.assignment_id = a.id and ${learnerCondition(actor, sql`learner.user_id`)}) as learners,
          (select count(*)::int from ${assignedLearners()} learner
            cross join lateral ${learnerCourseProgress(sql`a.course_id`, sql`learner.user_id`)} progress
            where learner.assignment_id = a.id and ${learnerCondition(actor, sql`learner.user_id`)}
              and progress.status = 'passed') as passed
        from course_assignments a
        join courses c on c.id = a.course_id and c.deleted_at is null
        left join users su on a.subject_type = 'user' and su.id = a.subject_id
        left join units sunit on a.subject_type = 'unit' and sunit.id = a.subject_id
        left join users maker on maker.id = a.assigned_by
        where a.cancelled_at is null and ${condition}
        order by a.created_at desc, a.id`,
  );
}

function presentAssignment(actor: Actor, row: AssignmentRow): CourseAssignment {
  return {
    id: row.id,
    course: { id: row.courseId, title: row.courseTitle },
    subject: { type: row.subjectType, id: row.subjectId, role: row.role, name: row.subjectName },
    dueOn: row.dueOn,
    onboarding: row.onboarding,
    assignedBy: row.assignedById && row.assignedByName ? { id: row.assignedById, name: row.assignedByName } : null,
    createdAt: new Date(row.createdAt).toISOString(),
    learners: row.learners,
    passed: row.passed,
    abilities: { cancel: mayManageTraining(actor) && mayHandle(actor, row) },
  };
}

/** The live assignments the caller may handle (a learner: their own), newest first (optionally of one course). */
export async function listAssignmentsOrThrow(
  db: Database,
  actor: Actor,
  query: { courseId?: string | undefined },
): Promise<CourseAssignment[]> {
  const found = await loadAssignments(db, actor, query.courseId ? sql`a.course_id = ${query.courseId}` : sql`true`);
  return found.filter((row) => mayHandle(actor, row)).map((row) => presentAssignment(actor, row));
}

async function assignmentOrThrow(executor: Executor, actor: Actor, id: string): Promise<CourseAssignment> {
  const [row] = await loadAssignments(executor, actor, sql`a.id = ${id}`);
  if (!row || !mayHandle(actor, row)) throw notFound();
  return presentAssignment(actor, row);
}

/** Checks the subject is within the caller's people; anything else is refused as if it did not exist. */
async function assertSubjectAllowedOrThrow(executor: Executor, actor: Actor, subject: AssignmentWrite["subject"]) {
  if (subject.type === "role") {
    if (actor.scope.level("reports", "read") !== "all")
      throw invalid("subject.role", "Only tops and administrators assign a course to a whole role");
    return;
  }
  if (subject.type === "unit") {
    const [unit] = await rows(executor, sql`select 1 from units where id = ${subject.id} and deleted_at is null`);
    if (!unit || !actor.scope.canReachUnit("reports", "read", subject.id))
      throw invalid("subject.id", "Assign to your own people's units");
    return;
  }
  const [user] = await rows<{ id: string; unitId: string }>(
    executor,
    sql`select id, unit_id as "unitId" from users where id = ${subject.id} and active`,
  );
  if (!user || !actor.scope.canReachOwner("reports", "read", user))
    throw invalid("subject.id", "Assign to your own people");
}

/** Assigns a published course; everyone it reaches is told, with the deadline. */
export async function createAssignmentOrThrow(
  db: Database,
  actor: Actor,
  input: AssignmentWrite,
): Promise<CourseAssignment> {
  return db.transaction(async (tx) => {
    const [course] = await rows<{ title: string; published: boolean }>(
      tx,
      sql`select title, published from courses where id = ${input.courseId} and deleted_at is null`,
    );
    if (!course) throw invalid("courseId", "No such course");
    if (!course.published) throw invalid("courseId", "Publish the course before assigning it");
    await assertSubjectAllowedOrThrow(tx, actor, input.subject);
    const today = dayInTimeZone(new Date(), await companyTimeZoneOrThrow(tx));
    if (input.dueOn !== null && input.dueOn < today) throw invalid("dueOn", "The deadline is in the past");
    const subject = input.subject;
    const [created] = await rows<{ id: string }>(
      tx,
      sql`insert into course_assignments (course_id, subject_type, subject_id, role, due_on, assigned_by)
          values (${input.courseId}, ${subject.type}, ${subject.type === "role" ? null : subject.id},
            ${subject.type === "role" ? subject.role : null}, ${input.dueOn}, ${actor.user.id})
          returning id`,
    );
    const id = created!.id;
    const learners = await rows<{ userId: string }>(
      tx,
      sql`select user_id as "userId" from ${assignedLearners()} learner where learner.assignment_id = ${id}`,
    );
    await notify(
      tx,
      learners.map((learner) => ({
        userId: learner.userId,
        kind: "course_assigned",
        title: `Вам назначен курс «${course.title}»`,
        body: input.dueOn ? `Пройти до ${input.dueOn}` : null,
        link: `/training/courses/${input.courseId}`,
        actorId: actor.user.id,
      })),
    );
    await recordAudit(tx, { actorId: actor.user.id, entity: "course_assignment", entityId: id, action: "create" });
    return assignmentOrThrow(tx, actor, id);
  });
}

/** Withdraws an assignment; what its people already did stays. */
export async function cancelAssignmentOrThrow(db: Database, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const assignment = await assignmentOrThrow(tx, actor, id);
    if (!assignment.abilities.cancel) throw notFound();
    await tx.execute(sql`update course_assignments set cancelled_at = now() where id = ${id}`);
    await recordAudit(tx, { actorId: actor.user.id, entity: "course_assignment", entityId: id, action: "delete" });
  });
}

/**
 * A new employee's onboarding path: every published onboarding course, due the course's number
 * of days from today. Called in the transaction that creates the user.
 */
export async function assignOnboardingCourses(executor: Executor, userId: string): Promise<void> {
  const courses = await rows<{ id: string; title: string; dueOn: string }>(
    executor,
    sql`insert into course_assignments (course_id, subject_type, subject_id, due_on, onboarding)
        select c.id, 'user', ${userId}, ((now() at time zone (select time_zone from company_settings where id = 1))::date
          + c.onboarding_due_days), true
        from courses c where c.onboarding and c.published and c.deleted_at is null
        returning course_id as id, (select title from courses where id = course_id) as title, due_on::text as "dueOn"`,
  );
  await notify(
    executor,
    courses.map((course) => ({
      userId,
      kind: "course_assigned",
      title: `Вам назначен курс «${course.title}»`,
      body: `Пройти до ${course.dueOn}`,
      link: `/training/courses/${course.id}`,
    })),
  );
}
