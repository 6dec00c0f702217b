import {
  activityCompleteSchema,
  activityCopyDayResultSchema,
  activityCopyDaySchema,
  activityListQuerySchema,
  activityPatchSchema,
  activitySchema,
  activityTypePatchSchema,
  activityTypeSchema,
  activityTypeWriteSchema,
  activityWriteSchema,
  idParamsSchema,
  pageSchema,
  pipelinePatchSchema,
  pipelineSchema,
  pipelineWriteSchema,
  savedFilterSchema,
  savedFilterWriteSchema,
} from "@planerka/common";
import { z } from "zod";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { completeActivityOrThrow, createActivityOrThrow, updateActivityOrThrow } from "./activity.service";
import { activitySpec, presentActivity } from "./activity.spec";
import { copyActivityDayOrThrow } from "./activity-copy.service";
import {
  createActivityTypeOrThrow,
  deleteActivityTypeOrThrow,
  listActivityTypes,
  updateActivityTypeOrThrow,
} from "./activity-type.service";
import { registerCrmCollectionRoutes } from "./crm-routes-kit";
import {
  createPipelineOrThrow,
  deletePipelineOrThrow,
  findPipelineOrThrow,
  listPipelines,
  updatePipelineOrThrow,
} from "./pipeline.service";
import { createSavedFilter, deleteSavedFilterOrThrow, listSavedFilters } from "./saved-filter.service";

export function activityRoutes(app: ApiApp, deps: ModuleDeps) {
  const { db } = deps;
  const read = { config: { permission: "crm:read" as const } };
  const write = { config: { permission: "crm:write" as const } };
  const configure = { config: { permission: "crm:configure" as const } };
  const noContent = { 204: z.null() };

  registerCrmCollectionRoutes(app, deps, {
    path: "/api/v1/activities",
    spec: activitySpec,
    tag: "crm",
    listQuery: activityListQuerySchema,
    item: activitySchema,
    present: presentActivity,
    readPermission: "crm:read",
    writePermission: "crm:write",
  });
  app.post(
    "/api/v1/activities",
    { ...write, schema: { tags: ["crm"], body: activityWriteSchema, response: { 201: activitySchema } } },
    async (request, reply) =>
      reply.status(201).send(presentActivity(await createActivityOrThrow(db, actorOf(request), request.body))),
  );
  app.post(
    "/api/v1/activities/copy-day",
    {
      ...write,
      schema: {
        tags: ["crm"],
        description: "One day's activities planned again on another day, in one transaction",
        body: activityCopyDaySchema,
        response: { 201: activityCopyDayResultSchema },
      },
    },
    async (request, reply) => {
      const { items, total } = await copyActivityDayOrThrow(db, actorOf(request), request.body);
      return reply.status(201).send({ items: items.map(presentActivity), total });
    },
  );
  app.patch(
    "/api/v1/activities/:id",
    {
      ...write,
      schema: { tags: ["crm"], params: idParamsSchema, body: activityPatchSchema, response: { 200: activitySchema } },
    },
    async (request) =>
      presentActivity(await updateActivityOrThrow(db, actorOf(request), request.params.id, request.body)),
  );
  app.post(
    "/api/v1/activities/:id/complete",
    {
      ...write,
      schema: {
        tags: ["crm"],
        params: idParamsSchema,
        body: activityCompleteSchema,
        response: { 200: activitySchema },
      },
    },
    async (request) =>
      presentActivity(await completeActivityOrThrow(db, actorOf(request), request.params.id, request.body)),
  );

  app.get(
    "/api/v1/pipelines",
    {
      ...read,
      schema: { tags: ["crm"], response: { 200: z.object({ items: z.array(pipelineSchema), total: z.number() }) } },
    },
    async () => {
      const items = await listPipelines(db);
      return { items, total: items.length };
    },
  );
  app.get(
    "/api/v1/pipelines/:id",
    { ...read, schema: { tags: ["crm"], params: idParamsSchema, response: { 200: pipelineSchema } } },
    async (request) => findPipelineOrThrow(db, request.params.id),
  );
  app.post(
    "/api/v1/pipelines",
    { ...configure, schema: { tags: ["crm"], body: pipelineWriteSchema, response: { 201: pipelineSchema } } },
    async (request, reply) => reply.status(201).send(await createPipelineOrThrow(db, actorOf(request), request.body)),
  );
  app.patch(
    "/api/v1/pipelines/:id",
    {
      ...configure,
      schema: { tags: ["crm"], params: idParamsSchema, body: pipelinePatchSchema, response: { 200: pipelineSchema } },
    },
    async (request) => updatePipelineOrThrow(db, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    "/api/v1/pipelines/:id",
    { ...configure, schema: { tags: ["crm"], params: idParamsSchema, response: noContent } },
    async (request, reply) => {
      await deletePipelineOrThrow(db, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

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
