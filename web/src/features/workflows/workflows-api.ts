import {
  type LinkableEntity,
  type WorkflowApproval,
  type WorkflowInstance,
  type WorkflowTemplate,
  type WorkflowTemplateInput,
  workflowApprovalListSchema,
  workflowCountsSchema,
  workflowInstanceDetailSchema,
  workflowInstancePageSchema,
  workflowInstanceSchema,
  workflowTemplateListSchema,
  workflowTemplateSchema,
} from "@planerka/common";
import { keepPreviousData, type QueryClient, queryOptions } from "@tanstack/react-query";
import { api, apiVoid } from "../../lib/api";

export type WorkflowTrigger = WorkflowTemplate["trigger"];

// Templates (administrators) ------------------------------------------------------------------------

export interface TemplateListParams {
  entity?: LinkableEntity;
  trigger?: WorkflowTrigger;
  active?: "true" | "false";
}

export function templatesQuery(params: TemplateListParams = {}) {
  return queryOptions({
    queryKey: ["workflows", "templates", params],
    queryFn: ({ signal }) => api("/workflow-templates", workflowTemplateListSchema, { signal, query: { ...params } }),
    select: (list) => list.items,
  });
}

export function templateQuery(id: string) {
  return queryOptions({
    queryKey: ["workflows", "template", id],
    queryFn: ({ signal }) => api(`/workflow-templates/${id}`, workflowTemplateSchema, { signal }),
  });
}

export function createTemplate(input: WorkflowTemplateInput): Promise<WorkflowTemplate> {
  return api("/workflow-templates", workflowTemplateSchema, { method: "POST", json: input });
}

export function updateTemplate(
  id: string,
  patch: Partial<WorkflowTemplateInput> & { version: number },
): Promise<WorkflowTemplate> {
  return api(`/workflow-templates/${id}`, workflowTemplateSchema, { method: "PATCH", json: patch });
}

export function deleteTemplate(id: string): Promise<void> {
  return apiVoid(`/workflow-templates/${id}`, { method: "DELETE" });
}

// Instances -----------------------------------------------------------------------------------------

export type InstanceStatusFilter = "running" | "finished" | "completed" | "failed" | "cancelled";

export interface InstanceListParams {
  limit: number;
  offset?: number;
  entity?: LinkableEntity;
  entityId?: string;
  templateId?: string;
  userId?: string;
  status?: InstanceStatusFilter;
  stalled?: "true" | "false";
}

/** A running instance that moved within this long is polled quickly: the engine is likely still at it. */
const freshMinutes = 2;

export function instancesQuery(params: InstanceListParams) {
  return queryOptions({
    queryKey: ["workflows", "instances", params],
    queryFn: ({ signal }) => api("/workflow-instances", workflowInstancePageSchema, { signal, query: { ...params } }),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => {
      const running = query.state.data?.items.filter((instance) => instance.status === "running") ?? [];
      if (running.length === 0) return false;
      return running.some((instance) => (instance.waitingMinutes ?? 0) < freshMinutes) ? 2_000 : 30_000;
    },
  });
}

export function instanceQuery(id: string) {
  return queryOptions({
    queryKey: ["workflows", "instance", id],
    queryFn: ({ signal }) => api(`/workflow-instances/${id}`, workflowInstanceDetailSchema, { signal }),
    refetchInterval: (query) => {
      const instance = query.state.data;
      if (instance?.status !== "running") return false;
      return (instance.waitingMinutes ?? 0) < freshMinutes ? 2_000 : 30_000;
    },
  });
}

export function workflowCountsQuery(userId: string) {
  return queryOptions({
    queryKey: ["workflows", "counts", userId],
    queryFn: ({ signal }) => api("/workflow-instances/counts", workflowCountsSchema, { signal, query: { userId } }),
    select: (answer) => answer.items.find((item) => item.userId === userId) ?? { userId, running: 0, stalled: 0 },
  });
}

/** Answers the new instance (a detail or a list row: only the common part is read). */
export function startWorkflow(templateId: string, entityId: string): Promise<WorkflowInstance> {
  return api("/workflow-instances", workflowInstanceSchema, {
    method: "POST",
    json: { templateId, entityId },
  });
}

/** The answer's body is not read: the views refetch what changed. */
export function cancelWorkflow(id: string): Promise<void> {
  return apiVoid(`/workflow-instances/${id}/cancel`, { method: "POST", json: {} });
}

// Approvals -----------------------------------------------------------------------------------------

export const myApprovalsQuery = queryOptions({
  queryKey: ["workflows", "approvals"],
  queryFn: ({ signal }) => api("/workflow-approvals", workflowApprovalListSchema, { signal }),
  select: (list) => list.items,
  refetchInterval: 60_000,
});

export type Decision = NonNullable<WorkflowApproval["decision"]>;

export function decideApproval(id: string, decision: Decision, comment: string): Promise<void> {
  const trimmed = comment.trim();
  return apiVoid(`/workflow-approvals/${id}/decision`, {
    method: "POST",
    json: { decision, ...(trimmed ? { comment: trimmed } : {}) },
  });
}

/** After a start, a decision or a cancel: every list, count and card panel may show that instance. */
export function refreshWorkflows(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: ["workflows"] });
}
