import {
  dealListQuerySchema,
  dealPatchSchema,
  dealSchema,
  dealWriteSchema,
  idParamsSchema,
  kanbanQuerySchema,
  kanbanSchema,
  leadConvertResultSchema,
  leadConvertSchema,
  leadListQuerySchema,
  leadPatchSchema,
  leadSchema,
  leadWriteSchema,
} from "@planerka/common";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { registerCrmCollectionRoutes } from "./crm-routes-kit";
import { createDealOrThrow, updateDealOrThrow } from "./deal.service";
import { dealSpec, presentDeal } from "./deal.spec";
import { dealKanbanOrThrow } from "./kanban.queries";
import { convertLeadOrThrow, createLeadOrThrow, updateLeadOrThrow } from "./lead.service";
import { leadSpec, presentLead } from "./lead.spec";

export function dealRoutes(app: ApiApp, deps: ModuleDeps) {
  const { db } = deps;
  const read = { config: { permission: "crm:read" as const } };
  const write = { config: { permission: "crm:write" as const } };

  app.get(
    "/api/v1/deals/kanban",
    {
      ...read,
      schema: {
        tags: ["crm"],
        querystring: dealListQuerySchema
          .omit({ limit: true, offset: true, sort: true })
          .extend(kanbanQuerySchema.shape),
        response: { 200: kanbanSchema },
      },
    },
    async (request) => dealKanbanOrThrow(db, actorOf(request).scope, request.query),
  );
  registerCrmCollectionRoutes(app, deps, {
    path: "/api/v1/deals",
    spec: dealSpec,
    tag: "crm",
    listQuery: dealListQuerySchema,
    item: dealSchema,
    present: presentDeal,
    readPermission: "crm:read",
    writePermission: "crm:write",
  });
  app.post(
    "/api/v1/deals",
    { ...write, schema: { tags: ["crm"], body: dealWriteSchema, response: { 201: dealSchema } } },
    async (request, reply) =>
      reply.status(201).send(presentDeal(await createDealOrThrow(db, actorOf(request), request.body))),
  );
  app.patch(
    "/api/v1/deals/:id",
    {
      ...write,
      schema: { tags: ["crm"], params: idParamsSchema, body: dealPatchSchema, response: { 200: dealSchema } },
    },
    async (request) => presentDeal(await updateDealOrThrow(db, actorOf(request), request.params.id, request.body)),
  );

  registerCrmCollectionRoutes(app, deps, {
    path: "/api/v1/leads",
    spec: leadSpec,
    tag: "crm",
    listQuery: leadListQuerySchema,
    item: leadSchema,
    present: presentLead,
    readPermission: "crm:read",
    writePermission: "crm:write",
  });
  app.post(
    "/api/v1/leads",
    { ...write, schema: { tags: ["crm"], body: leadWriteSchema, response: { 201: leadSchema } } },
    async (request, reply) =>
      reply.status(201).send(presentLead(await createLeadOrThrow(db, actorOf(request), request.body))),
  );
  app.patch(
    "/api/v1/leads/:id",
    {
      ...write,
      schema: { tags: ["crm"], params: idParamsSchema, body: leadPatchSchema, response: { 200: leadSchema } },
    },
    async (request) => presentLead(await updateLeadOrThrow(db, actorOf(request), request.params.id, request.body)),
  );
  app.post(
    "/api/v1/leads/:id/convert",
    {
      ...write,
      schema: {
        tags: ["crm"],
        params: idParamsSchema,
        body: leadConvertSchema,
        response: { 201: leadConvertResultSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await convertLeadOrThrow(db, actorOf(request), request.params.id, request.body)),
  );
}
