import {
  driveFileSchema,
  driveFileUpdateSchema,
  driveUploadCreateSchema,
  driveUploadSchema,
  driveVersionSchema,
  idParamsSchema,
  idSchema,
  queryIntSchema,
} from "@planerka/common";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { notFound } from "../../platform/errors/problem";
import { parseByteRange, sendStoredFile } from "../../platform/files/send-file";
import type { ApiApp } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import type { DriveDeps } from "./drive-deps";
import {
  driveFileOrThrow,
  fileContentOrThrow,
  fileTextOrThrow,
  fileVersionsOrThrow,
  restoreFileOrThrow,
  restoreVersionOrThrow,
  setLockOrThrow,
  trashFileOrThrow,
  updateFileOrThrow,
} from "./drive-file.service";
import { previewKindOf } from "./drive-sniff";
import {
  cancelUploadOrThrow,
  createUploadOrThrow,
  uploadStateOrThrow,
  writeChunkOrThrow,
} from "./drive-upload.service";

const contentQuerySchema = z.object({
  version: queryIntSchema(1).optional(),
  /** inline is honoured only for pictures and PDF; anything else is an attachment. */
  disposition: z.enum(["inline", "attachment"]).default("attachment"),
});

/** Drive files: card, changes, trash, lock, versions, content; and resumable uploads in chunks. */
export function driveFileRoutes(app: ApiApp, { db, store }: DriveDeps) {
  const tags = ["drive"];
  const read = { config: { permission: "drive:read" as const } };
  const write = { config: { permission: "drive:write" as const } };
  app.get(
    "/api/v1/drive/files/:id",
    { ...read, schema: { tags, params: idParamsSchema, response: { 200: driveFileSchema } } },
    async (request) => driveFileOrThrow(db, actorOf(request), request.params.id),
  );
  app.patch(
    "/api/v1/drive/files/:id",
    {
      ...write,
      schema: { tags, params: idParamsSchema, body: driveFileUpdateSchema, response: { 200: driveFileSchema } },
    },
    async (request) => updateFileOrThrow(db, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    "/api/v1/drive/files/:id",
    { ...write, schema: { tags, params: idParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await trashFileOrThrow(db, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    "/api/v1/drive/files/:id/restore",
    { ...write, schema: { tags, params: idParamsSchema, response: { 200: driveFileSchema } } },
    async (request) => restoreFileOrThrow(db, actorOf(request), request.params.id),
  );
  app.post(
    "/api/v1/drive/files/:id/lock",
    { ...write, schema: { tags, params: idParamsSchema, response: { 200: driveFileSchema } } },
    async (request) => setLockOrThrow(db, actorOf(request), request.params.id, true),
  );
  app.delete(
    "/api/v1/drive/files/:id/lock",
    { ...write, schema: { tags, params: idParamsSchema, response: { 200: driveFileSchema } } },
    async (request) => setLockOrThrow(db, actorOf(request), request.params.id, false),
  );
  app.get(
    "/api/v1/drive/files/:id/versions",
    {
      ...read,
      schema: { tags, params: idParamsSchema, response: { 200: z.object({ items: z.array(driveVersionSchema) }) } },
    },
    async (request) => ({ items: await fileVersionsOrThrow(db, actorOf(request), request.params.id) }),
  );
  app.post(
    "/api/v1/drive/files/:id/versions/:number/restore",
    {
      ...write,
      schema: {
        tags,
        params: z.object({ id: idSchema, number: queryIntSchema(1) }),
        response: { 200: driveFileSchema },
      },
    },
    async (request) => restoreVersionOrThrow(db, actorOf(request), request.params.id, request.params.number),
  );
  app.get(
    "/api/v1/drive/files/:id/content",
    { ...read, schema: { tags, params: idParamsSchema, querystring: contentQuerySchema } },
    async (request, reply) => {
      const content = await fileContentOrThrow(db, actorOf(request), request.params.id, {
        number: request.query.version,
      });
      const kind = previewKindOf(content.mimeType);
      const range = parseByteRange(request.headers.range, content.size);
      return sendStoredFile(reply, {
        name: content.name,
        mimeType: content.mimeType,
        disposition:
          request.query.disposition === "inline" && (kind === "image" || kind === "pdf") ? "inline" : "attachment",
        size: content.size,
        range: range ? { ...range, total: content.size } : undefined,
        body: await store.read(content.storageKey, range ?? undefined),
      });
    },
  );
  app.get(
    "/api/v1/drive/files/:id/thumbnail",
    { ...read, schema: { tags, params: idParamsSchema } },
    async (request, reply) => {
      const content = await fileContentOrThrow(db, actorOf(request), request.params.id, { thumbnail: true });
      return sendStoredFile(reply, {
        name: `${content.name}.webp`,
        mimeType: "image/webp",
        disposition: "inline",
        size: content.size,
        body: await store.read(content.storageKey),
      });
    },
  );
  app.get(
    "/api/v1/drive/files/:id/text",
    { ...read, schema: { tags, params: idParamsSchema, response: { 200: z.object({ text: z.string() }) } } },
    async (request) => {
      const text = await fileTextOrThrow(db, actorOf(request), request.params.id);
      if (text === null) throw notFound("The file has no text to show");
      return { text };
    },
  );

  app.post(
    "/api/v1/drive/uploads",
    { ...write, schema: { tags, body: driveUploadCreateSchema, response: { 201: driveUploadSchema } } },
    async (request, reply) =>
      reply.status(201).send(await createUploadOrThrow(db, store, actorOf(request), request.body)),
  );
  app.get(
    "/api/v1/drive/uploads/:id",
    { ...read, schema: { tags, params: idParamsSchema, response: { 200: driveUploadSchema } } },
    async (request) => uploadStateOrThrow(db, actorOf(request), request.params.id),
  );
  app.delete(
    "/api/v1/drive/uploads/:id",
    { ...write, schema: { tags, params: idParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await cancelUploadOrThrow(db, store, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    // The chunk streams from the socket to the store: 8 MiB never sits in memory whole.
    scope.addContentTypeParser("*", (_request, _payload, done) => done(null, undefined));
    scope.withTypeProvider<ZodTypeProvider>().put(
      "/api/v1/drive/uploads/:id/chunks/:index",
      {
        ...write,
        schema: {
          tags,
          description:
            "One chunk of a resumable upload: the raw bytes from index × chunkBytes (application/octet-stream)",
          consumes: ["application/octet-stream"],
          params: z.object({ id: idSchema, index: queryIntSchema(0) }),
          response: { 200: driveUploadSchema },
        },
      },
      async (request) => {
        const length = request.headers["content-length"];
        // A connection dropped mid-chunk must fail the write (and free the upload for the retry),
        // not leave it waiting for bytes that will never come.
        request.raw.once("close", () => {
          if (!request.raw.complete)
            request.raw.destroy(new Error("The connection closed before the chunk was complete"));
        });
        return writeChunkOrThrow(db, store, actorOf(request), request.params.id, request.params.index, {
          stream: request.raw,
          declaredLength: length === undefined ? undefined : Number(length),
        });
      },
    );
  });
}
