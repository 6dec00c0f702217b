import {
  checklistItemPatchSchema,
  checklistItemSchema,
  checklistItemWriteSchema,
  idParamsSchema,
  idSchema,
  pagingQuerySchema,
  taskCommentPageSchema,
  taskCommentSchema,
  taskCommentWriteSchema,
} from "@planerka/common";
import { z } from "zod";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import {
  addChecklistItemOrThrow,
  deleteChecklistItemOrThrow,
  updateChecklistItemOrThrow,
} from "./task-checklist.service";
import {
  addCommentOrThrow,
  deleteCommentOrThrow,
  listCommentsOrThrow,
  updateCommentOrThrow,
} from "./task-comment.service";

const itemParamsSchema = z.object({ id: idSchema, itemId: idSchema });
const commentParamsSchema = z.object({ id: idSchema, commentId: idSchema });

/** A task's checklist and comments. */
export function taskItemRoutes(app: ApiApp, { db }: ModuleDeps) {
  const read = { config: { permission: "tasks:read" as const } };
  const write = { config: { permission: "tasks:write" as const } };
  const tags = ["tasks"];

  app.post(
    "/api/v1/tasks/:id/checklist",
    {
      ...write,
      schema: { tags, params: idParamsSchema, body: checklistItemWriteSchema, response: { 201: checklistItemSchema } },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addChecklistItemOrThrow(db, actorOf(request), request.params.id, request.body.title)),
  );
  app.patch(
    "/api/v1/tasks/:id/checklist/:itemId",
    {
      ...write,
      schema: {
        tags,
        params: itemParamsSchema,
        body: checklistItemPatchSchema,
        response: { 200: checklistItemSchema },
      },
    },
    async (request) =>
      updateChecklistItemOrThrow(db, actorOf(request), request.params.id, request.params.itemId, request.body),
  );
  app.delete(
    "/api/v1/tasks/:id/checklist/:itemId",
    { ...write, schema: { tags, params: itemParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteChecklistItemOrThrow(db, actorOf(request), request.params.id, request.params.itemId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/v1/tasks/:id/comments",
    {
      ...read,
      schema: {
        tags,
        params: idParamsSchema,
        querystring: pagingQuerySchema,
        response: { 200: taskCommentPageSchema },
      },
    },
    async (request) => listCommentsOrThrow(db, actorOf(request), request.params.id, request.query),
  );
  app.post(
    "/api/v1/tasks/:id/comments",
    {
      ...write,
      schema: { tags, params: idParamsSchema, body: taskCommentWriteSchema, response: { 201: taskCommentSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await addCommentOrThrow(db, actorOf(request), request.params.id, request.body.body)),
  );
  app.patch(
    "/api/v1/tasks/:id/comments/:commentId",
    {
      ...write,
      schema: { tags, params: commentParamsSchema, body: taskCommentWriteSchema, response: { 200: taskCommentSchema } },
    },
    async (request) =>
      updateCommentOrThrow(db, actorOf(request), request.params.id, request.params.commentId, request.body.body),
  );
  app.delete(
    "/api/v1/tasks/:id/comments/:commentId",
    { ...write, schema: { tags, params: commentParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteCommentOrThrow(db, actorOf(request), request.params.id, request.params.commentId);
      return reply.status(204).send(null);
    },
  );
}
