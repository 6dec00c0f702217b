import {
  dealOneCSchema,
  idParamsSchema,
  oneCAssignBodySchema,
  oneCManagerNameSchema,
  oneCManagerNameWriteSchema,
  oneCRejectionSchema,
  oneCSessionSchema,
  oneCSettingsPatchSchema,
  oneCStatusSchema,
  oneCUnassignedOrderSchema,
  oneCUpsertBodySchema,
  oneCUpsertResponseSchema,
  pageSchema,
  pagingQuerySchema,
} from "@planerka/common";
import { z } from "zod";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import {
  assignOrderOrThrow,
  dealOneCOrThrow,
  deleteManagerName,
  exchangeStatus,
  listManagerNames,
  listRejectionsOrThrow,
  listSessions,
  listUnassigned,
  putManagerNameOrThrow,
  updateExchangeSettings,
  upsertOrThrow,
} from "./one-c.service";

const tags = ["1c"];
const guidParamsSchema = z.object({ guid: z.string().min(1).max(100) });

export function oneCRoutes(app: ApiApp, { db, publicUrl }: ModuleDeps & { publicUrl?: string }) {
  // The address 1C is given: the public one when the portal sits behind a proxy.
  const origin = (request: { protocol: string; host: string }) =>
    publicUrl ? new URL(publicUrl).origin : `${request.protocol}://${request.host}`;
  const exchange = { config: { permission: "integrations:1c" as const } };

  app.post(
    "/api/v1/integrations/1c/upsert",
    {
      ...exchange,
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        tags,
        description:
          "The JSON bulk upsert for a company's own HTTP service in 1C: counterparties, orders and payments keyed by " +
          "their 1C guid, at most 10,000 records a call, all or nothing. Each record is answered created, updated, " +
          "unchanged or rejected with the reason; the same call twice changes nothing.",
        body: oneCUpsertBodySchema,
        response: { 200: oneCUpsertResponseSchema },
      },
    },
    async (request) => upsertOrThrow(db, actorOf(request), request.body),
  );
  app.get(
    "/api/v1/integrations/1c/status",
    {
      config: { permission: "crm:read" },
      schema: {
        tags,
        description: "When 1C last sent data, and whether that is too long ago",
        response: { 200: oneCStatusSchema },
      },
    },
    async (request) => exchangeStatus(db, origin(request)),
  );
  app.patch(
    "/api/v1/integrations/1c/settings",
    { ...exchange, schema: { tags, body: oneCSettingsPatchSchema, response: { 200: oneCStatusSchema } } },
    async (request) => {
      await updateExchangeSettings(db, actorOf(request), request.body);
      return exchangeStatus(db, origin(request));
    },
  );
  app.get(
    "/api/v1/integrations/1c/sessions",
    { ...exchange, schema: { tags, querystring: pagingQuerySchema, response: { 200: pageSchema(oneCSessionSchema) } } },
    async (request) => listSessions(db, request.query),
  );
  app.get(
    "/api/v1/integrations/1c/sessions/:id/rejections",
    {
      ...exchange,
      schema: {
        tags,
        params: idParamsSchema,
        querystring: pagingQuerySchema,
        response: { 200: pageSchema(oneCRejectionSchema) },
      },
    },
    async (request) => listRejectionsOrThrow(db, request.params.id, request.query),
  );
  app.get(
    "/api/v1/integrations/1c/managers",
    { ...exchange, schema: { tags, response: { 200: z.array(oneCManagerNameSchema) } } },
    async () => listManagerNames(db),
  );
  app.put(
    "/api/v1/integrations/1c/managers",
    {
      ...exchange,
      schema: {
        tags,
        description: "How 1C names a manager → the employee; orders waiting for that name get their deals at once",
        body: oneCManagerNameWriteSchema,
        response: { 200: z.object({ assigned: z.number().int() }) },
      },
    },
    async (request) => putManagerNameOrThrow(db, actorOf(request), request.body),
  );
  app.delete(
    "/api/v1/integrations/1c/managers",
    {
      ...exchange,
      schema: { tags, querystring: z.object({ name: z.string().min(1).max(300) }), response: { 204: z.null() } },
    },
    async (request, reply) => {
      await deleteManagerName(db, actorOf(request), request.query.name);
      return reply.status(204).send(null);
    },
  );
  const queue = { config: { permission: "integrations:1c-queue" as const } };
  app.get(
    "/api/v1/integrations/1c/unassigned",
    {
      ...queue,
      schema: { tags, querystring: pagingQuerySchema, response: { 200: pageSchema(oneCUnassignedOrderSchema) } },
    },
    async (request) => listUnassigned(db, request.query),
  );
  app.post(
    "/api/v1/integrations/1c/unassigned/:guid/assign",
    {
      ...queue,
      schema: {
        tags,
        params: guidParamsSchema,
        body: oneCAssignBodySchema,
        response: { 200: z.object({ dealId: z.uuid() }) },
      },
    },
    async (request) => assignOrderOrThrow(db, actorOf(request), request.params.guid, request.body.ownerId),
  );
  app.get(
    "/api/v1/deals/:id/one-c",
    {
      config: { permission: "crm:read" },
      schema: { tags, params: idParamsSchema, response: { 200: dealOneCSchema } },
    },
    async (request) => dealOneCOrThrow(db, actorOf(request), request.params.id),
  );
}
