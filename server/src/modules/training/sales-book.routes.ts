import {
  idParamsSchema,
  idSchema,
  salesBookArticlePageSchema,
  salesBookArticlePatchSchema,
  salesBookArticleQuerySchema,
  salesBookArticleSchema,
  salesBookArticleWriteSchema,
  salesBookFeedbackWriteSchema,
  salesBookSectionOrderSchema,
  salesBookSectionSchema,
  salesBookSectionsSchema,
  salesBookSectionWriteSchema,
} from "@planerka/common";
import { z } from "zod";
import { sendStoredFile } from "../../platform/files/send-file";
import type { ApiApp, StoreDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { inlineImageTypes } from "../chat/chat.presenter";
import {
  answerFeedbackOrThrow,
  articleFileOrThrow,
  articleOrThrow,
  createArticleOrThrow,
  deleteArticleOrThrow,
  listArticlesOrThrow,
  updateArticleOrThrow,
} from "./sales-book.service";
import {
  createSectionOrThrow,
  deleteSectionOrThrow,
  listSectionsOrThrow,
  renameSectionOrThrow,
  reorderSectionsOrThrow,
} from "./sales-book-section.service";

const read = { config: { permission: "training:read" as const } };
const answer = { config: { permission: "training:write" as const } };
const manage = { config: { permission: "training:manage" as const } };

/**
 * «Книга продаж»: everyone reads it and answers «Было полезно»; heads, tops and administrators
 * write it. A deleted section or article is 404 on every route.
 */
export function salesBookRoutes(app: ApiApp, { db, store }: StoreDeps) {
  const tags = ["sales-book"];
  const base = "/api/v1/sales-book";

  app.get(
    `${base}/sections`,
    {
      ...read,
      schema: {
        tags,
        description: "The sections in order, with article counts",
        response: { 200: salesBookSectionsSchema },
      },
    },
    async (request) => listSectionsOrThrow(db, actorOf(request)),
  );
  app.post(
    `${base}/sections`,
    { ...manage, schema: { tags, body: salesBookSectionWriteSchema, response: { 201: salesBookSectionSchema } } },
    async (request, reply) =>
      reply.status(201).send(await createSectionOrThrow(db, actorOf(request), request.body.title)),
  );
  app.put(
    `${base}/sections/order`,
    {
      ...manage,
      schema: {
        tags,
        description: "The sections' order: the ones named first, the rest after them as they were",
        body: salesBookSectionOrderSchema,
        response: { 200: salesBookSectionsSchema },
      },
    },
    async (request) => reorderSectionsOrThrow(db, actorOf(request), request.body.sectionIds),
  );
  app.patch(
    `${base}/sections/:id`,
    {
      ...manage,
      schema: {
        tags,
        params: idParamsSchema,
        body: salesBookSectionWriteSchema,
        response: { 200: salesBookSectionSchema },
      },
    },
    async (request) => renameSectionOrThrow(db, actorOf(request), request.params.id, request.body.title),
  );
  app.delete(
    `${base}/sections/:id`,
    {
      ...manage,
      schema: {
        tags,
        description: "Removes an empty section; one that holds articles is a 409",
        params: idParamsSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deleteSectionOrThrow(db, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    `${base}/articles`,
    {
      ...read,
      schema: {
        tags,
        description:
          "A section's articles in order, or with `q` the articles found (title matches first) with a snippet",
        querystring: salesBookArticleQuerySchema,
        response: { 200: salesBookArticlePageSchema },
      },
    },
    async (request) => listArticlesOrThrow(db, actorOf(request), request.query),
  );
  app.post(
    `${base}/articles`,
    { ...manage, schema: { tags, body: salesBookArticleWriteSchema, response: { 201: salesBookArticleSchema } } },
    async (request, reply) => reply.status(201).send(await createArticleOrThrow(db, actorOf(request), request.body)),
  );
  app.get(
    `${base}/articles/:id`,
    { ...read, schema: { tags, params: idParamsSchema, response: { 200: salesBookArticleSchema } } },
    async (request) => articleOrThrow(db, actorOf(request), request.params.id),
  );
  app.patch(
    `${base}/articles/:id`,
    {
      ...manage,
      schema: {
        tags,
        description: "Title, text, files, or a move to another section; a stale `version` is a 409",
        params: idParamsSchema,
        body: salesBookArticlePatchSchema,
        response: { 200: salesBookArticleSchema },
      },
    },
    async (request) => updateArticleOrThrow(db, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    `${base}/articles/:id`,
    { ...manage, schema: { tags, params: idParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteArticleOrThrow(db, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.put(
    `${base}/articles/:id/feedback`,
    {
      ...answer,
      schema: {
        tags,
        description: "«Было полезно»: the caller's one answer, changeable",
        params: idParamsSchema,
        body: salesBookFeedbackWriteSchema,
        response: { 200: salesBookArticleSchema },
      },
    },
    async (request) => answerFeedbackOrThrow(db, actorOf(request), request.params.id, request.body.helpful),
  );
  app.get(
    `${base}/articles/:id/files/:fileId`,
    {
      ...read,
      schema: {
        tags,
        description: "A file the article carries: pictures inline and sandboxed, everything else as a download",
        params: z.object({ id: idSchema, fileId: idSchema }),
      },
    },
    async (request, reply) => {
      const file = await articleFileOrThrow(db, actorOf(request), request.params.id, request.params.fileId);
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
