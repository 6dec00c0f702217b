import { sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";

/**
 * Courses and attempts written straight into the database, for tests of what is built on them
 * (assignments, attestations, progress): they need a course in a known state, not the authoring API.
 */
export async function insertCourse(
  executor: Executor,
  input: {
    authorId: string;
    title?: string;
    published?: boolean;
    lessons?: number;
    questions?: number;
    onboarding?: boolean;
    onboardingDueDays?: number;
  },
): Promise<{ id: string; lessonIds: string[]; questionIds: string[] }> {
  const [course] = await rows<{ id: string }>(
    executor,
    sql`insert into courses (title, author_id, published, pass_percent, onboarding, onboarding_due_days)
        values (${input.title ?? "Курс"}, ${input.authorId}, ${input.published ?? true}, 80,
          ${input.onboarding ?? false}, ${input.onboardingDueDays ?? 14})
        returning id`,
  );
  const id = course!.id;
  const lessonIds: string[] = [];
  for (let position = 0; position < (input.lessons ?? 2); position += 1) {
    const [lesson] = await rows<{ id: string }>(
      executor,
      sql`insert into course_lessons (course_id, position, title, body) values (${id}, ${position}, ${`Урок ${position + 1}`}, '<p>Текст</p>') returning id`,
    );
    lessonIds.push(lesson!.id);
  }
  const questionIds: string[] = [];
  for (let position = 0; position < (input.questions ?? 2); position += 1) {
    const [question] = await rows<{ id: string }>(
      executor,
      sql`insert into course_questions (course_id, position, kind, text, points) values (${id}, ${position}, 'single', ${`Вопрос ${position + 1}`}, 5) returning id`,
    );
    questionIds.push(question!.id);
  }
  return { id, lessonIds, questionIds };
}

/** A finished or open attempt with a given score, started `minutesAgo` and lasting `minutes`. */
export async function insertAttempt(
  executor: Executor,
  input: {
    courseId: string;
    userId: string;
    status: "in_progress" | "grading" | "passed" | "failed";
    score?: number;
    maxScore?: number;
    attestationId?: string | null;
    minutesAgo?: number;
    minutes?: number;
  },
): Promise<string> {
  const startedMinutesAgo = input.minutesAgo ?? 60;
  const finished = input.status === "in_progress" ? null : startedMinutesAgo - (input.minutes ?? 10);
  const [attempt] = await rows<{ id: string }>(
    executor,
    sql`insert into course_attempts (course_id, user_id, attestation_id, questions, started_at, submitted_at, status, score, max_score)
        values (${input.courseId}, ${input.userId}, ${input.attestationId ?? null}, '[]'::jsonb,
          now() - make_interval(mins => ${startedMinutesAgo}),
          ${finished === null ? null : sql`now() - make_interval(mins => ${finished})`},
          ${input.status}, ${input.score ?? null}, ${input.maxScore ?? 10})
        returning id`,
  );
  return attempt!.id;
}
