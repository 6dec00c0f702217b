import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { type Database, rows } from "../../platform/db/database";
import type { Client } from "../../testing/test-app";
import { runDueWorkflowJobs } from "./workflow-worker";

/** What tests build templates from; steps as the API takes them. */
export function templateBody(overrides: Record<string, unknown> & { steps?: unknown[]; startStepId?: string } = {}) {
  const { steps, startStepId, ...rest } = overrides;
  return {
    name: "Тестовый процесс",
    entity: "deal",
    trigger: "manual",
    active: true,
    definition: {
      startStepId: startStepId ?? "first",
      steps: steps ?? [
        { id: "first", name: "Уведомить", type: "notify", recipient: { kind: "owner" }, message: "Привет", next: null },
      ],
    },
    ...rest,
  };
}

export async function createTemplate(admin: Client, body: Record<string, unknown>) {
  const response = await admin.request("POST", "/api/v1/workflow-templates", body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; version: number };
}

export async function createDeal(client: Client, body: Record<string, unknown> = {}) {
  const response = await client.request("POST", "/api/v1/deals", { title: "Сварочный аппарат", amount: 1000, ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; version: number; ownerId: string; stageId: string };
}

export async function startInstance(client: Client, templateId: string, entityId: string) {
  const response = await client.request("POST", "/api/v1/workflow-instances", { templateId, entityId });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string };
}

/** Runs every due job, as the worker would on its next poll. */
export const runJobs = (db: Database) => runDueWorkflowJobs(db);

export async function instanceState(db: Database, id: string) {
  const [row] = await rows<{ status: string; currentStepId: string | null; error: string | null }>(
    db,
    sql`select status, current_step_id as "currentStepId", error from workflow_instances where id = ${id}`,
  );
  return row!;
}

export async function stepRuns(db: Database, instanceId: string) {
  return rows<{ seq: number; stepId: string; status: string; outcome: string | null }>(
    db,
    sql`select seq, step_id as "stepId", status, outcome from workflow_step_runs where instance_id = ${instanceId} order by seq`,
  );
}

export async function notificationsOf(db: Database, userId: string, kind: string) {
  return rows<{ title: string; body: string | null; link: string | null }>(
    db,
    sql`select title, body, link from notifications where user_id = ${userId} and kind = ${kind} order by created_at, id`,
  );
}

/** The default pipeline's stages, in order. */
export async function pipelineStages(db: Database) {
  return rows<{ id: string; name: string; semantic: string }>(
    db,
    sql`select s.id, s.name, s.semantic from stages s join pipelines p on p.id = s.pipeline_id
        order by p.is_default desc, p.sort, s.sort`,
  );
}
