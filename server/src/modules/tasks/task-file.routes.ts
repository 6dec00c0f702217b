import { idParamsSchema, idSchema, taskFileSchema } from "@planerka/common";
import { z } from "zod";
import { invalid } from "../../platform/errors/problem";
import { sendStoredFile } from "../../platform/files/send-file";
import { openStoredBytes } from "../../platform/files/stored-bytes";
import type { ApiApp, StoreDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { attachFileOrThrow, deleteFileOrThrow, fileContentOrThrow, taskFileLimitBytes } from "./task-file.service";

const fileParamsSchema = z.object({ id: idSchema, fileId: idSchema });

/**
 * A task's files. Uploads are multipart (the plugin is registered once, by the imports module);
 * the limit here is per request. Downloads are always attachments of the stored type, never
 * sniffed, so an uploaded page cannot run as ours.
 */
export function taskFileRoutes(app: ApiApp, { db, store }: StoreDeps) {
  const tags = ["tasks"];
  app.post(
    "/api/v1/tasks/:id/files",
    {
      config: { permission: "tasks:write" },
      schema: {
        tags,
        consumes: ["multipart/form-data"],
        params: idParamsSchema,
        response: { 201: taskFileSchema },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw invalid("file", "Send the file as multipart/form-data in the field file");
      // A file over the limit ends the upload with 413 while it is read.
      const part = await request.file({ limits: { fileSize: taskFileLimitBytes, files: 1, fields: 5 } });
      if (part?.fieldname !== "file") throw invalid("file", "Attach a file in the field file");
      const data = await part.toBuffer();
      const file = { name: part.filename, mimeType: part.mimetype, data };
      return reply.status(201).send(await attachFileOrThrow(db, store, actorOf(request), request.params.id, file));
    },
  );
  app.get(
    "/api/v1/tasks/:id/files/:fileId",
    { config: { permission: "tasks:read" }, schema: { tags, params: fileParamsSchema } },
    async (request, reply) => {
      const file = await fileContentOrThrow(db, actorOf(request), request.params.id, request.params.fileId);
      return sendStoredFile(reply, {
        name: file.name,
        mimeType: file.mimeType,
        size: file.size,
        body: await openStoredBytes(store, file),
      });
    },
  );
  app.delete(
    "/api/v1/tasks/:id/files/:fileId",
    { config: { permission: "tasks:write" }, schema: { tags, params: fileParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteFileOrThrow(db, actorOf(request), request.params.id, request.params.fileId);
      return reply.status(204).send(null);
    },
  );
}
