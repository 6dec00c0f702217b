import type { LinkableEntity, WorkflowDefinition } from "@planerka/common";
import { sql } from "drizzle-orm";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { type PollingWorker, startPollingWorker } from "../../platform/jobs/polling-worker";
import { advanceInstance, createInstance, endInstance } from "./workflow-engine";
import { loadRecord } from "./workflow-records";
import { notifyStalledApprovals } from "./workflow-stalled";

/** A job that failed this many times fails its instance. */
export const maxJobAttempts = 5;
const pollMilliseconds = 500;
/** Stall limits are hours; looking once a minute is soon enough. */
const stallCheckMilliseconds = 60_000;

interface JobRow {
  id: number;
  kind: "start" | "advance";
  instanceId: string | null;
  payload: { templateId?: string; entityId?: string; startedBy?: string | null };
  attempts: number;
  now: Date;
}

/**
 * Claims the next due job and runs it, in one transaction: the row lock is the claim, so of two
 * processes only one runs a job, and a crash rolls the claim and the work back together. The work
 * runs in a savepoint, so a step that throws leaves the claim to record the failure.
 */
async function runNextJob(db: Database): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [job] = await rows<JobRow>(
      tx,
      sql`select id, kind, instance_id as "instanceId", payload, attempts, now() as now from workflow_jobs
          where done_at is null and run_at <= now() order by run_at limit 1 for update skip locked`,
    );
    if (!job) return false;
    const now = new Date(job.now);
    try {
      await tx.transaction(async (inner) => runJob(inner, job, now));
    } catch (error) {
      await recordFailure(tx, job, error);
    }
    return true;
  });
}

async function runJob(tx: Database, job: JobRow, now: Date) {
  const instanceId = job.kind === "start" ? await startFromTrigger(tx, job.payload) : job.instanceId;
  const outcome = instanceId ? await advanceInstance(tx, instanceId, now) : ({ kind: "finished" } as const);
  if (outcome.kind === "wait" && job.kind === "advance") {
    await tx.execute(
      sql`update workflow_jobs set run_at = ${outcome.runAt.toISOString()}::timestamptz, attempts = 0, last_error = null
          where id = ${job.id}`,
    );
    return;
  }
  await tx.execute(sql`update workflow_jobs set done_at = now() where id = ${job.id}`);
  if (outcome.kind === "wait") {
    await tx.execute(
      sql`insert into workflow_jobs (kind, instance_id, run_at)
          values ('advance', ${instanceId}, ${outcome.runAt.toISOString()}::timestamptz)`,
    );
  }
}

/** A start queued by the database's triggers: the template must still be on and the record still there. */
async function startFromTrigger(tx: Executor, payload: JobRow["payload"]): Promise<string | null> {
  if (!payload.templateId || !payload.entityId) return null;
  const [template] = await rows<{ id: string; name: string; entity: LinkableEntity; definition: WorkflowDefinition }>(
    tx,
    sql`select id, name, entity, definition from workflow_templates
        where id = ${payload.templateId} and active and deleted_at is null`,
  );
  if (!template) return null;
  const record = await loadRecord(tx, template.entity, payload.entityId);
  if (!record || record.deleted) return null;
  return createInstance(tx, template, record.id, payload.startedBy ?? null);
}

async function recordFailure(tx: Executor, job: JobRow, error: unknown) {
  const attempts = job.attempts + 1;
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
  if (attempts >= maxJobAttempts) {
    await tx.execute(
      sql`update workflow_jobs set attempts = ${attempts}, last_error = ${message}, done_at = now() where id = ${job.id}`,
    );
    if (job.instanceId) await endInstance(tx, job.instanceId, "failed", message);
    return;
  }
  // 10 s, 20 s, 40 s, 80 s: a passing conflict clears, a broken step does not hammer the database.
  const backoffSeconds = 5 * 2 ** attempts;
  await tx.execute(
    sql`update workflow_jobs set attempts = ${attempts}, last_error = ${message},
          run_at = now() + make_interval(secs => ${backoffSeconds}) where id = ${job.id}`,
  );
}

/**
 * Runs due jobs one transaction each until none is due (or `limit` ran, or `shouldStop` says so).
 * The worker calls it on every poll; tests call it to run the engine by hand.
 */
export async function runDueWorkflowJobs(
  db: Database,
  options: { limit?: number; shouldStop?: () => boolean } = {},
): Promise<number> {
  const limit = options.limit ?? 1000;
  let count = 0;
  while (count < limit && !options.shouldStop?.()) {
    if (!(await runNextJob(db))) break;
    count++;
  }
  return count;
}

/**
 * Makes a waiting instance look at its step now (a decision, a finished task); queues a job when it
 * has none pending.
 */
export async function wakeInstance(executor: Executor, instanceId: string) {
  await executor.execute(
    sql`with woken as (
          update workflow_jobs set run_at = now()
          where instance_id = ${instanceId} and kind = 'advance' and done_at is null and run_at > now() returning id
        )
        insert into workflow_jobs (kind, instance_id)
        select 'advance', ${instanceId}::uuid
        where not exists (select 1 from woken)
          and not exists (select 1 from workflow_jobs where instance_id = ${instanceId} and done_at is null)
          and exists (select 1 from workflow_instances where id = ${instanceId} and status = 'running')`,
  );
}

export type WorkflowWorker = PollingWorker;

/**
 * Polls for due jobs; timers live in rows, so a restarted process picks up where the last one was.
 * Every `stallCheckMs` a pass also tells the people waited on about approvals that have stalled.
 */
export function startWorkflowWorker(
  db: Database,
  options: { pollMs?: number; stallCheckMs?: number; onError?: (error: unknown) => void } = {},
): WorkflowWorker {
  const stallCheckMs = options.stallCheckMs ?? stallCheckMilliseconds;
  let lastStallCheck = Number.NEGATIVE_INFINITY;
  return startPollingWorker(
    async (shouldStop) => {
      const ran = await runDueWorkflowJobs(db, { limit: 100, shouldStop });
      if (Date.now() - lastStallCheck >= stallCheckMs && !shouldStop()) {
        lastStallCheck = Date.now();
        await notifyStalledApprovals(db);
      }
      return ran;
    },
    { pollMs: options.pollMs ?? pollMilliseconds, onError: options.onError },
  );
}
