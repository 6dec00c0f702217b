import {
  idParamsSchema,
  workflowApprovalListSchema,
  workflowApprovalSchema,
  workflowCountsQuerySchema,
  workflowCountsSchema,
  workflowDecisionSchema,
  workflowInstanceDetailSchema,
  workflowInstanceListQuerySchema,
  workflowInstancePageSchema,
  workflowInstanceSchema,
  workflowStartSchema,
} from "@planerka/common";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import { actorOf } from "../../platform/http/guard";
import { decideApprovalOrThrow, listMyApprovals } from "./workflow-approval.service";
import { installBuiltinWorkflowTemplates } from "./workflow-builtin";
import {
  cancelInstanceOrThrow,
  getInstanceOrThrow,
  instanceCountsOrThrow,
  listInstancesOrThrow,
  startInstanceOrThrow,
} from "./workflow-instance.service";
import { workflowTemplateRoutes } from "./workflow-template.routes";

/** Workflows (DESIGN.md section 6): templates, running instances and their approvals. */
export function workflowRoutes(app: ApiApp, deps: ModuleDeps) {
  const { db } = deps;
  const tags = ["workflows"];
  workflowTemplateRoutes(app, deps);

  app.post(
    "/api/v1/workflow-instances",
    {
      config: { permission: "workflows:write" },
      schema: { tags, body: workflowStartSchema, response: { 201: workflowInstanceSchema } },
    },
    async (request, reply) => reply.status(201).send(await startInstanceOrThrow(db, actorOf(request), request.body)),
  );
  app.get(
    "/api/v1/workflow-instances",
    {
      config: { permission: "workflows:read" },
      schema: { tags, querystring: workflowInstanceListQuerySchema, response: { 200: workflowInstancePageSchema } },
    },
    async (request) => listInstancesOrThrow(db, actorOf(request), request.query),
  );
  app.get(
    "/api/v1/workflow-instances/counts",
    {
      config: { permission: "workflows:read" },
      schema: { tags, querystring: workflowCountsQuerySchema, response: { 200: workflowCountsSchema } },
    },
    async (request) => instanceCountsOrThrow(db, actorOf(request), request.query.userId),
  );
  app.get(
    "/api/v1/workflow-instances/:id",
    {
      config: { permission: "workflows:read" },
      schema: { tags, params: idParamsSchema, response: { 200: workflowInstanceDetailSchema } },
    },
    async (request) => getInstanceOrThrow(db, actorOf(request), request.params.id),
  );
  app.post(
    "/api/v1/workflow-instances/:id/cancel",
    {
      config: { permission: "workflows:write" },
      schema: { tags, params: idParamsSchema, response: { 200: workflowInstanceDetailSchema } },
    },
    async (request) => cancelInstanceOrThrow(db, actorOf(request), request.params.id),
  );
  app.get(
    "/api/v1/workflow-approvals",
    {
      config: { permission: "workflows:read" },
      schema: { tags, response: { 200: workflowApprovalListSchema } },
    },
    async (request) => listMyApprovals(db, actorOf(request)),
  );
  app.post(
    "/api/v1/workflow-approvals/:id/decision",
    {
      config: { permission: "workflows:write" },
      schema: { tags, params: idParamsSchema, body: workflowDecisionSchema, response: { 200: workflowApprovalSchema } },
    },
    async (request) => decideApprovalOrThrow(db, actorOf(request), request.params.id, request.body),
  );

  // The shipped templates, once, switched off; a failure here must not keep the server from starting.
  app.addHook("onReady", async () => {
    await installBuiltinWorkflowTemplates(db).catch((error: unknown) =>
      app.log.error({ err: error }, "installing the built-in workflow templates failed"),
    );
  });
}
