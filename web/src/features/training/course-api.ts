import {
  type AttemptAnswerInput,
  attemptSchema,
  type CourseInput,
  type CoursePatch,
  courseAuthoringSchema,
  courseDetailSchema,
  courseListSchema,
  gradingQueueSchema,
  type LessonInput,
  type LessonPatch,
  type QuestionInput,
} from "@planerka/common";
import { type QueryClient, queryOptions } from "@tanstack/react-query";
import { api, apiUrl, apiVoid } from "../../lib/api";

/** Courses: the catalogue, a course as a learner opens it, its editor, attempts and grading. */

export const coursesQuery = queryOptions({
  queryKey: ["training", "courses"],
  queryFn: ({ signal }) => api("/courses", courseListSchema, { signal }),
  select: (list) => list.items,
});

export const courseQuery = (courseId: string) =>
  queryOptions({
    queryKey: ["training", "course", courseId],
    queryFn: ({ signal }) => api(`/courses/${courseId}`, courseDetailSchema, { signal }),
  });

export const courseAuthoringQuery = (courseId: string) =>
  queryOptions({
    queryKey: ["training", "course-authoring", courseId],
    queryFn: ({ signal }) => api(`/courses/${courseId}/authoring`, courseAuthoringSchema, { signal }),
  });

export const attemptQuery = (attemptId: string) =>
  queryOptions({
    queryKey: ["training", "attempt", attemptId],
    queryFn: ({ signal }) => api(`/attempts/${attemptId}`, attemptSchema, { signal }),
  });

export const gradingQueueQuery = queryOptions({
  queryKey: ["training", "grading"],
  queryFn: ({ signal }) => api("/courses/grading", gradingQueueSchema, { signal }),
  select: (queue) => queue.items,
});

export const lessonFileUrl = (courseId: string, lessonId: string, fileId: string) =>
  apiUrl(`/courses/${courseId}/lessons/${lessonId}/files/${fileId}`);

// Authoring: every write answers with the course as its editor sees it.
const authoring = (path: string, method: "POST" | "PATCH" | "PUT" | "DELETE", json?: unknown) =>
  api(path, courseAuthoringSchema, { method, json });

export const createCourse = (input: CourseInput) => authoring("/courses", "POST", input);
export const updateCourse = (courseId: string, patch: CoursePatch) => authoring(`/courses/${courseId}`, "PATCH", patch);
export const deleteCourse = (courseId: string) => apiVoid(`/courses/${courseId}`, { method: "DELETE" });
export const setPublished = (courseId: string, published: boolean) =>
  authoring(`/courses/${courseId}/${published ? "publish" : "unpublish"}`, "POST");
export const createLesson = (courseId: string, input: LessonInput) =>
  authoring(`/courses/${courseId}/lessons`, "POST", input);
export const updateLesson = (courseId: string, lessonId: string, patch: LessonPatch) =>
  authoring(`/courses/${courseId}/lessons/${lessonId}`, "PATCH", patch);
export const deleteLesson = (courseId: string, lessonId: string) =>
  authoring(`/courses/${courseId}/lessons/${lessonId}`, "DELETE");
export const reorderLessons = (courseId: string, ids: string[]) =>
  authoring(`/courses/${courseId}/lessons/order`, "PUT", { ids });
export const createQuestion = (courseId: string, input: QuestionInput) =>
  authoring(`/courses/${courseId}/questions`, "POST", input);
export const updateQuestion = (courseId: string, questionId: string, input: QuestionInput) =>
  authoring(`/courses/${courseId}/questions/${questionId}`, "PUT", input);
export const deleteQuestion = (courseId: string, questionId: string) =>
  authoring(`/courses/${courseId}/questions/${questionId}`, "DELETE");
export const reorderQuestions = (courseId: string, ids: string[]) =>
  authoring(`/courses/${courseId}/questions/order`, "PUT", { ids });

// Learning.
export const completeLesson = (courseId: string, lessonId: string) =>
  api(`/courses/${courseId}/lessons/${lessonId}/complete`, courseDetailSchema, { method: "POST" });
export const startAttempt = (courseId: string) =>
  api(`/courses/${courseId}/attempts`, attemptSchema, { method: "POST", json: {} });
export const saveAnswer = (attemptId: string, questionId: string, input: AttemptAnswerInput) =>
  api(`/attempts/${attemptId}/answers/${questionId}`, attemptSchema, { method: "PUT", json: input });
export const submitAttempt = (attemptId: string) =>
  api(`/attempts/${attemptId}/submit`, attemptSchema, { method: "POST" });
export const gradeAnswer = (attemptId: string, questionId: string, points: number) =>
  api(`/attempts/${attemptId}/answers/${questionId}/grade`, attemptSchema, { method: "PUT", json: { points } });

/** After a change: every training list and page may show it (courses, progress, attestations). */
export function refreshCourses(queryClient: QueryClient) {
  return queryClient.invalidateQueries({ queryKey: ["training"] });
}
