import {
  bulkActionSchema,
  bulkResultSchema,
  commentWriteSchema,
  historyEntrySchema,
  idParamsSchema,
  pageSchema,
  restoreQuerySchema,
  timelineItemSchema,
  timelineQuerySchema,
} from "@planerka/common";
import { z } from "zod";
import { notFound } from "../../platform/errors/problem";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import type { PermissionName } from "../../platform/http/permissions";
import type { AccessScope } from "../../platform/scope/access-scope";
import { addCommentOrThrow, bulkOrThrow, historyOrThrow, restoreOrThrow, softDeleteOrThrow } from "./crm-commands";
import { findResource, type ListParams, listResource, type ResourceSpec } from "./crm-resource";
import { timelineOrThrow } from "./timeline.queries";

interface KitOptions<Row> {
  path: string;
  spec: ResourceSpec;
  tag: string;
  listQuery: z.ZodType<ListParams>;
  item: z.ZodType;
  present: (row: Row, scope: AccessScope) => unknown;
  readPermission: PermissionName;
  writePermission: PermissionName;
}

/**
 * The routes every CRM collection shares — list, card, delete, restore, bulk, history, timeline and
 * comments — registered the same way for each, so the scope cannot be forgotten on one of them.
 */
export function registerCrmCollectionRoutes<Row>(app: ApiApp, { db }: ModuleDeps, options: KitOptions<Row>) {
  const { path, spec, tag, item, present, readPermission, writePermission } = options;
  const read = { config: { permission: readPermission } };
  const write = { config: { permission: writePermission } };

  app.get(
    path,
    { ...read, schema: { tags: [tag], querystring: options.listQuery, response: { 200: pageSchema(item) } } },
    async (request) => {
      const { scope } = actorOf(request);
      const page = await listResource<Row>(db, spec, scope, request.query as ListParams);
      return { items: page.items.map((row) => present(row, scope)), total: page.total, totalCapped: page.totalCapped };
    },
  );

  app.get(
    `${path}/:id`,
    { ...read, schema: { tags: [tag], params: idParamsSchema, response: { 200: item } } },
    async (request) => {
      const { scope } = actorOf(request);
      const row = await findResource<Row>(db, spec, scope, request.params.id);
      if (!row) throw notFound();
      return present(row, scope);
    },
  );

  app.delete(
    `${path}/:id`,
    { ...write, schema: { tags: [tag], params: idParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await softDeleteOrThrow(db, actorOf(request), spec, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    `${path}/:id/restore`,
    {
      ...write,
      schema: { tags: [tag], params: idParamsSchema, querystring: restoreQuerySchema, response: { 200: item } },
    },
    async (request) => {
      const actor = actorOf(request);
      await restoreOrThrow(db, actor, spec, request.params.id, {
        allowDuplicateBin: request.query.allowDuplicateBin === "true",
      });
      return present((await findResource<Row>(db, spec, actor.scope, request.params.id))!, actor.scope);
    },
  );

  app.post(
    `${path}/bulk`,
    { ...write, schema: { tags: [tag], body: bulkActionSchema, response: { 200: bulkResultSchema } } },
    async (request) => bulkOrThrow(db, actorOf(request), spec, request.body),
  );

  app.get(
    `${path}/:id/history`,
    { ...read, schema: { tags: [tag], params: idParamsSchema, response: { 200: pageSchema(historyEntrySchema) } } },
    async (request) => {
      const items = await historyOrThrow(db, actorOf(request), spec, request.params.id);
      return { items, total: items.length };
    },
  );

  app.get(
    `${path}/:id/timeline`,
    {
      ...read,
      schema: {
        tags: [tag],
        params: idParamsSchema,
        querystring: timelineQuerySchema,
        response: { 200: pageSchema(timelineItemSchema) },
      },
    },
    async (request) => {
      const items = await timelineOrThrow(db, actorOf(request).scope, spec, request.params.id, request.query);
      return { items, total: items.length };
    },
  );

  app.post(
    `${path}/:id/comments`,
    {
      ...write,
      schema: {
        tags: [tag],
        params: idParamsSchema,
        body: commentWriteSchema,
        response: { 201: z.object({ id: z.uuid() }) },
      },
    },
    async (request, reply) => {
      const id = await addCommentOrThrow(db, actorOf(request), spec, request.params.id, request.body.body);
      return reply.status(201).send({ id });
    },
  );
}
