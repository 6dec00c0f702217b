import {
  dealListQuerySchema,
  dealPatchSchema,
  dealSchema,
  dealWriteSchema,
  idParamsSchema,
  kanbanQuerySchema,
  kanbanSchema,
} from "@planerka/common";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { registerCrmCollectionRoutes } from "./crm-routes-kit";
import { dealSpec, presentDeal } from "./deal.resource";
import { createDealOrThrow, updateDealOrThrow } from "./deal.service";
import { dealKanbanOrThrow } from "./kanban.queries";

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
      reply
        .status(201)
        .send(presentDeal(await createDealOrThrow(db, actorOf(request), request.body), actorOf(request).scope)),
  );

  app.patch(
    "/api/v1/deals/:id",
    {
      ...write,
      schema: { tags: ["crm"], params: idParamsSchema, body: dealPatchSchema, response: { 200: dealSchema } },
    },
    async (request) =>
      presentDeal(
        await updateDealOrThrow(db, actorOf(request), request.params.id, request.body),
        actorOf(request).scope,
      ),
  );
}
