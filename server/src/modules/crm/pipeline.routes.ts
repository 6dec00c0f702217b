import { idParamsSchema, pipelinePatchSchema, pipelineSchema, pipelineWriteSchema } from "@planerka/common";
import { z } from "zod";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import {
  createPipelineOrThrow,
  deletePipelineOrThrow,
  findPipelineOrThrow,
  listPipelines,
  updatePipelineOrThrow,
} from "./pipeline.service";

/** Pipelines and their stages: every employee reads them, administrators change them. */
export function pipelineRoutes(app: ApiApp, deps: ModuleDeps) {
  const { db } = deps;
  const read = { config: { permission: "crm:read" as const } };
  const configure = { config: { permission: "crm:configure" as const } };
  const noContent = { 204: z.null() };

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
}
