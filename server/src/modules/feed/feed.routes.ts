import {
  feedCommentSchema,
  feedCommentWriteSchema,
  feedPageSchema,
  feedPollVoteSchema,
  feedPostPatchSchema,
  feedPostSchema,
  feedPostWriteSchema,
  feedQuerySchema,
  feedReactionWriteSchema,
  feedReadersSchema,
  idParamsSchema,
  idSchema,
} from "@planerka/common";
import { z } from "zod";
import { sendStoredFile } from "../../platform/files/send-file";
import type { ApiApp, StoreDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { inlineImageTypes } from "../chat/chat.presenter";
import {
  addCommentOrThrow,
  createPostOrThrow,
  deleteCommentOrThrow,
  deletePostOrThrow,
  listCommentsOrThrow,
  listFeedOrThrow,
  markPostReadOrThrow,
  postFileOrThrow,
  postOrThrow,
  postReadersOrThrow,
  togglePostReactionOrThrow,
  updatePostOrThrow,
} from "./feed.service";
import { votePollOrThrow } from "./feed-poll.service";

const read = { config: { permission: "feed:read" as const } };
const write = { config: { permission: "feed:write" as const } };

/** «Живая лента»: every route answers 404 for a post outside the caller's audience. */
export function feedRoutes(app: ApiApp, { db, store }: StoreDeps) {
  const tags = ["feed"];
  app.get(
    "/api/v1/feed",
    {
      ...read,
      schema: {
        tags,
        description: "The caller's feed, newest first; pinned posts apart on the first page; `q` searches",
        querystring: feedQuerySchema,
        response: { 200: feedPageSchema },
      },
    },
    async (request) => listFeedOrThrow(db, actorOf(request), request.query),
  );
  app.post(
    "/api/v1/feed",
    { ...write, schema: { tags, body: feedPostWriteSchema, response: { 201: feedPostSchema } } },
    async (request, reply) => reply.status(201).send(await createPostOrThrow(db, actorOf(request), request.body)),
  );
  app.get(
    "/api/v1/feed/:id",
    { ...read, schema: { tags, params: idParamsSchema, response: { 200: feedPostSchema } } },
    async (request) => postOrThrow(db, actorOf(request), request.params.id),
  );
  app.patch(
    "/api/v1/feed/:id",
    {
      ...write,
      schema: { tags, params: idParamsSchema, body: feedPostPatchSchema, response: { 200: feedPostSchema } },
    },
    async (request) => updatePostOrThrow(db, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    "/api/v1/feed/:id",
    { ...write, schema: { tags, params: idParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await deletePostOrThrow(db, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    "/api/v1/feed/:id/read",
    {
      ...write,
      schema: { tags, description: "«Прочитал(а)»", params: idParamsSchema, response: { 200: feedPostSchema } },
    },
    async (request) => markPostReadOrThrow(db, actorOf(request), request.params.id),
  );
  app.get(
    "/api/v1/feed/:id/readers",
    {
      ...read,
      schema: {
        tags,
        description:
          "Who of an important post's audience has and has not read it: its author, tops, admins; heads for their people",
        params: idParamsSchema,
        response: { 200: feedReadersSchema },
      },
    },
    async (request) => postReadersOrThrow(db, actorOf(request), request.params.id),
  );
  app.post(
    "/api/v1/feed/:id/reactions",
    {
      ...write,
      schema: { tags, params: idParamsSchema, body: feedReactionWriteSchema, response: { 200: feedPostSchema } },
    },
    async (request) => togglePostReactionOrThrow(db, actorOf(request), request.params.id, request.body.emoji),
  );
  app.put(
    "/api/v1/feed/:id/poll/votes",
    {
      ...write,
      schema: {
        tags,
        description:
          "The caller's vote in the post's poll, replacing an earlier one; `[]` withdraws it. 409 once the poll is closed",
        params: idParamsSchema,
        body: feedPollVoteSchema,
        response: { 200: feedPostSchema },
      },
    },
    async (request) => votePollOrThrow(db, actorOf(request), request.params.id, request.body.optionIds),
  );
  app.get(
    "/api/v1/feed/:id/comments",
    {
      ...read,
      schema: { tags, params: idParamsSchema, response: { 200: z.object({ items: z.array(feedCommentSchema) }) } },
    },
    async (request) => ({ items: await listCommentsOrThrow(db, actorOf(request), request.params.id) }),
  );
  app.post(
    "/api/v1/feed/:id/comments",
    {
      ...write,
      schema: { tags, params: idParamsSchema, body: feedCommentWriteSchema, response: { 201: feedCommentSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await addCommentOrThrow(db, actorOf(request), request.params.id, request.body.body)),
  );
  app.delete(
    "/api/v1/feed/comments/:id",
    { ...write, schema: { tags, params: idParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteCommentOrThrow(db, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    "/api/v1/feed/:id/files/:fileId",
    {
      ...read,
      schema: {
        tags,
        description: "A file the post carries: pictures inline and sandboxed, everything else as a download",
        params: z.object({ id: idSchema, fileId: idSchema }),
      },
    },
    async (request, reply) => {
      const file = await postFileOrThrow(db, actorOf(request), request.params.id, request.params.fileId);
      return sendStoredFile(reply, {
        name: file.name,
        mimeType: file.mimeType,
        size: file.size,
        disposition: inlineImageTypes.has(file.mimeType) ? "inline" : "attachment",
        body: await store.read(file.storageKey),
      });
    },
  );
}
