import {
  idParamsSchema,
  idSchema,
  manualTimeEntrySchema,
  pagingQuerySchema,
  runningTimerSchema,
  timeEntryPageSchema,
  timeEntrySchema,
  timeReportQuerySchema,
  timeReportSchema,
} from "@planerka/common";
import { z } from "zod";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import {
  addManualEntryOrThrow,
  deleteTimeEntryOrThrow,
  listTimeEntriesOrThrow,
  runningTimer,
  startTimerOrThrow,
  stopTimerOrThrow,
} from "./time-entry.service";
import { timeReportOrThrow } from "./time-report.service";

const entryParamsSchema = z.object({ id: idSchema, entryId: idSchema });

/** Time tracking on tasks: the timer, manual entries and the report. */
export function timeRoutes(app: ApiApp, { db }: ModuleDeps) {
  const read = { config: { permission: "tasks:read" as const } };
  const write = { config: { permission: "tasks:write" as const } };
  const tags = ["time"];

  app.get("/api/v1/timer", { ...read, schema: { tags, response: { 200: runningTimerSchema } } }, async (request) =>
    runningTimer(db, actorOf(request)),
  );
  app.post(
    "/api/v1/tasks/:id/timer/start",
    { ...write, schema: { tags, params: idParamsSchema, response: { 200: timeEntrySchema, 201: timeEntrySchema } } },
    async (request, reply) => {
      const started = await startTimerOrThrow(db, actorOf(request), request.params.id);
      return reply.status(started.created ? 201 : 200).send(started.entry);
    },
  );
  app.post(
    "/api/v1/tasks/:id/timer/stop",
    { ...write, schema: { tags, params: idParamsSchema, response: { 200: timeEntrySchema } } },
    async (request) => stopTimerOrThrow(db, actorOf(request), request.params.id),
  );
  app.get(
    "/api/v1/tasks/:id/time-entries",
    {
      ...read,
      schema: { tags, params: idParamsSchema, querystring: pagingQuerySchema, response: { 200: timeEntryPageSchema } },
    },
    async (request) => listTimeEntriesOrThrow(db, actorOf(request), request.params.id, request.query),
  );
  app.post(
    "/api/v1/tasks/:id/time-entries",
    {
      ...write,
      schema: { tags, params: idParamsSchema, body: manualTimeEntrySchema, response: { 201: timeEntrySchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await addManualEntryOrThrow(db, actorOf(request), request.params.id, request.body)),
  );
  app.delete(
    "/api/v1/tasks/:id/time-entries/:entryId",
    { ...write, schema: { tags, params: entryParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteTimeEntryOrThrow(db, actorOf(request), request.params.id, request.params.entryId);
      return reply.status(204).send(null);
    },
  );
  app.get(
    "/api/v1/time-report",
    { ...read, schema: { tags, querystring: timeReportQuerySchema, response: { 200: timeReportSchema } } },
    async (request) => timeReportOrThrow(db, actorOf(request), request.query),
  );
}
