import type { Attempt, CourseAuthoring, CourseDetail, CourseInput, QuestionInput } from "@planerka/common";
import type { Client } from "../../testing/test-app";
import { ok } from "../drive/drive-test-kit";

/** Builds courses through the API as their author would, for the course tests. */

export const createCourse = (author: Client, input: Partial<CourseInput> = {}) =>
  ok<CourseAuthoring>(author.request("POST", "/api/v1/courses", { title: "Курс", ...input }), 201);

export const addLesson = (author: Client, courseId: string, input: Record<string, unknown> = {}) =>
  ok<CourseAuthoring>(
    author.request("POST", `/api/v1/courses/${courseId}/lessons`, { title: "Урок", body: "<p>Текст</p>", ...input }),
    201,
  );

export const addQuestion = (author: Client, courseId: string, input: QuestionInput) =>
  ok<CourseAuthoring>(author.request("POST", `/api/v1/courses/${courseId}/questions`, input), 201);

export const publish = (author: Client, courseId: string) =>
  ok<CourseAuthoring>(author.request("POST", `/api/v1/courses/${courseId}/publish`));

/** A single-choice question worth `points` whose correct option is «Да». */
export const yesNo = (text: string, points = 1): QuestionInput => ({
  kind: "single",
  text,
  points,
  options: [
    { text: "Да", correct: true },
    { text: "Нет", correct: false },
  ],
});

/** A published course with one lesson and the given questions; its editor's view. */
export async function publishedCourse(
  author: Client,
  questions: QuestionInput[],
  settings: Partial<CourseInput> = {},
): Promise<CourseAuthoring> {
  const course = await createCourse(author, settings);
  await addLesson(author, course.id);
  for (const question of questions) await addQuestion(author, course.id, question);
  return publish(author, course.id);
}

export const startAttempt = (learner: Client, courseId: string, body: Record<string, unknown> = {}, status = 201) =>
  ok<Attempt>(learner.request("POST", `/api/v1/courses/${courseId}/attempts`, body), status);

export const answer = (learner: Client, attemptId: string, questionId: string, body: Record<string, unknown>) =>
  learner.request("PUT", `/api/v1/attempts/${attemptId}/answers/${questionId}`, body);

export const submit = (learner: Client, attemptId: string) =>
  ok<Attempt>(learner.request("POST", `/api/v1/attempts/${attemptId}/submit`));

export const courseDetail = (learner: Client, courseId: string) =>
  ok<CourseDetail>(learner.request("GET", `/api/v1/courses/${courseId}`));

/** The correct options of each question, by its text, from the editor's view (the test's answer key). */
export function answerKey(course: CourseAuthoring): Map<string, { points: number; correct: string[] }> {
  return new Map(
    course.questions.map((question) => [
      question.id,
      {
        points: question.points,
        correct: question.options.filter((option) => option.correct).map((option) => option.id),
      },
    ]),
  );
}
