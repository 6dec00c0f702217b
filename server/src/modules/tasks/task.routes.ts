import {
  idParamsSchema,
  taskCountsSchema,
  taskDetailSchema,
  taskListQuerySchema,
  taskPageSchema,
  taskPatchSchema,
  taskStatusChangeSchema,
  taskWriteSchema,
} from "@planerka/common";
import { z } from "zod";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { createTaskOrThrow, deleteTaskOrThrow, taskDetailOrThrow, updateTaskOrThrow } from "./task.service";
import { listTasksOrThrow, taskCounts } from "./task-list.service";
import { changeTaskStatusOrThrow } from "./task-status.service";

/** Tasks: the lists and counters, the card, its changes and its status moves. */
export function taskRoutes(app: ApiApp, { db }: ModuleDeps) {
  const read = { config: { permission: "tasks:read" as const } };
  const write = { config: { permission: "tasks:write" as const } };
  const tags = ["tasks"];

  app.get(
    "/api/v1/tasks",
    { ...read, schema: { tags, querystring: taskListQuerySchema, response: { 200: taskPageSchema } } },
    async (request) => listTasksOrThrow(db, actorOf(request), request.query),
  );
  app.get("/api/v1/tasks/counts", { ...read, schema: { tags, response: { 200: taskCountsSchema } } }, async (request) =>
    taskCounts(db, actorOf(request)),
  );
  app.post(
    "/api/v1/tasks",
    { ...write, schema: { tags, body: taskWriteSchema, response: { 201: taskDetailSchema } } },
    async (request, reply) => reply.status(201).send(await createTaskOrThrow(db, actorOf(request), request.body)),
  );
  app.get(
    "/api/v1/tasks/:id",
    { ...read, schema: { tags, params: idParamsSchema, response: { 200: taskDetailSchema } } },
    async (request) => taskDetailOrThrow(db, actorOf(request), request.params.id),
  );
  app.patch(
    "/api/v1/tasks/:id",
    { ...write, schema: { tags, params: idParamsSchema, body: taskPatchSchema, response: { 200: taskDetailSchema } } },
    async (request) => updateTaskOrThrow(db, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    "/api/v1/tasks/:id",
    { ...write, schema: { tags, params: idParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteTaskOrThrow(db, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    "/api/v1/tasks/:id/status",
    {
      ...write,
      schema: { tags, params: idParamsSchema, body: taskStatusChangeSchema, response: { 200: taskDetailSchema } },
    },
    async (request) => changeTaskStatusOrThrow(db, actorOf(request), request.params.id, request.body),
  );
}
