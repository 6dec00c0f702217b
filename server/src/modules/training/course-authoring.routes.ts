import {
  courseAuthoringSchema,
  coursePatchSchema,
  courseWriteSchema,
  idParamsSchema,
  idSchema,
  lessonPatchSchema,
  lessonWriteSchema,
  questionWriteSchema,
  reorderSchema,
} from "@planerka/common";
import { z } from "zod";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import {
  courseAuthoringOrThrow,
  createCourseOrThrow,
  deleteCourseOrThrow,
  reorderOrThrow,
  setCoursePublishedOrThrow,
  updateCourseOrThrow,
} from "./course-authoring.service";
import {
  createLessonOrThrow,
  createQuestionOrThrow,
  deleteLessonOrThrow,
  deleteQuestionOrThrow,
  updateLessonOrThrow,
  updateQuestionOrThrow,
} from "./course-content.service";

const manage = { config: { permission: "training:manage" as const } };
const lessonParams = z.object({ id: idSchema, lessonId: idSchema });
const questionParams = z.object({ id: idSchema, questionId: idSchema });

/**
 * Writing courses: heads, tops and admins (the permission); a course is changed by its author, tops
 * and admins (`mayEditCourse`). Every write answers with the whole course as its editor sees it.
 */
export function courseAuthoringRoutes(app: ApiApp, { db }: ModuleDeps) {
  const tags = ["courses"];
  const course = { 200: courseAuthoringSchema };
  app.post(
    "/api/v1/courses",
    { ...manage, schema: { tags, body: courseWriteSchema, response: { 201: courseAuthoringSchema } } },
    async (request, reply) => reply.status(201).send(await createCourseOrThrow(db, actorOf(request), request.body)),
  );
  app.get(
    "/api/v1/courses/:id/authoring",
    {
      ...manage,
      schema: {
        tags,
        description: "The course editor: settings, lessons and the question pool with the correct options",
        params: idParamsSchema,
        response: course,
      },
    },
    async (request) => courseAuthoringOrThrow(db, actorOf(request), request.params.id),
  );
  app.patch(
    "/api/v1/courses/:id",
    { ...manage, schema: { tags, params: idParamsSchema, body: coursePatchSchema, response: course } },
    async (request) => updateCourseOrThrow(db, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    "/api/v1/courses/:id",
    { ...manage, schema: { tags, params: idParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteCourseOrThrow(db, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    "/api/v1/courses/:id/publish",
    {
      ...manage,
      schema: {
        tags,
        description: "Shows the course to everyone; refused (422) for a course with no lesson and no question",
        params: idParamsSchema,
        response: course,
      },
    },
    async (request) => setCoursePublishedOrThrow(db, actorOf(request), request.params.id, true),
  );
  app.post(
    "/api/v1/courses/:id/unpublish",
    { ...manage, schema: { tags, params: idParamsSchema, response: course } },
    async (request) => setCoursePublishedOrThrow(db, actorOf(request), request.params.id, false),
  );
  app.post(
    "/api/v1/courses/:id/lessons",
    {
      ...manage,
      schema: { tags, params: idParamsSchema, body: lessonWriteSchema, response: { 201: courseAuthoringSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await createLessonOrThrow(db, actorOf(request), request.params.id, request.body)),
  );
  app.put(
    "/api/v1/courses/:id/lessons/order",
    { ...manage, schema: { tags, params: idParamsSchema, body: reorderSchema, response: course } },
    async (request) => reorderOrThrow(db, actorOf(request), request.params.id, "course_lessons", request.body.ids),
  );
  app.patch(
    "/api/v1/courses/:id/lessons/:lessonId",
    { ...manage, schema: { tags, params: lessonParams, body: lessonPatchSchema, response: course } },
    async (request) =>
      updateLessonOrThrow(db, actorOf(request), request.params.id, request.params.lessonId, request.body),
  );
  app.delete(
    "/api/v1/courses/:id/lessons/:lessonId",
    { ...manage, schema: { tags, params: lessonParams, response: course } },
    async (request) => deleteLessonOrThrow(db, actorOf(request), request.params.id, request.params.lessonId),
  );
  app.post(
    "/api/v1/courses/:id/questions",
    {
      ...manage,
      schema: { tags, params: idParamsSchema, body: questionWriteSchema, response: { 201: courseAuthoringSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await createQuestionOrThrow(db, actorOf(request), request.params.id, request.body)),
  );
  app.put(
    "/api/v1/courses/:id/questions/order",
    { ...manage, schema: { tags, params: idParamsSchema, body: reorderSchema, response: course } },
    async (request) => reorderOrThrow(db, actorOf(request), request.params.id, "course_questions", request.body.ids),
  );
  app.put(
    "/api/v1/courses/:id/questions/:questionId",
    {
      ...manage,
      schema: {
        tags,
        description: "Rewrites a question; options keep their ids, options left out are removed",
        params: questionParams,
        body: questionWriteSchema,
        response: course,
      },
    },
    async (request) =>
      updateQuestionOrThrow(db, actorOf(request), request.params.id, request.params.questionId, request.body),
  );
  app.delete(
    "/api/v1/courses/:id/questions/:questionId",
    { ...manage, schema: { tags, params: questionParams, response: course } },
    async (request) => deleteQuestionOrThrow(db, actorOf(request), request.params.id, request.params.questionId),
  );
}
