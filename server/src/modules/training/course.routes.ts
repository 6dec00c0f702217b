import {
  attemptAnswerWriteSchema,
  attemptGradeSchema,
  attemptSchema,
  attemptStartSchema,
  courseDetailSchema,
  courseListSchema,
  gradingQueueSchema,
  idParamsSchema,
  idSchema,
} from "@planerka/common";
import { z } from "zod";
import { parseByteRange, sendStoredFile } from "../../platform/files/send-file";
import type { ApiApp, StoreDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { inlineImageTypes } from "../chat/chat.presenter";
import { attemptOrThrow, saveAnswerOrThrow, startAttemptOrThrow, submitAttemptOrThrow } from "./course-attempt.service";
import { courseAuthoringRoutes } from "./course-authoring.routes";
import { gradeAnswerOrThrow, gradingQueueOrThrow } from "./course-grading.service";
import {
  completeLessonOrThrow,
  courseDetailOrThrow,
  lessonFileOrThrow,
  listCoursesOrThrow,
} from "./course-learning.service";

const read = { config: { permission: "training:read" as const } };
const write = { config: { permission: "training:write" as const } };
const answerParams = z.object({ id: idSchema, questionId: idSchema });

/**
 * Courses for learners, attempts at their tests and grading. An attempt is seen by its learner and
 * by those whose `reports` read level reaches them; everyone else gets 404 on every attempt route.
 */
export function courseRoutes(app: ApiApp, deps: StoreDeps) {
  const { db, store } = deps;
  const tags = ["courses"];
  courseAuthoringRoutes(app, deps);
  app.get(
    "/api/v1/courses",
    {
      ...read,
      schema: {
        tags,
        description:
          "Published courses (drafts too, flagged, for those who manage training) with where the caller stands; assigned first",
        response: { 200: courseListSchema },
      },
    },
    async (request) => listCoursesOrThrow(db, actorOf(request)),
  );
  app.get(
    "/api/v1/courses/grading",
    {
      ...read,
      schema: {
        tags,
        description:
          "Free-text answers waiting for the caller's grade: for those who manage training, their people's; empty for others",
        response: { 200: gradingQueueSchema },
      },
    },
    async (request) => gradingQueueOrThrow(db, actorOf(request)),
  );
  app.get(
    "/api/v1/courses/:id",
    {
      ...read,
      schema: {
        tags,
        description: "A course as a learner opens it: lessons with the caller's marks, their attempts, never the test",
        params: idParamsSchema,
        response: { 200: courseDetailSchema },
      },
    },
    async (request) => courseDetailOrThrow(db, actorOf(request), request.params.id),
  );
  app.post(
    "/api/v1/courses/:id/lessons/:lessonId/complete",
    {
      ...write,
      schema: {
        tags,
        description: "«Урок пройден»",
        params: z.object({ id: idSchema, lessonId: idSchema }),
        response: { 200: courseDetailSchema },
      },
    },
    async (request) => completeLessonOrThrow(db, actorOf(request), request.params.id, request.params.lessonId),
  );
  app.get(
    "/api/v1/courses/:id/lessons/:lessonId/files/:fileId",
    {
      ...read,
      schema: {
        tags,
        description: "A lesson's file: pictures and PDF inline, videos in ranges, everything else as a download",
        params: z.object({ id: idSchema, lessonId: idSchema, fileId: idSchema }),
      },
    },
    async (request, reply) => {
      const { id, lessonId, fileId } = request.params;
      const file = await lessonFileOrThrow(db, actorOf(request), id, lessonId, fileId);
      const range = parseByteRange(request.headers.range, file.size);
      const inline = inlineImageTypes.has(file.mimeType) || file.mimeType === "application/pdf";
      return sendStoredFile(reply, {
        name: file.name,
        mimeType: file.mimeType,
        size: file.size,
        disposition: inline ? "inline" : "attachment",
        range: range ? { ...range, total: file.size } : undefined,
        body: await store.read(file.storageKey, range ?? undefined),
      });
    },
  );
  app.post(
    "/api/v1/courses/:id/attempts",
    {
      ...write,
      schema: {
        tags,
        description:
          "Starts the caller's attempt at the test (201), or returns their open one in the same context (200); 409 when no attempts are left",
        params: idParamsSchema,
        body: attemptStartSchema.optional(),
        response: { 200: attemptSchema, 201: attemptSchema },
      },
    },
    async (request, reply) => {
      const { attempt, created } = await startAttemptOrThrow(
        db,
        actorOf(request),
        request.params.id,
        request.body ?? {},
      );
      return reply.status(created ? 201 : 200).send(attempt);
    },
  );
  app.get(
    "/api/v1/attempts/:id",
    {
      ...read,
      schema: {
        tags,
        description: "An attempt as drawn, with the saved answers and the time left; the result once submitted",
        params: idParamsSchema,
        response: { 200: attemptSchema },
      },
    },
    async (request) => attemptOrThrow(db, actorOf(request), request.params.id),
  );
  app.put(
    "/api/v1/attempts/:id/answers/:questionId",
    {
      ...write,
      schema: {
        tags,
        description: "Saves the learner's answer; 409 «Время вышло» after the deadline (the server's clock)",
        params: answerParams,
        body: attemptAnswerWriteSchema,
        response: { 200: attemptSchema },
      },
    },
    async (request) =>
      saveAnswerOrThrow(db, actorOf(request), request.params.id, request.params.questionId, request.body),
  );
  app.post(
    "/api/v1/attempts/:id/submit",
    {
      ...write,
      schema: { tags, description: "«Завершить тест»", params: idParamsSchema, response: { 200: attemptSchema } },
    },
    async (request) => submitAttemptOrThrow(db, actorOf(request), request.params.id),
  );
  app.put(
    "/api/v1/attempts/:id/answers/:questionId/grade",
    {
      ...write,
      schema: {
        tags,
        description:
          "Points for a free-text answer: those who manage training, for the learners they see (404 for others' attempts)",
        params: answerParams,
        body: attemptGradeSchema,
        response: { 200: attemptSchema },
      },
    },
    async (request) =>
      gradeAnswerOrThrow(db, actorOf(request), request.params.id, request.params.questionId, request.body.points),
  );
}
