import {
  driveAttachmentEntitySchema,
  driveAttachmentSchema,
  driveAttachmentsQuerySchema,
  driveAttachSchema,
  idSchema,
} from "@planerka/common";
import { z } from "zod";
import { sendStoredFile } from "../../platform/files/send-file";
import type { ApiApp } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import {
  attachedContentOrThrow,
  attachFileOrThrow,
  attachmentsOrThrow,
  detachFileOrThrow,
} from "./drive-attachment.service";
import type { DriveDeps } from "./drive-deps";

const attachmentParamsSchema = z.object({
  entityType: driveAttachmentEntitySchema,
  entityId: idSchema,
  fileId: idSchema,
});

/** Drive files on deals, leads, companies, contacts and tasks: seen by whoever reads the record. */
export function driveAttachmentRoutes(app: ApiApp, { db, store }: DriveDeps) {
  const tags = ["drive"];
  app.get(
    "/api/v1/drive/attachments",
    {
      config: { permission: "drive:read" },
      schema: {
        tags,
        querystring: driveAttachmentsQuerySchema,
        response: { 200: z.object({ items: z.array(driveAttachmentSchema) }) },
      },
    },
    async (request) => ({
      items: await attachmentsOrThrow(db, actorOf(request), request.query.entityType, request.query.entityId),
    }),
  );
  app.post(
    "/api/v1/drive/attachments",
    {
      config: { permission: "drive:write" },
      schema: { tags, body: driveAttachSchema, response: { 201: driveAttachmentSchema } },
    },
    async (request, reply) => reply.status(201).send(await attachFileOrThrow(db, actorOf(request), request.body)),
  );
  app.delete(
    "/api/v1/drive/attachments/:entityType/:entityId/:fileId",
    {
      config: { permission: "drive:write" },
      schema: { tags, params: attachmentParamsSchema, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await detachFileOrThrow(db, actorOf(request), request.params);
      return reply.status(204).send(null);
    },
  );
  app.get(
    "/api/v1/drive/attachments/:entityType/:entityId/:fileId/content",
    { config: { permission: "drive:read" }, schema: { tags, params: attachmentParamsSchema } },
    async (request, reply) => {
      const content = await attachedContentOrThrow(db, actorOf(request), request.params);
      return sendStoredFile(reply, {
        name: content.name,
        mimeType: content.mimeType,
        size: content.size,
        body: await store.read(content.storageKey),
      });
    },
  );
}
