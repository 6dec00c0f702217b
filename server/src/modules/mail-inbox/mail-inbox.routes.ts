import {
  idParamsSchema,
  inboundAttachmentParamsSchema,
  inboundReplySchema,
  mailboxCheckSchema,
  mailboxCreateSchema,
  mailboxListSchema,
  mailboxSchema,
  mailboxUpdateSchema,
} from "@planerka/common";
import { z } from "zod";
import { sendStoredFile } from "../../platform/files/send-file";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { inboundAttachmentOrThrow, replyToInboundOrThrow } from "./inbound.service";
import {
  checkMailboxOrThrow,
  createMailboxOrThrow,
  deleteMailboxOrThrow,
  listMailboxes,
  updateMailboxOrThrow,
} from "./mailbox.service";

/**
 * Incoming mail: mailboxes (the company's for administrators, personal ones for their owner only),
 * the files of imported letters, and «Ответить» from the card.
 */
export function mailInboxRoutes(app: ApiApp, { db }: ModuleDeps) {
  const tags = ["mail"];
  const own = { config: { permission: "profile:write" as const } };

  app.get(
    "/api/v1/mailboxes",
    {
      config: { permission: "session" },
      schema: {
        tags,
        description: "The caller's mailboxes, and the company's for administrators, with the importer's progress",
        response: { 200: mailboxListSchema },
      },
    },
    async (request) => listMailboxes(db, actorOf(request)),
  );
  app.post(
    "/api/v1/mailboxes",
    {
      ...own,
      schema: {
        tags,
        description:
          "A mailbox read over IMAP: `personal` (the caller's own) or `company` (administrators); the password is write-only",
        body: mailboxCreateSchema,
        response: { 201: mailboxSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createMailboxOrThrow(db, actorOf(request), request.body)),
  );
  app.patch(
    "/api/v1/mailboxes/:id",
    {
      ...own,
      schema: {
        tags,
        description: "Changes a mailbox; `password` absent keeps it, null removes it",
        params: idParamsSchema,
        body: mailboxUpdateSchema,
        response: { 200: mailboxSchema },
      },
    },
    async (request) => updateMailboxOrThrow(db, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    "/api/v1/mailboxes/:id",
    { ...own, schema: { tags, params: idParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteMailboxOrThrow(db, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    "/api/v1/mailboxes/:id/check",
    {
      ...own,
      schema: {
        tags,
        description: "«Проверить соединение»: logs in with the stored settings and opens the folder",
        params: idParamsSchema,
        response: { 200: mailboxCheckSchema },
      },
    },
    async (request) => checkMailboxOrThrow(db, actorOf(request), request.params.id),
  );

  app.get(
    "/api/v1/mail/inbound/:id/attachments/:attachmentId",
    {
      config: { permission: "crm:read" },
      schema: {
        tags,
        description: "A file an imported letter carried, for whoever may see the record the letter is on",
        params: inboundAttachmentParamsSchema,
      },
    },
    async (request, reply) => {
      const file = await inboundAttachmentOrThrow(db, actorOf(request), request.params.id, request.params.attachmentId);
      return sendStoredFile(reply, { name: file.name, mimeType: file.mimeType, body: file.data });
    },
  );
  app.post(
    "/api/v1/mail/inbound/:id/reply",
    {
      config: { permission: "crm:write" },
      schema: {
        tags,
        description:
          "«Ответить»: a letter to the imported letter's sender in its thread (In-Reply-To, References), queued in the outbox",
        params: idParamsSchema,
        body: inboundReplySchema,
        response: {
          201: z.object({
            id: z.uuid(),
            to: z.string(),
            subject: z.string(),
            state: z.enum(["sent", "failed", "outbox"]),
          }),
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await replyToInboundOrThrow(db, actorOf(request), request.params.id, request.body)),
  );
}
