import { type SQL, sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { companyZone } from "../../platform/db/company-zone";
import { type Executor, rows } from "../../platform/db/database";
import { mayManageTraining } from "../../policies/training";
import { assignedDueOn, isAssigned } from "./course-assignment.queries";
import { learnerCourseProgress } from "./course-progress.queries";

export interface CourseRow {
  id: string;
  title: string;
  description: string;
  authorId: string;
  authorName: string;
  published: boolean;
  passPercent: number;
  attemptsAllowed: number | null;
  timeLimitMinutes: number | null;
  questionsPerAttempt: number | null;
  onboarding: boolean;
  onboardingDueDays: number;
  updatedAt: Date | string;
  version: number;
  lessonsTotal: number;
  poolSize: number;
}

export interface MyCourseRow extends CourseRow {
  status: "not_started" | "in_progress" | "grading" | "passed" | "failed";
  bestPercent: number | null;
  lessonsDone: number;
  attemptsUsed: number;
  openAttemptId: string | null;
  assigned: boolean;
  dueOn: string | null;
  today: string;
}

export interface LessonRow {
  id: string;
  position: number;
  title: string;
  body: string;
  videoUrl: string | null;
  files: { id: string; name: string; mimeType: string; size: number }[];
  done: boolean;
}

export interface QuestionRow {
  id: string;
  position: number;
  kind: "single" | "multiple" | "text";
  text: string;
  points: number;
  options: { id: string; text: string; correct: boolean }[];
}

const courseColumns = sql`c.id, c.title, c.description, c.author_id as "authorId", author.name as "authorName",
  c.published, c.pass_percent as "passPercent", c.attempts_allowed as "attemptsAllowed",
  c.time_limit_minutes as "timeLimitMinutes", c.questions_per_attempt as "questionsPerAttempt", c.onboarding,
  c.onboarding_due_days as "onboardingDueDays", c.updated_at as "updatedAt", c.version,
  (select count(*)::int from course_lessons l where l.course_id = c.id and l.deleted_at is null) as "lessonsTotal",
  (select count(*)::int from course_questions q where q.course_id = c.id and q.deleted_at is null) as "poolSize"`;

/** A course that is not deleted, whoever asks (the caller's right to see it is the service's check). */
export async function loadCourse(executor: Executor, courseId: string): Promise<CourseRow | undefined> {
  const [row] = await rows<CourseRow>(
    executor,
    sql`select ${courseColumns} from courses c join users author on author.id = c.author_id
        where c.id = ${courseId} and c.deleted_at is null`,
  );
  return row;
}

/**
 * The courses the caller sees (published ones; drafts too for those who manage training) matching
 * `condition` (over `c`), each with where the caller stands: progress by the one definition
 * (`learnerCourseProgress`), attempts counted against the limit, their assignment and deadline.
 * Assigned courses first, the nearest deadline first.
 */
export async function loadMyCourses(executor: Executor, actor: Actor, condition: SQL = sql`true`) {
  const me = sql`${actor.user.id}::uuid`;
  const drafts = mayManageTraining(actor) ? sql`true` : sql`false`;
  return rows<MyCourseRow>(
    executor,
    sql`select * from (select ${courseColumns}, progress.status, progress.best_percent as "bestPercent",
          progress.lessons_done as "lessonsDone",
          (select count(*)::int from course_attempts a
            where a.course_id = c.id and a.user_id = ${me} and a.attestation_id is null) as "attemptsUsed",
          (select a.id from course_attempts a
            where a.course_id = c.id and a.user_id = ${me} and a.status = 'in_progress' limit 1) as "openAttemptId",
          ${isAssigned(sql`c.id`, me)} as assigned, ${assignedDueOn(sql`c.id`, me)}::text as "dueOn",
          (now() at time zone ${companyZone})::date::text as today
        from courses c join users author on author.id = c.author_id
        cross join lateral ${learnerCourseProgress(sql`c.id`, me)} progress
        where c.deleted_at is null and (c.published or ${drafts}) and ${condition}) mine
        order by mine.assigned desc, mine."dueOn" nulls last, mine.title, mine.id`,
  );
}

/** The course's lessons in order, with their files and whether `userId` marked each done. */
export async function loadLessons(executor: Executor, courseId: string, userId: string): Promise<LessonRow[]> {
  return rows<LessonRow>(
    executor,
    sql`select l.id, l.position, l.title, l.body, l.video_url as "videoUrl",
          coalesce((select json_agg(json_build_object('id', f.id, 'name', f.name, 'mimeType', f.mime_type, 'size', f.size)
                                    order by f.name, f.id)
                    from course_lesson_files f where f.lesson_id = l.id), '[]') as files,
          exists (select 1 from course_lesson_completions done where done.lesson_id = l.id and done.user_id = ${userId}) as done
        from course_lessons l where l.course_id = ${courseId} and l.deleted_at is null
        order by l.position, l.id`,
  );
}

/** The question pool with its answer key, in order: for the course's editors only. */
export async function loadQuestions(executor: Executor, courseId: string): Promise<QuestionRow[]> {
  return rows<QuestionRow>(
    executor,
    sql`select q.id, q.position, q.kind, q.text, q.points,
          coalesce((select json_agg(json_build_object('id', o.id, 'text', o.text, 'correct', o.correct)
                                    order by o.position, o.id)
                    from course_question_options o where o.question_id = q.id), '[]') as options
        from course_questions q where q.course_id = ${courseId} and q.deleted_at is null
        order by q.position, q.id`,
  );
}

export interface AttemptBriefRow {
  id: string;
  attestationId: string | null;
  status: "in_progress" | "grading" | "passed" | "failed";
  startedAt: Date | string;
  submittedAt: Date | string | null;
  score: number | null;
  maxScore: number;
}

/** `userId`'s attempts at a course, newest first. */
export async function loadAttemptBriefs(executor: Executor, courseId: string, userId: string) {
  return rows<AttemptBriefRow>(
    executor,
    sql`select a.id, a.attestation_id as "attestationId", a.status, a.started_at as "startedAt",
          a.submitted_at as "submittedAt", a.score, a.max_score as "maxScore"
        from course_attempts a where a.course_id = ${courseId} and a.user_id = ${userId}
        order by a.started_at desc, a.id`,
  );
}
