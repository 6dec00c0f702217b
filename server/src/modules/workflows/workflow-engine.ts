import type { LinkableEntity, WorkflowDefinition } from "@planerka/common";
import { sql } from "drizzle-orm";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { loadRecord } from "./workflow-records";
import { checkStep, enterStep, type InstanceState, type StepResult, stallHoursOf } from "./workflow-steps";

/** A guard against a definition that slipped past validation: one job runs at most this many steps. */
const maxStepsPerJob = 500;

export interface TemplateToStart {
  id: string;
  name: string;
  entity: LinkableEntity;
  definition: WorkflowDefinition;
}

/** A new running instance at its first step, the definition copied so later edits never touch it. */
export async function createInstance(
  executor: Executor,
  template: TemplateToStart,
  entityId: string,
  startedBy: string | null,
): Promise<string> {
  const first = template.definition.steps.find((step) => step.id === template.definition.startStepId);
  if (!first) throw new Error(`The template has no step "${template.definition.startStepId}"`);
  const [created] = await rows<{ id: string }>(
    executor,
    sql`insert into workflow_instances (template_id, template_name, definition, entity, entity_id, current_step_id,
          step_started_at, stall_hours, started_by)
        values (${template.id}, ${template.name}, ${JSON.stringify(template.definition)}::jsonb, ${template.entity},
          ${entityId}, ${first.id}, now(), ${stallHoursOf(first)}, ${startedBy})
        returning id`,
  );
  return created!.id;
}

async function lockInstance(tx: Executor, id: string): Promise<InstanceState | undefined> {
  const [instance] = await rows<InstanceState>(
    tx,
    sql`select id, template_name as "templateName", definition, entity, entity_id as "entityId", status,
               current_step_id as "currentStepId", step_started_at as "stepStartedAt", started_by as "startedBy"
        from workflow_instances where id = ${id} for update`,
  );
  if (instance?.stepStartedAt) instance.stepStartedAt = new Date(instance.stepStartedAt);
  return instance;
}

/** The run of the current step that is still waiting, if the step was entered already. */
async function waitingRun(tx: Executor, instanceId: string, stepId: string) {
  const [run] = await rows<{ id: number; detail: Record<string, unknown> }>(
    tx,
    sql`select id, detail from workflow_step_runs
        where instance_id = ${instanceId} and status = 'running' and step_id = ${stepId}
        order by seq desc limit 1`,
  );
  return run ? { id: Number(run.id), detail: run.detail } : undefined;
}

/** Each run takes the next number of its instance; the unique (instance, seq) refuses a second copy. */
async function insertRun(tx: Executor, instance: InstanceState, step: WorkflowDefinition["steps"][number]) {
  const [run] = await rows<{ id: number }>(
    tx,
    sql`with counted as (update workflow_instances set step_count = step_count + 1 where id = ${instance.id} returning step_count)
        insert into workflow_step_runs (instance_id, seq, step_id, step_type, step_name, status)
        select ${instance.id}, step_count, ${step.id}, ${step.type}, ${step.name}, 'running' from counted
        returning id`,
  );
  return { id: Number(run!.id), detail: {} as Record<string, unknown> };
}

async function finishRun(
  tx: Executor,
  runId: number,
  result: { outcome: string; detail?: Record<string, unknown>; actorId?: string | null },
) {
  await tx.execute(
    sql`update workflow_step_runs set status = 'done', outcome = ${result.outcome}, finished_at = now(),
          detail = detail || ${JSON.stringify(result.detail ?? {})}::jsonb, actor_id = ${result.actorId ?? null}
        where id = ${runId}`,
  );
}

async function saveWaitDetail(tx: Executor, runId: number, detail: Record<string, unknown> | undefined) {
  if (!detail || Object.keys(detail).length === 0) return;
  await tx.execute(
    sql`update workflow_step_runs set detail = detail || ${JSON.stringify(detail)}::jsonb where id = ${runId}`,
  );
}

export type AdvanceOutcome = { kind: "wait"; runAt: Date } | { kind: "finished" };

/**
 * Runs the instance from its current step until a step waits or the workflow ends, in the caller's
 * transaction (the job's). The instance row is locked first, so a cancel or a second job waits.
 */
export async function advanceInstance(tx: Database, instanceId: string, now: Date): Promise<AdvanceOutcome> {
  const instance = await lockInstance(tx, instanceId);
  if (instance?.status !== "running") return { kind: "finished" };
  let record = await loadRecord(tx, instance.entity, instance.entityId);
  if (!record || record.deleted) {
    await endInstance(tx, instance.id, "cancelled", "Запись удалена");
    return { kind: "finished" };
  }
  for (let count = 0; count < maxStepsPerJob; count++) {
    const stepId = instance.currentStepId;
    if (stepId === null) {
      await endInstance(tx, instance.id, "completed", null);
      return { kind: "finished" };
    }
    const step = instance.definition.steps.find((candidate) => candidate.id === stepId);
    if (!step) throw new Error(`The workflow has no step "${stepId}"`);
    const waiting = await waitingRun(tx, instance.id, step.id);
    const run = waiting ?? (await insertRun(tx, instance, step));
    const context = { tx, instance, record, now, run };
    const result: StepResult = waiting ? await checkStep(context, step) : await enterStep(context, step);
    if (result.kind === "wait") {
      await saveWaitDetail(tx, run.id, result.detail);
      return { kind: "wait", runAt: result.runAt };
    }
    await finishRun(tx, run.id, result);
    if (result.recordChanged) {
      record = (await loadRecord(tx, instance.entity, instance.entityId)) ?? record;
    }
    await moveToStep(tx, instance, result.next, now);
  }
  throw new Error(`More than ${maxStepsPerJob} steps in one run`);
}

async function moveToStep(tx: Executor, instance: InstanceState, nextId: string | null, now: Date) {
  const next = nextId === null ? undefined : instance.definition.steps.find((step) => step.id === nextId);
  if (nextId !== null && !next) throw new Error(`The workflow has no step "${nextId}"`);
  await tx.execute(
    sql`update workflow_instances set current_step_id = ${nextId}, step_started_at = now(),
          stall_hours = ${next ? stallHoursOf(next) : null}
        where id = ${instance.id}`,
  );
  instance.currentStepId = nextId;
  instance.stepStartedAt = now;
}

/** Completed, failed or cancelled: the instance stops, its waiting step and its pending jobs with it. */
export async function endInstance(
  tx: Executor,
  instanceId: string,
  status: "completed" | "failed" | "cancelled",
  error: string | null,
  actorId: string | null = null,
) {
  await tx.execute(
    sql`update workflow_instances set status = ${status}, error = ${error}, finished_at = now(),
          current_step_id = case when ${status} = 'completed' then null else current_step_id end,
          version = version + 1
        where id = ${instanceId}`,
  );
  await tx.execute(
    sql`update workflow_step_runs set status = ${status === "failed" ? "failed" : "cancelled"}, finished_at = now(),
          actor_id = ${actorId}
        where instance_id = ${instanceId} and status = 'running'`,
  );
  await tx.execute(sql`update workflow_jobs set done_at = now() where instance_id = ${instanceId} and done_at is null`);
}
