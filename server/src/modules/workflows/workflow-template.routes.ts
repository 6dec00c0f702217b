import {
  idParamsSchema,
  workflowTemplateListQuerySchema,
  workflowTemplateListSchema,
  workflowTemplatePatchSchema,
  workflowTemplateSchema,
  workflowTemplateWriteSchema,
} from "@planerka/common";
import { z } from "zod";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import {
  createTemplateOrThrow,
  deleteTemplateOrThrow,
  getTemplateOrThrow,
  listTemplates,
  updateTemplateOrThrow,
} from "./workflow-template.service";

// The definition is parsed by the service, so its problems come back as 422 with every path at
// once, next to the problems only the database can tell (stages, users, activity types).
const definitionBody = z
  .unknown()
  .describe("A workflow definition: { startStepId, steps } as `workflowDefinitionSchema` in @planerka/common");
const templateBodySchema = workflowTemplateWriteSchema.extend({ definition: definitionBody });
const templatePatchBodySchema = workflowTemplatePatchSchema.extend({ definition: definitionBody.optional() });

export function workflowTemplateRoutes(app: ApiApp, { db }: ModuleDeps) {
  const tags = ["workflows"];
  app.get(
    "/api/v1/workflow-templates",
    {
      config: { permission: "workflows:read" },
      schema: { tags, querystring: workflowTemplateListQuerySchema, response: { 200: workflowTemplateListSchema } },
    },
    async (request) => listTemplates(db, actorOf(request), request.query),
  );
  app.post(
    "/api/v1/workflow-templates",
    {
      config: { permission: "workflows:configure" },
      schema: { tags, body: templateBodySchema, response: { 201: workflowTemplateSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(
        await createTemplateOrThrow(db, actorOf(request), {
          ...request.body,
          triggerStageId: request.body.triggerStageId ?? null,
        }),
      ),
  );
  app.get(
    "/api/v1/workflow-templates/:id",
    {
      config: { permission: "workflows:configure" },
      schema: { tags, params: idParamsSchema, response: { 200: workflowTemplateSchema } },
    },
    async (request) => getTemplateOrThrow(db, request.params.id),
  );
  app.patch(
    "/api/v1/workflow-templates/:id",
    {
      config: { permission: "workflows:configure" },
      schema: {
        tags,
        params: idParamsSchema,
        body: templatePatchBodySchema,
        response: { 200: workflowTemplateSchema },
      },
    },
    async (request) => updateTemplateOrThrow(db, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    "/api/v1/workflow-templates/:id",
    {
      config: { permission: "workflows:configure" },
      schema: { tags, params: idParamsSchema, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await deleteTemplateOrThrow(db, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
