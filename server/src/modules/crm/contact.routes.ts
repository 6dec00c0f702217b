import {
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
import { contactSpec, presentContact } from "./contact.resource";
import { createContactOrThrow, findContactDuplicates, updateContactOrThrow } from "./contact.service";
import { registerCrmCollectionRoutes } from "./crm-routes-kit";

export function contactRoutes(app: ApiApp, deps: ModuleDeps) {
  const { db } = deps;
  const read = { config: { permission: "crm:read" as const } };
  const write = { config: { permission: "crm:write" as const } };

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
      reply
        .status(201)
        .send(presentContact(await createContactOrThrow(db, actorOf(request), request.body), actorOf(request).scope)),
  );

  app.patch(
    "/api/v1/contacts/:id",
    {
      ...write,
      schema: { tags: ["crm"], params: idParamsSchema, body: contactPatchSchema, response: { 200: contactSchema } },
    },
    async (request) =>
      presentContact(
        await updateContactOrThrow(db, actorOf(request), request.params.id, request.body),
        actorOf(request).scope,
      ),
  );
}
