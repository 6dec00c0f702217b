import type { CourseAuthoring, coursePatchSchema, courseWriteSchema } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { diffFields, recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { forbidden, invalid, notFound, staleVersion } from "../../platform/errors/problem";
import { mayEditCourse } from "../../policies/training";
import { presentAuthoring } from "./course.presenter";
import { type CourseRow, loadCourse, loadLessons, loadQuestions } from "./course.queries";
import { assertCourseSettingsOrThrow } from "./course-validation";

type CourseWrite = z.infer<typeof courseWriteSchema>;
type CoursePatch = z.infer<typeof coursePatchSchema>;

const settingFields = [
  "title",
  "description",
  "passPercent",
  "attemptsAllowed",
  "timeLimitMinutes",
  "questionsPerAttempt",
  "onboarding",
  "onboardingDueDays",
] as const;

/**
 * A course the caller may change: 404 when it does not exist (or is deleted); every caller here
 * manages training and so sees drafts, hence 403 — not 404 — for another head's course.
 */
export async function editableCourseOrThrow(executor: Executor, actor: Actor, courseId: string): Promise<CourseRow> {
  const course = await loadCourse(executor, courseId);
  if (!course) throw notFound();
  if (!mayEditCourse(actor, course))
    throw forbidden("Only the course's author, tops and administrators change a course");
  return course;
}

/** Marks the course as changed (the catalogue shows when); its `version` guards the settings only. */
export async function touchCourse(executor: Executor, courseId: string) {
  await executor.execute(sql`update courses set updated_at = now() where id = ${courseId}`);
}

/**
 * The course as its editor sees it: settings, lessons, and the question pool with the answer key —
 * for those who may change it only, so a head who is attested on another head's course never
 * reads its answers.
 */
export async function courseAuthoringOrThrow(
  executor: Executor,
  actor: Actor,
  courseId: string,
): Promise<CourseAuthoring> {
  const course = await editableCourseOrThrow(executor, actor, courseId);
  const [lessons, questions] = [
    await loadLessons(executor, courseId, actor.user.id),
    await loadQuestions(executor, courseId),
  ];
  return presentAuthoring(course, lessons, questions, actor);
}

/** A new draft course by the caller. */
export async function createCourseOrThrow(db: Database, actor: Actor, input: CourseWrite): Promise<CourseAuthoring> {
  assertCourseSettingsOrThrow(input, null);
  return db.transaction(async (tx) => {
    const [created] = await rows<{ id: string }>(
      tx,
      sql`insert into courses (title, description, author_id, pass_percent, attempts_allowed, time_limit_minutes,
            questions_per_attempt, onboarding, onboarding_due_days)
          values (${input.title}, ${input.description}, ${actor.user.id}, ${input.passPercent}, ${input.attemptsAllowed},
            ${input.timeLimitMinutes}, ${input.questionsPerAttempt}, ${input.onboarding}, ${input.onboardingDueDays})
          returning id`,
    );
    await recordAudit(tx, { actorId: actor.user.id, entity: "course", entityId: created!.id, action: "create" });
    return courseAuthoringOrThrow(tx, actor, created!.id);
  });
}

/**
 * Changes the settings; the version must match (409 otherwise). A published course must keep an
 * attempt's number of questions within its pool.
 */
export async function updateCourseOrThrow(
  db: Database,
  actor: Actor,
  courseId: string,
  patch: CoursePatch,
): Promise<CourseAuthoring> {
  return db.transaction(async (tx) => {
    const course = await editableCourseOrThrow(tx, actor, courseId);
    if (course.version !== patch.version) throw staleVersion();
    const { version: _version, ...changes } = patch;
    const next = { ...course, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) };
    assertCourseSettingsOrThrow(next, course.published ? course.poolSize : null);
    await tx.execute(
      sql`update courses set title = ${next.title}, description = ${next.description}, pass_percent = ${next.passPercent},
            attempts_allowed = ${next.attemptsAllowed}, time_limit_minutes = ${next.timeLimitMinutes},
            questions_per_attempt = ${next.questionsPerAttempt}, onboarding = ${next.onboarding},
            onboarding_due_days = ${next.onboardingDueDays}, updated_at = now(), version = version + 1
          where id = ${courseId}`,
    );
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "course",
      entityId: courseId,
      action: "update",
      changes: diffFields(course, next, settingFields),
    });
    return courseAuthoringOrThrow(tx, actor, courseId);
  });
}

/** Removes a course from the catalogue; the attempts and results people made stay. */
export async function deleteCourseOrThrow(db: Database, actor: Actor, courseId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await editableCourseOrThrow(tx, actor, courseId);
    await tx.execute(sql`update courses set deleted_at = now(), version = version + 1 where id = ${courseId}`);
    await recordAudit(tx, { actorId: actor.user.id, entity: "course", entityId: courseId, action: "delete" });
  });
}

/**
 * Publishing shows the course to everyone. A course with neither a lesson nor a question has
 * nothing to learn, and an attempt must be able to draw the questions it asks.
 */
export async function setCoursePublishedOrThrow(
  db: Database,
  actor: Actor,
  courseId: string,
  published: boolean,
): Promise<CourseAuthoring> {
  return db.transaction(async (tx) => {
    const course = await editableCourseOrThrow(tx, actor, courseId);
    if (published) {
      if (course.lessonsTotal === 0 && course.poolSize === 0)
        throw invalid("lessons", "Add a lesson or a test question before publishing the course");
      assertCourseSettingsOrThrow(course, course.poolSize);
    }
    if (course.published !== published) {
      await tx.execute(
        sql`update courses set published = ${published}, updated_at = now(), version = version + 1 where id = ${courseId}`,
      );
      await recordAudit(tx, {
        actorId: actor.user.id,
        entity: "course",
        entityId: courseId,
        action: published ? "publish" : "unpublish",
        changes: [{ field: "published", old: course.published, new: published }],
      });
    }
    return courseAuthoringOrThrow(tx, actor, courseId);
  });
}

/** The ids of a course's live lessons or questions must be listed each exactly once to reorder them. */
export async function reorderOrThrow(
  db: Database,
  actor: Actor,
  courseId: string,
  table: "course_lessons" | "course_questions",
  ids: readonly string[],
): Promise<CourseAuthoring> {
  return db.transaction(async (tx) => {
    await editableCourseOrThrow(tx, actor, courseId);
    const live = await rows<{ id: string }>(
      tx,
      sql`select id from ${sql.identifier(table)} where course_id = ${courseId} and deleted_at is null`,
    );
    const wanted = new Set(ids);
    if (wanted.size !== ids.length || live.length !== ids.length || live.some((row) => !wanted.has(row.id)))
      throw invalid("ids", "List every lesson or question of the course exactly once");
    for (const [index, id] of ids.entries())
      await tx.execute(sql`update ${sql.identifier(table)} set position = ${index + 1} where id = ${id}`);
    await touchCourse(tx, courseId);
    return courseAuthoringOrThrow(tx, actor, courseId);
  });
}
