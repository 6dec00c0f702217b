import type { CourseDetail, CourseSummary } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { notFound } from "../../platform/errors/problem";
import { assertCourseVisibleOrThrow } from "../../policies/training";
import { presentAttemptBrief, presentLesson, presentSummary } from "./course.presenter";
import { loadAttemptBriefs, loadCourse, loadLessons, loadMyCourses } from "./course.queries";
import { closeExpiredAttempts } from "./course-attempt.service";
import { announceFirstPass, learnerStatus } from "./course-scoring";

/**
 * The learner's side of courses: the catalogue with where the caller stands, a course with its
 * lessons, lessons marked done, the lessons' files. Drafts are 404 to those who do not manage
 * training; the answer key and the question pool never leave the editor.
 */

/** Published courses (drafts too, flagged, for those who manage training): assigned first, nearest deadline first. */
export async function listCoursesOrThrow(db: Database, actor: Actor): Promise<{ items: CourseSummary[] }> {
  return db.transaction(async (tx) => {
    await closeExpiredAttempts(tx, sql`a.user_id = ${actor.user.id}`);
    const found = await loadMyCourses(tx, actor);
    return { items: found.map((row) => presentSummary(row, actor)) };
  });
}

async function detailOrThrow(executor: Executor, actor: Actor, courseId: string): Promise<CourseDetail> {
  const [row] = await loadMyCourses(executor, actor, sql`c.id = ${courseId}`);
  if (!row) throw notFound();
  const lessons = await loadLessons(executor, courseId, actor.user.id);
  const attempts = await loadAttemptBriefs(executor, courseId, actor.user.id);
  return {
    ...presentSummary(row, actor),
    lessons: lessons.map((lesson) => ({ ...presentLesson(lesson), done: lesson.done })),
    attempts: attempts.map(presentAttemptBrief),
  };
}

export async function courseDetailOrThrow(db: Database, actor: Actor, courseId: string): Promise<CourseDetail> {
  return db.transaction(async (tx) => {
    await closeExpiredAttempts(tx, sql`a.user_id = ${actor.user.id} and a.course_id = ${courseId}`);
    return detailOrThrow(tx, actor, courseId);
  });
}

/**
 * «Урок пройден». Marking twice changes nothing. A course without a test is passed when every
 * lesson is done — the first time is announced in the learner's unit feed.
 */
export async function completeLessonOrThrow(
  db: Database,
  actor: Actor,
  courseId: string,
  lessonId: string,
): Promise<CourseDetail> {
  return db.transaction(async (tx) => {
    const before = await detailOrThrow(tx, actor, courseId);
    if (!before.lessons.some((lesson) => lesson.id === lessonId)) throw notFound();
    const status = await learnerStatus(tx, courseId, actor.user.id);
    await tx.execute(
      sql`insert into course_lesson_completions (lesson_id, user_id) values (${lessonId}, ${actor.user.id})
          on conflict do nothing`,
    );
    await announceFirstPass(tx, courseId, actor.user.id, status);
    return detailOrThrow(tx, actor, courseId);
  });
}

/** A file a lesson carries, for whoever may open the course. */
export async function lessonFileOrThrow(
  db: Database,
  actor: Actor,
  courseId: string,
  lessonId: string,
  fileId: string,
) {
  const course = await loadCourse(db, courseId);
  if (!course) throw notFound();
  assertCourseVisibleOrThrow(actor, course);
  const [file] = await rows<{ name: string; mimeType: string; size: number; storageKey: string }>(
    db,
    sql`select f.name, f.mime_type as "mimeType", f.size::float8 as size, b.storage_key as "storageKey"
        from course_lesson_files f join drive_blobs b on b.id = f.blob_id
        join course_lessons l on l.id = f.lesson_id
        where f.id = ${fileId} and f.lesson_id = ${lessonId} and l.course_id = ${courseId} and l.deleted_at is null`,
  );
  if (!file) throw notFound();
  return file;
}
