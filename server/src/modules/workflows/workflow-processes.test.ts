import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { workflowDefinitionSchema } from "@planerka/common";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, rows } from "../../platform/db/database";
import { createTestCompany, createUser } from "../../testing/factories";
import { openTestDatabase } from "../../testing/test-database";

const serverUrl = process.env.TEST_DATABASE_URL;
const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "workflow-worker-process.ts");
const instanceCount = 200;
const expectedSteps = ["tell", "mark", "big", "call", "pause", "done"];

const definition = workflowDefinitionSchema.parse({
  startStepId: "tell",
  steps: [
    { id: "tell", name: "Сообщить", type: "notify", recipient: { kind: "owner" }, message: "Начали", next: "mark" },
    { id: "mark", name: "Источник", type: "set_field", field: "source", value: "workflow", next: "big" },
    {
      id: "big",
      name: "Крупная?",
      type: "branch",
      condition: { field: "amount", op: "gt", value: 100 },
      ifTrue: "call",
      ifFalse: "done",
    },
    {
      id: "call",
      name: "Звонок",
      type: "activity",
      activityTypeCode: "call_out_deal",
      subject: "Звонок",
      assignee: { kind: "owner" },
      next: "pause",
    },
    { id: "pause", name: "Пауза", type: "wait", minutes: 1, next: "done" },
    { id: "done", name: "Готово", type: "notify", recipient: { kind: "owner" }, message: "Готово", next: null },
  ],
});

interface Worker {
  child: ChildProcess;
  output: string;
  ready: Promise<void>;
  exited: Promise<number | null>;
}

function spawnWorker(url: string): Worker {
  const child = spawn(process.execPath, ["--import", "tsx", script, url, "120"], {
    cwd: process.cwd(),
    stdio: ["ignore", "pipe", "inherit"],
  });
  const worker = { child, output: "" } as Worker;
  worker.ready = new Promise((resolve) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      worker.output += chunk.toString();
      if (worker.output.includes("ready")) resolve();
    });
  });
  worker.exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
  return worker;
}

const processedBy = (worker: Worker) => JSON.parse(worker.output.trim().split("\n").at(-1)!).processed as number;

describe.skipIf(!serverUrl)("workflow workers in two processes on one PostgreSQL", () => {
  let handle: DatabaseHandle;
  const workers: Worker[] = [];

  beforeAll(async () => {
    handle = await openTestDatabase();
  }, 60_000);
  afterAll(async () => {
    for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill("SIGKILL");
    await handle?.close();
  });

  const count = async (query: ReturnType<typeof sql>) => (await rows<{ count: number }>(handle.db, query))[0]!.count;

  it(`runs each step of ${instanceCount} instances exactly once`, { timeout: 120_000 }, async () => {
    const db = handle.db;
    const { rootUnitId } = await createTestCompany(db);
    const owners = [await createUser(db, { unitId: rootUnitId }), await createUser(db, { unitId: rootUnitId })];
    await db.execute(
      sql`insert into workflow_templates (name, entity, trigger, definition, active)
          values ('Нагрузка', 'deal', 'created', ${JSON.stringify(definition)}::jsonb, true)`,
    );
    const [database] = await rows<{ name: string }>(db, sql`select current_database() as name`);
    const url = new URL(serverUrl!);
    url.pathname = `/${database!.name}`;
    workers.push(spawnWorker(url.toString()), spawnWorker(url.toString()));
    await Promise.all(workers.map((worker) => worker.ready));

    // One statement creates the deals; the table's trigger queues a start job for each.
    await db.execute(
      sql`insert into deals (title, pipeline_id, stage_id, amount, owner_id)
          select 'Сделка ' || n, s.pipeline_id, s.id, 1000 + n, (array[${owners[0]!.id}::uuid, ${owners[1]!.id}::uuid])[1 + n % 2]
          from generate_series(1, ${instanceCount}) n, (select id, pipeline_id from stages order by sort limit 1) s`,
    );
    const waiting = sql`select count(*)::int as count from workflow_step_runs where step_id = 'pause' and status = 'running'`;
    await expect.poll(() => count(waiting), { timeout: 60_000, interval: 200 }).toBe(instanceCount);

    // The minute passes: both workers see every timer fall due at once.
    await db.execute(
      sql`update workflow_instances set step_started_at = step_started_at - interval '2 minutes' where status = 'running'`,
    );
    await db.execute(sql`update workflow_jobs set run_at = now() where done_at is null`);
    const completed = sql`select count(*)::int as count from workflow_instances where status = 'completed'`;
    await expect.poll(() => count(completed), { timeout: 60_000, interval: 200 }).toBe(instanceCount);

    for (const worker of workers) worker.child.kill("SIGTERM");
    expect(await Promise.all(workers.map((worker) => worker.exited))).toEqual([0, 0]);
    const processed = workers.map(processedBy);
    // A start job and the advance after the wait per instance; a step run twice would show here too.
    expect(processed[0]! + processed[1]!).toBe(2 * instanceCount);
    expect(
      processed.every((jobs) => jobs > 0),
      `both processes ran jobs: ${processed}`,
    ).toBe(true);

    const runs = await rows<{ instanceId: string; steps: string[]; seqs: number[] }>(
      db,
      sql`select instance_id as "instanceId", array_agg(step_id order by seq) as steps, array_agg(seq order by seq) as seqs
          from workflow_step_runs group by instance_id`,
    );
    expect(runs).toHaveLength(instanceCount);
    for (const run of runs) {
      expect(run.steps).toEqual(expectedSteps);
      expect(run.seqs.map(Number)).toEqual([1, 2, 3, 4, 5, 6]);
    }
    expect(await count(sql`select count(*)::int as count from notifications where kind = 'workflow_notice'`)).toBe(
      2 * instanceCount,
    );
    expect(await count(sql`select count(*)::int as count from activities where origin = 'workflow'`)).toBe(
      instanceCount,
    );
    expect(await count(sql`select count(*)::int as count from deals where source = 'workflow' and version = 2`)).toBe(
      instanceCount,
    );
    expect(await count(sql`select count(*)::int as count from workflow_jobs where done_at is null`)).toBe(0);
  });
});

describe.skipIf(serverUrl)("workflow workers in two processes", () => {
  it.skip("need PostgreSQL: set TEST_DATABASE_URL to run them (PGlite is one process's embedded database)", () => {});
});
