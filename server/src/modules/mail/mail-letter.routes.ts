import {
  idParamsSchema,
  idSchema,
  letterAttachmentLimitBytes,
  mailFileSchema,
  mailTemplatePatchSchema,
  mailTemplateRenderSchema,
  mailTemplateSchema,
  mailTemplateWriteSchema,
  recordFileSchema,
  renderedTemplateSchema,
  smtpCheckResultSchema,
  smtpCheckSchema,
} from "@planerka/common";
import { z } from "zod";
import { invalid } from "../../platform/errors/problem";
import { sendStoredFile } from "../../platform/files/send-file";
import { openStoredBytes } from "../../platform/files/stored-bytes";
import type { ApiApp, StoreDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { letterFileOrThrow, recordFilesOrThrow, uploadMailFile } from "./mail-file.service";
import {
  createTemplate,
  deleteTemplateOrThrow,
  listTemplates,
  renderTemplateOrThrow,
  updateTemplateOrThrow,
} from "./mail-template.service";
import { checkSmtpOrThrow } from "./smtp-connection";

const attachmentParamsSchema = z.object({ id: idSchema, fileId: idSchema });

/** Letters' files, templates and «Проверить соединение». */
export function mailLetterRoutes(app: ApiApp, { db, store }: StoreDeps) {
  const tags = ["mail"];

  app.post(
    "/api/v1/mail/files",
    {
      config: { permission: "crm:write" },
      schema: {
        tags,
        description:
          "Uploads a file (multipart, field `file`, at most 20 MB) for a letter being written; name its id in the letter's `fileIds`. Unused uploads are removed after a day",
        consumes: ["multipart/form-data"],
        response: { 201: mailFileSchema },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw invalid("file", "Send the file as multipart/form-data in the field file");
      // A file over the limit ends the upload with 413 while it is read.
      const part = await request.file({ limits: { fileSize: letterAttachmentLimitBytes, files: 1, fields: 5 } });
      if (part?.fieldname !== "file") throw invalid("file", "Attach a file in the field file");
      const data = await part.toBuffer();
      const file = await uploadMailFile(db, store, actorOf(request), {
        name: part.filename,
        mimeType: part.mimetype,
        data,
      });
      return reply.status(201).send(file);
    },
  );
  app.get(
    "/api/v1/deals/:id/mail-files",
    {
      config: { permission: "crm:read" },
      schema: {
        tags,
        description:
          "Files a letter from the deal may carry: those its earlier letters carried and its tasks' files the caller may read",
        params: idParamsSchema,
        response: { 200: z.object({ items: z.array(recordFileSchema) }) },
      },
    },
    async (request) => ({ items: await recordFilesOrThrow(db, actorOf(request), request.params.id) }),
  );
  app.get(
    "/api/v1/mail/messages/:id/attachments/:fileId",
    {
      config: { permission: "crm:read" },
      schema: { tags, description: "A letter's file, for whoever sees the letter", params: attachmentParamsSchema },
    },
    async (request, reply) => {
      const file = await letterFileOrThrow(db, actorOf(request), request.params.id, request.params.fileId);
      return sendStoredFile(reply, {
        name: file.name,
        mimeType: file.mimeType,
        size: file.size,
        body: await openStoredBytes(store, file),
      });
    },
  );

  const manage = { config: { permission: "mail-templates:manage" as const } };
  app.get(
    "/api/v1/mail/templates",
    {
      config: { permission: "crm:read" },
      schema: { tags, response: { 200: z.object({ items: z.array(mailTemplateSchema) }) } },
    },
    async () => ({ items: await listTemplates(db) }),
  );
  app.post(
    "/api/v1/mail/templates",
    {
      ...manage,
      schema: {
        tags,
        description:
          "A company letter template; subject and body may name {{contact.name}}, {{company.name}}, {{deal.title}}, {{deal.amount}}, {{manager.name}}, {{manager.phone}} and the others of `templatePlaceholders`",
        body: mailTemplateWriteSchema,
        response: { 201: mailTemplateSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createTemplate(db, actorOf(request), request.body)),
  );
  app.patch(
    "/api/v1/mail/templates/:id",
    {
      ...manage,
      schema: { tags, params: idParamsSchema, body: mailTemplatePatchSchema, response: { 200: mailTemplateSchema } },
    },
    async (request) => updateTemplateOrThrow(db, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    "/api/v1/mail/templates/:id",
    { ...manage, schema: { tags, params: idParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteTemplateOrThrow(db, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    "/api/v1/mail/templates/:id/render",
    {
      config: { permission: "crm:read" },
      schema: {
        tags,
        description: "The template filled with the fields of one record the caller can see (404 otherwise)",
        params: idParamsSchema,
        body: mailTemplateRenderSchema,
        response: { 200: renderedTemplateSchema },
      },
    },
    async (request) => renderTemplateOrThrow(db, actorOf(request), request.params.id, request.body),
  );

  app.post(
    "/api/v1/settings/smtp/check",
    {
      config: { permission: "settings:manage" },
      schema: {
        tags,
        description:
          "«Проверить соединение»: connects and logs in with the stored SMTP settings (no body) or those being edited (an empty password means the stored one, for the stored host only); {ok:false, error} carries the server's answer",
        body: smtpCheckSchema,
        response: { 200: smtpCheckResultSchema },
      },
    },
    async (request) => checkSmtpOrThrow(db, request.body),
  );
}
