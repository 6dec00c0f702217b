import {
  chatMessagePageSchema,
  chatMessagePatchSchema,
  chatMessageSchema,
  chatMessagesQuerySchema,
  chatMessageWriteSchema,
  chatReactionWriteSchema,
  idParamsSchema,
  idSchema,
} from "@planerka/common";
import { z } from "zod";
import { invalid } from "../../platform/errors/problem";
import { cleanFileName, cleanMimeType } from "../../platform/files/file-names";
import { sendStoredFile } from "../../platform/files/send-file";
import { openStoredBytes } from "../../platform/files/stored-bytes";
import type { ApiApp, StoreDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { refuseNulOrThrow } from "../../platform/http/nul-guard";
import { chatFileLimitBytes, chatFileOrThrow } from "./chat-file.service";
import {
  deleteMessageOrThrow,
  editMessageOrThrow,
  listMessagesOrThrow,
  postMessageOrThrow,
  toggleReactionOrThrow,
  type UploadedFile,
} from "./chat-message.service";

const fileParamsSchema = z.object({ id: idSchema, fileId: idSchema });
const uploadFieldsSchema = z.object({
  body: z.string().max(10_000, "At most 10000 characters").default(""),
  replyToId: idSchema.optional(),
});

export function chatMessageRoutes(app: ApiApp, { db, store }: StoreDeps) {
  const tags = ["chat"];
  app.get(
    "/api/v1/chats/:id/messages",
    {
      config: { permission: "chat:read" },
      schema: {
        tags,
        description: "History, newest first by page; each page in ascending order. Scroll up with `before`",
        params: idParamsSchema,
        querystring: chatMessagesQuerySchema,
        response: { 200: chatMessagePageSchema },
      },
    },
    async (request) => listMessagesOrThrow(db, actorOf(request), request.params.id, request.query),
  );
  app.post(
    "/api/v1/chats/:id/messages",
    {
      config: { permission: "chat:write" },
      schema: { tags, params: idParamsSchema, body: chatMessageWriteSchema, response: { 201: chatMessageSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await postMessageOrThrow(db, store, actorOf(request), request.params.id, request.body)),
  );
  app.patch(
    "/api/v1/chat-messages/:id",
    {
      config: { permission: "chat:write" },
      schema: { tags, params: idParamsSchema, body: chatMessagePatchSchema, response: { 200: chatMessageSchema } },
    },
    async (request) => editMessageOrThrow(db, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    "/api/v1/chat-messages/:id",
    { config: { permission: "chat:write" }, schema: { tags, params: idParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteMessageOrThrow(db, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    "/api/v1/chat-messages/:id/reactions",
    {
      config: { permission: "chat:write" },
      schema: {
        tags,
        description: "Adds the caller's reaction, or takes it back when already there",
        params: idParamsSchema,
        body: chatReactionWriteSchema,
        response: { 200: chatMessageSchema },
      },
    },
    async (request) => toggleReactionOrThrow(db, actorOf(request), request.params.id, request.body.emoji),
  );
  // Multipart is registered once, by the imports module; the limit here is per request, and a
  // file over it ends the upload with 413 while it is read.
  app.post(
    "/api/v1/chats/:id/files",
    {
      config: { permission: "chat:write" },
      schema: {
        tags,
        description: "A message with a file (field `file`, up to 10 MB) and optional text (field `body`)",
        consumes: ["multipart/form-data"],
        params: idParamsSchema,
        response: { 201: chatMessageSchema },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw invalid("file", "Send the file as multipart/form-data in the field file");
      const fields: Record<string, string> = {};
      let file: UploadedFile | undefined;
      const parts = request.parts({ limits: { fileSize: chatFileLimitBytes, files: 1, fields: 5 } });
      for await (const part of parts) {
        if (part.type === "file") {
          const data = await part.toBuffer();
          if (part.fieldname === "file")
            file = { name: cleanFileName(part.filename), mimeType: cleanMimeType(part.mimetype), data };
        } else if (typeof part.value === "string") {
          fields[part.fieldname] = part.value;
        }
      }
      if (!file) throw invalid("file", "Attach a file in the field file");
      refuseNulOrThrow({ body: fields });
      const parsed = uploadFieldsSchema.safeParse(fields);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw invalid(String(issue.path[0] ?? "body"), issue.message);
      }
      return reply
        .status(201)
        .send(await postMessageOrThrow(db, store, actorOf(request), request.params.id, parsed.data, file));
    },
  );
  app.get(
    "/api/v1/chats/:id/files/:fileId",
    {
      config: { permission: "chat:read" },
      schema: {
        tags,
        description: "Pictures (png, jpeg, gif, webp) inline and sandboxed; everything else as a download",
        params: fileParamsSchema,
      },
    },
    async (request, reply) => {
      const file = await chatFileOrThrow(db, actorOf(request), request.params.id, request.params.fileId);
      return sendStoredFile(reply, {
        name: file.name,
        mimeType: file.mimeType,
        disposition: file.disposition,
        size: file.size,
        body: await openStoredBytes(store, file),
      });
    },
  );
}
