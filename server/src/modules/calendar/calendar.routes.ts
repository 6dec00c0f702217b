import {
  busyQuerySchema,
  busySchema,
  calendarRangeQuerySchema,
  calendarRangeSchema,
  eventPatchSchema,
  eventRemindersSchema,
  eventRespondSchema,
  eventSchema,
  eventWriteSchema,
  idParamsSchema,
  occurrenceDetachSchema,
} from "@planerka/common";
import { z } from "zod";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { busyTimesOrThrow } from "./busy-time.service";
import { calendarRangeOrThrow } from "./calendar-range.service";
import { createEventOrThrow, deleteEventOrThrow, eventDetailOrThrow, updateEventOrThrow } from "./event.service";
import { respondToEventOrThrow, setOwnRemindersOrThrow } from "./event-answer.service";
import { detachOccurrenceOrThrow } from "./event-occurrence.service";

/** One event (with its attendees' answers) as large as it may get: the 1 MiB body limit of the app holds here too (413). */
const bodyLimit = 1024 * 1024;

/**
 * The calendar: events and the answers to them, everything dated in people's calendars for a range
 * (`/calendar/entries`: `/calendar` itself is the production calendar of the settings) and their
 * busy time.
 */
export function calendarRoutes(app: ApiApp, { db }: ModuleDeps) {
  const read = { config: { permission: "calendar:read" as const } };
  const write = { config: { permission: "calendar:write" as const }, bodyLimit };
  const tags = ["calendar"];

  app.post(
    "/api/v1/events",
    { ...write, schema: { tags, body: eventWriteSchema, response: { 201: eventSchema } } },
    async (request, reply) => reply.status(201).send(await createEventOrThrow(db, actorOf(request), request.body)),
  );
  app.get(
    "/api/v1/events/:id",
    { ...read, schema: { tags, params: idParamsSchema, response: { 200: eventSchema } } },
    async (request) => eventDetailOrThrow(db, actorOf(request), request.params.id),
  );
  app.patch(
    "/api/v1/events/:id",
    { ...write, schema: { tags, params: idParamsSchema, body: eventPatchSchema, response: { 200: eventSchema } } },
    async (request) => updateEventOrThrow(db, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    "/api/v1/events/:id",
    { ...write, schema: { tags, params: idParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteEventOrThrow(db, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    "/api/v1/events/:id/response",
    { ...write, schema: { tags, params: idParamsSchema, body: eventRespondSchema, response: { 200: eventSchema } } },
    async (request) => respondToEventOrThrow(db, actorOf(request), request.params.id, request.body),
  );
  app.post(
    "/api/v1/events/:id/occurrences",
    {
      ...write,
      schema: {
        tags,
        description: "«Только это событие»: one occurrence of a recurring event leaves the series at a new time",
        params: idParamsSchema,
        body: occurrenceDetachSchema,
        response: { 201: eventSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await detachOccurrenceOrThrow(db, actorOf(request), request.params.id, request.body)),
  );
  app.put(
    "/api/v1/events/:id/reminders",
    { ...write, schema: { tags, params: idParamsSchema, body: eventRemindersSchema, response: { 200: eventSchema } } },
    async (request) => setOwnRemindersOrThrow(db, actorOf(request), request.params.id, request.body.minutes),
  );
  app.get(
    "/api/v1/calendar/entries",
    { ...read, schema: { tags, querystring: calendarRangeQuerySchema, response: { 200: calendarRangeSchema } } },
    async (request) => calendarRangeOrThrow(db, actorOf(request), request.query),
  );
  app.get(
    "/api/v1/calendar/busy",
    { ...read, schema: { tags, querystring: busyQuerySchema, response: { 200: busySchema } } },
    async (request) => busyTimesOrThrow(db, actorOf(request), request.query),
  );
}
