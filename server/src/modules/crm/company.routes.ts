import {
  companyListQuerySchema,
  companyPatchSchema,
  companySchema,
  companyWriteSchema,
  contactListQuerySchema,
  contactPatchSchema,
  contactSchema,
  contactWriteSchema,
  duplicateMatchSchema,
  duplicateQuerySchema,
  idParamsSchema,
  pageSchema,
} from "@planerka/common";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { createCompanyOrThrow, findCompanyDuplicates, updateCompanyOrThrow } from "./company.service";
import { companySpec, presentCompany } from "./company.spec";
import { createContactOrThrow, findContactDuplicates, updateContactOrThrow } from "./contact.service";
import { contactSpec, presentContact } from "./contact.spec";
import { registerCrmCollectionRoutes } from "./crm-routes-kit";

export function companyRoutes(app: ApiApp, deps: ModuleDeps) {
  const { db } = deps;
  const read = { config: { permission: "crm:read" as const } };
  const write = { config: { permission: "crm:write" as const } };

  // Registered before the collection's `/:id` so "duplicates" is not taken for an id.
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
      reply.status(201).send(presentCompany(await createCompanyOrThrow(db, actorOf(request), request.body))),
  );
  app.patch(
    "/api/v1/companies/:id",
    {
      ...write,
      schema: { tags: ["crm"], params: idParamsSchema, body: companyPatchSchema, response: { 200: companySchema } },
    },
    async (request) =>
      presentCompany(await updateCompanyOrThrow(db, actorOf(request), request.params.id, request.body)),
  );

  app.get(
    "/api/v1/contacts/duplicates",
    {
      ...read,
      schema: { tags: ["crm"], querystring: duplicateQuerySchema, response: { 200: pageSchema(duplicateMatchSchema) } },
    },
    async (request) => {
      const items = await findContactDuplicates(db, actorOf(request).scope, request.query);
      return { items, total: items.length };
    },
  );
  registerCrmCollectionRoutes(app, deps, {
    path: "/api/v1/contacts",
    spec: contactSpec,
    tag: "crm",
    listQuery: contactListQuerySchema,
    item: contactSchema,
    present: presentContact,
    readPermission: "crm:read",
    writePermission: "crm:write",
  });
  app.post(
    "/api/v1/contacts",
    { ...write, schema: { tags: ["crm"], body: contactWriteSchema, response: { 201: contactSchema } } },
    async (request, reply) =>
      reply.status(201).send(presentContact(await createContactOrThrow(db, actorOf(request), request.body))),
  );
  app.patch(
    "/api/v1/contacts/:id",
    {
      ...write,
      schema: { tags: ["crm"], params: idParamsSchema, body: contactPatchSchema, response: { 200: contactSchema } },
    },
    async (request) =>
      presentContact(await updateContactOrThrow(db, actorOf(request), request.params.id, request.body)),
  );
}
