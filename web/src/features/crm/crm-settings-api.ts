import { type Pipeline, pipelineSchema, type StageSemantic } from "@planerka/common";
import { type QueryClient, queryOptions } from "@tanstack/react-query";
import { api, apiVoid, ProblemError } from "../../lib/api";
import { isStaleVersion } from "../../lib/notify";
import { itemsSchema } from "./activities-api";

const pipelineListSchema = itemsSchema(pipelineSchema);

export const pipelinesQuery = queryOptions({
  queryKey: ["pipelines"],
  queryFn: ({ signal }) => api("/pipelines", pipelineListSchema, { signal }),
  select: (list) => list.items,
});

export interface StageInput {
  id?: string;
  name: string;
  color: string;
  semantic: StageSemantic;
}

export interface PipelineInput {
  name: string;
  stages: StageInput[];
}

export function createPipeline(input: PipelineInput): Promise<Pipeline> {
  return api("/pipelines", pipelineSchema, { method: "POST", json: input });
}

export function updatePipeline(id: string, patch: Partial<PipelineInput> & { version: number }): Promise<Pipeline> {
  return api(`/pipelines/${id}`, pipelineSchema, { method: "PATCH", json: patch });
}

export function deletePipeline(id: string): Promise<void> {
  return apiVoid(`/pipelines/${id}`, { method: "DELETE" });
}

/** Pipelines show in CRM too (deal forms, kanban): their caches follow a change here. */
export function refreshPipelines(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: ["pipelines"] });
  void queryClient.invalidateQueries({ queryKey: ["crm", "pipelines"] });
  void queryClient.invalidateQueries({ queryKey: ["crm", "deals", "kanban"] });
}

/**
 * A refusal (409) explained in the user's language; the server's own words follow in brackets,
 * since a 409 may have a reason other than the usual one.
 */
export function explainConflict(error: unknown, reason: string): unknown {
  if (!(error instanceof ProblemError) || error.status !== 409 || isStaleVersion(error)) return error;
  const detail = error.detail ? `${reason} (${error.detail})` : reason;
  return new ProblemError({ type: error.type, title: error.title, status: error.status, detail, errors: error.errors });
}
