import type { CourseAuthoring, lessonPatchSchema, lessonWriteSchema, questionWriteSchema } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { invalid, notFound } from "../../platform/errors/problem";
import { richTextOf } from "../../platform/text/rich-text";
import { driveFilesToCarryOrThrow } from "../drive/drive-file.service";
import { courseAuthoringOrThrow, editableCourseOrThrow, touchCourse } from "./course-authoring.service";
import { assertQuestionOrThrow, videoUrlOrThrow } from "./course-validation";

type LessonWrite = z.infer<typeof lessonWriteSchema>;
type LessonPatch = z.infer<typeof lessonPatchSchema>;
type QuestionWrite = z.infer<typeof questionWriteSchema>;

/** A lesson's text: sanitised to the rich-text allowlist (plain text is escaped). */
const lessonBody = (body: string) => (body.trim() === "" ? "" : richTextOf(body));

async function carryFilesOrThrow(tx: Executor, actor: Actor, lessonId: string, driveFileIds: readonly string[]) {
  const files = await driveFilesToCarryOrThrow(tx, actor, driveFileIds, "driveFileIds");
  for (const file of files)
    await tx.execute(
      sql`insert into course_lesson_files (lesson_id, name, mime_type, size, blob_id)
          values (${lessonId}, ${file.name}, ${file.mimeType}, ${file.size}, ${file.blobId})`,
    );
}

async function lessonOfCourseOrThrow(tx: Executor, courseId: string, lessonId: string) {
  const [lesson] = await rows<{ id: string }>(
    tx,
    sql`select id from course_lessons where id = ${lessonId} and course_id = ${courseId} and deleted_at is null`,
  );
  if (!lesson) throw notFound();
}

/** A lesson at the end of the course: text, a video link, drive files (documents, pictures, videos). */
export async function createLessonOrThrow(
  db: Database,
  actor: Actor,
  courseId: string,
  input: LessonWrite,
): Promise<CourseAuthoring> {
  const videoUrl = videoUrlOrThrow(input.videoUrl);
  return db.transaction(async (tx) => {
    await editableCourseOrThrow(tx, actor, courseId);
    const [lesson] = await rows<{ id: string }>(
      tx,
      sql`insert into course_lessons (course_id, position, title, body, video_url)
          values (${courseId}, (select coalesce(max(position), 0) + 1 from course_lessons where course_id = ${courseId}),
            ${input.title}, ${lessonBody(input.body)}, ${videoUrl})
          returning id`,
    );
    await carryFilesOrThrow(tx, actor, lesson!.id, input.driveFileIds);
    await touchCourse(tx, courseId);
    await recordAudit(tx, { actorId: actor.user.id, entity: "course_lesson", entityId: lesson!.id, action: "create" });
    return courseAuthoringOrThrow(tx, actor, courseId);
  });
}

