import { idParamsSchema, pageSchema, savedFilterSchema, savedFilterWriteSchema } from "@planerka/common";
import { z } from "zod";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { createSavedFilter, deleteSavedFilterOrThrow, listSavedFilters } from "./saved-filter.service";

/** A person's saved list filters. */
export function savedFilterRoutes(app: ApiApp, deps: ModuleDeps) {
  const { db } = deps;
  const read = { config: { permission: "crm:read" as const } };
  const write = { config: { permission: "crm:write" as const } };
  const noContent = { 204: z.null() };

  app.get(
    "/api/v1/saved-filters",
    {
      ...read,
      schema: {
        tags: ["crm"],
        querystring: z.object({ entity: savedFilterWriteSchema.shape.entity.optional() }),
        response: { 200: pageSchema(savedFilterSchema) },
      },
    },
    async (request) => {
      const items = await listSavedFilters(db, actorOf(request), request.query.entity);
      return { items, total: items.length };
    },
  );

  app.post(
    "/api/v1/saved-filters",
    { ...write, schema: { tags: ["crm"], body: savedFilterWriteSchema, response: { 201: savedFilterSchema } } },
    async (request, reply) => reply.status(201).send(await createSavedFilter(db, actorOf(request), request.body)),
  );

  app.delete(
    "/api/v1/saved-filters/:id",
    { ...write, schema: { tags: ["crm"], params: idParamsSchema, response: noContent } },
    async (request, reply) => {
      await deleteSavedFilterOrThrow(db, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
