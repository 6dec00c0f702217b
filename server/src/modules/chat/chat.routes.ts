import {
  chatDetailSchema,
  chatListSchema,
  chatMembersWriteSchema,
  chatPatchSchema,
  chatReadSchema,
  chatSearchQuerySchema,
  chatSearchResultSchema,
  directChatWriteSchema,
  groupChatWriteSchema,
  idParamsSchema,
  idSchema,
  realtimeSyncQuerySchema,
  realtimeSyncSchema,
  recordChatWriteSchema,
} from "@planerka/common";
import { z } from "zod";
import type { ApiApp, StoreDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import {
  addChatMembersOrThrow,
  chatDetailOrThrow,
  createGroupChatOrThrow,
  listChats,
  openDirectChatOrThrow,
  openRecordChatOrThrow,
  removeChatMemberOrThrow,
  renameChatOrThrow,
} from "./chat.service";
import { chatMessageRoutes } from "./chat-message.routes";
import { markChatReadOrThrow, searchMessagesOrThrow } from "./chat-message.service";
import { syncChanges } from "./chat-sync.service";

const memberParamsSchema = z.object({ id: idSchema, userId: idSchema });
const read = { permission: "chat:read" as const };
const write = { permission: "chat:write" as const };

/**
 * The business chat: one-to-one, group and record chats, their messages and files, search, and the
 * catch-up a reconnecting client asks for. A chat the caller may not read is 404 everywhere.
 */
export function chatRoutes(app: ApiApp, deps: StoreDeps) {
  const { db } = deps;
  const tags = ["chat"];
  app.get("/api/v1/chats", { config: read, schema: { tags, response: { 200: chatListSchema } } }, async (request) =>
    listChats(db, actorOf(request)),
  );
  app.post(
    "/api/v1/chats",
    { config: write, schema: { tags, body: groupChatWriteSchema, response: { 201: chatDetailSchema } } },
    async (request, reply) => reply.status(201).send(await createGroupChatOrThrow(db, actorOf(request), request.body)),
  );
  app.post(
    "/api/v1/chats/direct",
    {
      config: write,
      schema: {
        tags,
        description: "The one-to-one chat with a colleague: 200 when it existed, 201 when created",
        body: directChatWriteSchema,
        response: { 200: chatDetailSchema, 201: chatDetailSchema },
      },
    },
    async (request, reply) => {
      const { chat, created } = await openDirectChatOrThrow(db, actorOf(request), request.body.userId);
      return reply.status(created ? 201 : 200).send(chat);
    },
  );
  app.post(
    "/api/v1/chats/record",
    {
      config: write,
      schema: {
        tags,
        description: "The chat of a CRM record the caller may read: 200 when it existed, 201 when created",
        body: recordChatWriteSchema,
        response: { 200: chatDetailSchema, 201: chatDetailSchema },
      },
    },
    async (request, reply) => {
      const { chat, created } = await openRecordChatOrThrow(db, actorOf(request), request.body);
      return reply.status(created ? 201 : 200).send(chat);
    },
  );
  app.get(
    "/api/v1/chats/:id",
    { config: read, schema: { tags, params: idParamsSchema, response: { 200: chatDetailSchema } } },
    async (request) => chatDetailOrThrow(db, actorOf(request), request.params.id),
  );
  app.patch(
    "/api/v1/chats/:id",
    {
      config: write,
      schema: { tags, params: idParamsSchema, body: chatPatchSchema, response: { 200: chatDetailSchema } },
    },
    async (request) => renameChatOrThrow(db, actorOf(request), request.params.id, request.body.title),
  );
  app.post(
    "/api/v1/chats/:id/members",
    {
      config: write,
      schema: { tags, params: idParamsSchema, body: chatMembersWriteSchema, response: { 200: chatDetailSchema } },
    },
    async (request) => addChatMembersOrThrow(db, actorOf(request), request.params.id, request.body.userIds),
  );
  app.delete(
    "/api/v1/chats/:id/members/:userId",
    {
      config: write,
      schema: {
        tags,
        description: "The owner removes a member; anyone removes themselves (leaves)",
        params: memberParamsSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await removeChatMemberOrThrow(db, actorOf(request), request.params.id, request.params.userId);
      return reply.status(204).send(null);
    },
  );
  app.post(
    "/api/v1/chats/:id/read",
    {
      config: write,
      schema: {
        tags,
        description: "Moves the caller's read position forward (never back)",
        params: idParamsSchema,
        body: chatReadSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await markChatReadOrThrow(db, actorOf(request), request.params.id, request.body.seq);
      return reply.status(204).send(null);
    },
  );
  app.get(
    "/api/v1/chat/search",
    { config: read, schema: { tags, querystring: chatSearchQuerySchema, response: { 200: chatSearchResultSchema } } },
    async (request) => searchMessagesOrThrow(db, actorOf(request), request.query),
  );
  app.get(
    "/api/v1/realtime/sync",
    {
      config: read,
      schema: {
        tags,
        description: "What changed after `since` in the caller's chats and notifications",
        querystring: realtimeSyncQuerySchema,
        response: { 200: realtimeSyncSchema },
      },
    },
    async (request) => syncChanges(db, actorOf(request), request.query.since),
  );
  chatMessageRoutes(app, deps);
}