export async function updateLessonOrThrow(
  db: Database,
  actor: Actor,
  courseId: string,
  lessonId: string,
  patch: LessonPatch,
): Promise<CourseAuthoring> {
  const videoUrl = patch.videoUrl === undefined ? undefined : videoUrlOrThrow(patch.videoUrl);
  return db.transaction(async (tx) => {
    await editableCourseOrThrow(tx, actor, courseId);
    await lessonOfCourseOrThrow(tx, courseId, lessonId);
    await tx.execute(
      sql`update course_lessons set title = coalesce(${patch.title ?? null}, title),
            body = coalesce(${patch.body === undefined ? null : lessonBody(patch.body)}, body),
            video_url = ${videoUrl === undefined ? sql`video_url` : sql`${videoUrl}::text`}
          where id = ${lessonId}`,
    );
    if (patch.removeFileIds?.length)
      await tx.execute(
        sql`delete from course_lesson_files where lesson_id = ${lessonId} and id in (${sql.join(
          patch.removeFileIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
      );
    await carryFilesOrThrow(tx, actor, lessonId, patch.driveFileIds ?? []);
    await touchCourse(tx, courseId);
    await recordAudit(tx, { actorId: actor.user.id, entity: "course_lesson", entityId: lessonId, action: "update" });
    return courseAuthoringOrThrow(tx, actor, courseId);
  });
}

/** Removes a lesson; who completed it keeps the record, but it no longer counts. */
export async function deleteLessonOrThrow(
  db: Database,
  actor: Actor,
  courseId: string,
  lessonId: string,
): Promise<CourseAuthoring> {
  return db.transaction(async (tx) => {
    await editableCourseOrThrow(tx, actor, courseId);
    await lessonOfCourseOrThrow(tx, courseId, lessonId);
    await tx.execute(sql`update course_lessons set deleted_at = now() where id = ${lessonId}`);
    await touchCourse(tx, courseId);
    await recordAudit(tx, { actorId: actor.user.id, entity: "course_lesson", entityId: lessonId, action: "delete" });
    return courseAuthoringOrThrow(tx, actor, courseId);
  });
}

async function writeOptionsOrThrow(tx: Executor, questionId: string, input: QuestionWrite) {
  const existing = await rows<{ id: string }>(
    tx,
    sql`select id from course_question_options where question_id = ${questionId}`,
  );
  const known = new Set(existing.map((row) => row.id));
  const kept = new Set<string>();
  for (const option of input.options) {
    if (option.id === undefined) continue;
    if (!known.has(option.id) || kept.has(option.id)) throw invalid("options", "An option of another question");
    kept.add(option.id);
  }
  const gone = existing.filter((row) => !kept.has(row.id));
  if (gone.length > 0)
    await tx.execute(
      sql`delete from course_question_options where id in (${sql.join(
        gone.map((row) => sql`${row.id}::uuid`),
        sql`, `,
      )})`,
    );
  for (const [index, option] of input.options.entries()) {
    if (option.id === undefined)
      await tx.execute(
        sql`insert into course_question_options (question_id, position, text, correct)
            values (${questionId}, ${index + 1}, ${option.text}, ${option.correct})`,
      );
    else
      await tx.execute(
        sql`update course_question_options set position = ${index + 1}, text = ${option.text}, correct = ${option.correct}
            where id = ${option.id}`,
      );
  }
}

/** A question added to the pool: single or multiple choice with its correct options, or free text. */
export async function createQuestionOrThrow(
  db: Database,
  actor: Actor,
  courseId: string,
  input: QuestionWrite,
): Promise<CourseAuthoring> {
  assertQuestionOrThrow(input);
  if (input.options.some((option) => option.id !== undefined))
    throw invalid("options", "A new question's options have no ids yet");
  return db.transaction(async (tx) => {
    await editableCourseOrThrow(tx, actor, courseId);
    const [question] = await rows<{ id: string }>(
      tx,
      sql`insert into course_questions (course_id, position, kind, text, points)
          values (${courseId}, (select coalesce(max(position), 0) + 1 from course_questions where course_id = ${courseId}),
            ${input.kind}, ${input.text}, ${input.points})
          returning id`,
    );
    await writeOptionsOrThrow(tx, question!.id, input);
    await touchCourse(tx, courseId);
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "course_question",
      entityId: question!.id,
      action: "create",
    });
    return courseAuthoringOrThrow(tx, actor, courseId);
  });
}

/**
 * Rewrites a question. Attempts already finished keep the points they were given; an open attempt
 * is scored against the question as it is when submitted.
 */
export async function updateQuestionOrThrow(
  db: Database,
  actor: Actor,
  courseId: string,
  questionId: string,
  input: QuestionWrite,
): Promise<CourseAuthoring> {
  assertQuestionOrThrow(input);
  return db.transaction(async (tx) => {
    await editableCourseOrThrow(tx, actor, courseId);
    const [question] = await rows<{ id: string }>(
      tx,
      sql`select id from course_questions where id = ${questionId} and course_id = ${courseId} and deleted_at is null`,
    );
    if (!question) throw notFound();
    await tx.execute(
      sql`update course_questions set kind = ${input.kind}, text = ${input.text}, points = ${input.points}
          where id = ${questionId}`,
    );
    await writeOptionsOrThrow(tx, questionId, input);
    await touchCourse(tx, courseId);
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "course_question",
      entityId: questionId,
      action: "update",
    });
    return courseAuthoringOrThrow(tx, actor, courseId);
  });
}

/** Takes a question out of the pool; attempts that drew it keep it. */
export async function deleteQuestionOrThrow(
  db: Database,
  actor: Actor,
  courseId: string,
  questionId: string,
): Promise<CourseAuthoring> {
  return db.transaction(async (tx) => {
    await editableCourseOrThrow(tx, actor, courseId);
    const deleted = await rows<{ id: string }>(
      tx,
      sql`update course_questions set deleted_at = now()
          where id = ${questionId} and course_id = ${courseId} and deleted_at is null returning id`,
    );
    if (deleted.length === 0) throw notFound();
    await touchCourse(tx, courseId);
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "course_question",
      entityId: questionId,
      action: "delete",
    });
    return courseAuthoringOrThrow(tx, actor, courseId);
  });
}
