import {
  dealEmailWriteSchema,
  idParamsSchema,
  mailMessageSchema,
  outboxQuerySchema,
  pageSchema,
  smtpSettingsSchema,
  smtpSettingsWriteSchema,
} from "@planerka/common";
import { z } from "zod";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import {
  deleteSmtpSettings,
  getSmtpSettings,
  listOutbox,
  putSmtpSettingsOrThrow,
  queueDealEmailOrThrow,
  resendLetterOrThrow,
} from "./mail.service";

export function mailRoutes(app: ApiApp, { db }: ModuleDeps) {
  const admin = { config: { permission: "settings:manage" as const } };

  app.get(
    "/api/v1/mail/smtp",
    { ...admin, schema: { tags: ["mail"], response: { 200: smtpSettingsSchema } } },
    async () => getSmtpSettings(db),
  );
  app.put(
    "/api/v1/mail/smtp",
    {
      ...admin,
      schema: {
        tags: ["mail"],
        description: "The outgoing mail server; the password is write-only (absent keeps it, null removes it)",
        body: smtpSettingsWriteSchema,
        response: { 200: smtpSettingsSchema },
      },
    },
    async (request) => putSmtpSettingsOrThrow(db, actorOf(request), request.body),
  );
  app.delete(
    "/api/v1/mail/smtp",
    { ...admin, schema: { tags: ["mail"], response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteSmtpSettings(db, actorOf(request));
      return reply.status(204).send(null);
    },
  );
  app.get(
    "/api/v1/mail/outbox",
    {
      ...admin,
      schema: { tags: ["mail"], querystring: outboxQuerySchema, response: { 200: pageSchema(mailMessageSchema) } },
    },
    async (request) => listOutbox(db, request.query),
  );

  app.post(
    "/api/v1/mail/messages/:id/resend",
    {
      config: { permission: "crm:write" },
      schema: {
        tags: ["mail"],
        description:
          "«Отправить снова»: queues a failed or waiting letter at once with a fresh round of attempts; its author or an administrator",
        params: idParamsSchema,
        response: { 200: mailMessageSchema },
      },
    },
    async (request) => resendLetterOrThrow(db, actorOf(request), request.params.id),
  );

  app.post(
    "/api/v1/deals/:id/emails",
    {
      config: { permission: "crm:write" },
      schema: {
        tags: ["mail"],
        description:
          "A letter to the client from a deal the caller can see, queued in the outbox; the outbox worker sends it over SMTP (with retries) once a server is set up",
        params: idParamsSchema,
        body: dealEmailWriteSchema,
        response: { 201: mailMessageSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await queueDealEmailOrThrow(db, actorOf(request), request.params.id, request.body)),
  );
}
