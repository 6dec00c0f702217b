import {
  idParamsSchema,
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
import { leadSpec, presentLead } from "./lead.resource";
import { convertLeadOrThrow, createLeadOrThrow, updateLeadOrThrow } from "./lead.service";

export function leadRoutes(app: ApiApp, deps: ModuleDeps) {
  const { db } = deps;
  const _read = { config: { permission: "crm:read" as const } };
  const write = { config: { permission: "crm:write" as const } };

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
      reply
        .status(201)
        .send(presentLead(await createLeadOrThrow(db, actorOf(request), request.body), actorOf(request).scope)),
  );

  app.patch(
    "/api/v1/leads/:id",
    {
      ...write,
      schema: { tags: ["crm"], params: idParamsSchema, body: leadPatchSchema, response: { 200: leadSchema } },
    },
    async (request) =>
      presentLead(
        await updateLeadOrThrow(db, actorOf(request), request.params.id, request.body),
        actorOf(request).scope,
      ),
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
