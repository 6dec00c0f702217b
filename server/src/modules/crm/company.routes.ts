import {
  companyListQuerySchema,
  companyPatchSchema,
  companySchema,
  companyWriteSchema,
  duplicateMatchSchema,
  duplicateQuerySchema,
  idParamsSchema,
  pageSchema,
} from "@planerka/common";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { companySpec, presentCompany } from "./company.resource";
import { createCompanyOrThrow, findCompanyDuplicates, updateCompanyOrThrow } from "./company.service";
import { registerCrmCollectionRoutes } from "./crm-routes-kit";

export function companyRoutes(app: ApiApp, deps: ModuleDeps) {
  const { db } = deps;
  const read = { config: { permission: "crm:read" as const } };
  const write = { config: { permission: "crm:write" as const } };

  app.get(
    "/api/v1/companies/duplicates",
    {
      ...read,
      schema: { tags: ["crm"], querystring: duplicateQuerySchema, response: { 200: pageSchema(duplicateMatchSchema) } },
    },
    async (request) => {
      const items = await findCompanyDuplicates(db, actorOf(request).scope, request.query);
      return { items, total: items.length };
    },
  );

  registerCrmCollectionRoutes(app, deps, {
    path: "/api/v1/companies",
    spec: companySpec,
    tag: "crm",
    listQuery: companyListQuerySchema,
    item: companySchema,
    present: presentCompany,
    readPermission: "crm:read",
    writePermission: "crm:write",
  });

  app.post(
    "/api/v1/companies",
    { ...write, schema: { tags: ["crm"], body: companyWriteSchema, response: { 201: companySchema } } },
    async (request, reply) =>
      reply
        .status(201)
        .send(presentCompany(await createCompanyOrThrow(db, actorOf(request), request.body), actorOf(request).scope)),
  );

  app.patch(
    "/api/v1/companies/:id",
    {
      ...write,
      schema: { tags: ["crm"], params: idParamsSchema, body: companyPatchSchema, response: { 200: companySchema } },
    },
    async (request) =>
      presentCompany(
        await updateCompanyOrThrow(db, actorOf(request), request.params.id, request.body),
        actorOf(request).scope,
      ),
  );
}
