import {
  appPasswordCreatedSchema,
  appPasswordSchema,
  appPasswordWriteSchema,
  calendarFeedCreatedSchema,
  calendarFeedSchema,
  calendarImportResultSchema,
  idParamsSchema,
} from "@planerka/common";
import { z } from "zod";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { syncEventRows } from "./calendar-sync.queries";
import {
  createAppPasswordOrThrow,
  createFeedOrThrow,
  feedOwnerOrThrow,
  feedStatus,
  icalendarEventOf,
  importCalendarOrThrow,
  listAppPasswords,
  revokeAppPasswordOrThrow,
  revokeFeedOrThrow,
} from "./calendar-sync.service";
import { calendarText } from "./icalendar";

/** An .ics file may hold a few thousand events. */
const importLimit = 10 * 1024 * 1024;

/**
 * Calendars outside the portal: app passwords for phones (CalDAV is in `caldav.routes.ts`), the
 * read-only iCalendar subscription with its secret address, and .ics import.
 */
export function calendarSyncRoutes(app: ApiApp, { db }: ModuleDeps) {
  const tags = ["calendar"];
  const session = { config: { permission: "session" as const } };
  const ownWrite = { config: { permission: "calendar:write" as const } };

  app.get(
    "/api/v1/me/app-passwords",
    { ...session, schema: { tags, response: { 200: z.object({ items: z.array(appPasswordSchema) }) } } },
    async (request) => ({ items: await listAppPasswords(db, actorOf(request)) }),
  );
  app.post(
    "/api/v1/me/app-passwords",
    { ...ownWrite, schema: { tags, body: appPasswordWriteSchema, response: { 201: appPasswordCreatedSchema } } },
    async (request, reply) =>
      reply.status(201).send(await createAppPasswordOrThrow(db, actorOf(request), request.body)),
  );
  app.delete(
    "/api/v1/me/app-passwords/:id",
    { ...ownWrite, schema: { tags, params: idParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await revokeAppPasswordOrThrow(db, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/v1/me/calendar-feed",
    { ...session, schema: { tags, response: { 200: calendarFeedSchema } } },
    async (request) => feedStatus(db, actorOf(request)),
  );
  app.post(
    "/api/v1/me/calendar-feed",
    { ...ownWrite, schema: { tags, response: { 201: calendarFeedCreatedSchema } } },
    async (request, reply) => reply.status(201).send(await createFeedOrThrow(db, actorOf(request))),
  );
  app.delete(
    "/api/v1/me/calendar-feed",
    { ...ownWrite, schema: { tags, response: { 204: z.null() } } },
    async (request, reply) => {
      await revokeFeedOrThrow(db, actorOf(request));
      return reply.status(204).send(null);
    },
  );
  app.get(
    "/api/v1/calendar/feeds/:file",
    {
      config: { permission: "public" },
      schema: {
        tags,
        description: "The iCalendar subscription (read-only): the secret token is the file name, `<token>.ics`",
        params: z.object({ file: z.string().regex(/^plkcal_[A-Za-z0-9_-]{20,100}\.ics$/, "Expected <token>.ics") }),
      },
    },
    async (request, reply) => {
      const owner = await feedOwnerOrThrow(db, request.params.file.replace(/\.ics$/, ""));
      const events = await syncEventRows(db, owner.userId);
      reply.header("Cache-Control", "private, max-age=300");
      reply.type("text/calendar; charset=utf-8");
      return calendarText(events.map(icalendarEventOf), `Planerka — ${owner.name}`);
    },
  );

  app.register(async (scope) => {
    scope.addContentTypeParser("text/calendar", { parseAs: "string", bodyLimit: importLimit }, (_request, body, done) =>
      done(null, body),
    );
    scope.post(
      "/api/v1/calendar/import",
      {
        config: { permission: "calendar:write" },
        bodyLimit: importLimit,
        schema: {
          tags,
          description: "An .ics file (Content-Type: text/calendar) into one's own calendar: every event or none",
          body: z.string(),
          response: { 201: calendarImportResultSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await importCalendarOrThrow(db, actorOf(request), request.body as string)),
    );
  });
}
