import {
  activityTypePatchSchema,
  activityTypeSchema,
  activityTypeWriteSchema,
  idParamsSchema,
  pageSchema,
} from "@planerka/common";
import { z } from "zod";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import {
  createActivityTypeOrThrow,
  deleteActivityTypeOrThrow,
  listActivityTypes,
  updateActivityTypeOrThrow,
} from "./activity-type.service";

/** Activity types (the weekly table's columns, norms and weights): read by all, changed by administrators. */
export function activityTypeRoutes(app: ApiApp, deps: ModuleDeps) {
  const { db } = deps;
  const read = { config: { permission: "crm:read" as const } };
  const configure = { config: { permission: "crm:configure" as const } };
  const noContent = { 204: z.null() };

  app.get(
    "/api/v1/activity-types",
    { ...read, schema: { tags: ["crm"], response: { 200: pageSchema(activityTypeSchema) } } },
    async () => {
      const items = await listActivityTypes(db);
      return { items, total: items.length };
    },
  );

  app.post(
    "/api/v1/activity-types",
    { ...configure, schema: { tags: ["crm"], body: activityTypeWriteSchema, response: { 201: activityTypeSchema } } },
    async (request, reply) =>
      reply.status(201).send(await createActivityTypeOrThrow(db, actorOf(request), request.body)),
  );

  app.patch(
    "/api/v1/activity-types/:id",
    {
      ...configure,
      schema: {
        tags: ["crm"],
        params: idParamsSchema,
        body: activityTypePatchSchema,
        response: { 200: activityTypeSchema },
      },
    },
    async (request) => updateActivityTypeOrThrow(db, actorOf(request), request.params.id, request.body),
  );

  app.delete(
    "/api/v1/activity-types/:id",
    { ...configure, schema: { tags: ["crm"], params: idParamsSchema, response: noContent } },
    async (request, reply) => {
      await deleteActivityTypeOrThrow(db, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
