/**
 * `kill -9` of the server while an import runs: after a restart the import is not stuck — it goes
 * on from its last committed batch by itself — and ends exactly as a clean import of the same file
 * into a fresh database does: the same rows, no duplicates, nothing half-written. Importing the file
 * once more changes nothing. Embedded engine on disk, and PostgreSQL with TEST_DATABASE_URL.
 */
import type { ImportJob } from "@planerka/common";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { openServerDatabase, type ServerDatabase } from "../../testing/server-database";
import { type HttpClient, logInOverHttp, type ServerProcess, startServerProcess } from "../../testing/server-process";
import { type Executor, rows } from "../db/database";
import { expectNothingHalfWritten } from "./crash-checks";

const rowCount = Number(process.env.CRASH_IMPORT_ROWS ?? 10_000);
const owners = ["manager-a1", "manager-a2", "head-a"];

/** Deals with amounts in tiyn, several stages and owners, won and lost ones closed on given days. */
function dealsCsv(stageList: { name: string; semantic: string }[]) {
  const lines = ["externalId;title;amount;stage;closedAt;ownerLogin"];
  for (let index = 0; index < rowCount; index++) {
    const stage = stageList[index % stageList.length]!;
    const closed =
      stage.semantic === "open" ? "" : `2026-0${1 + (index % 9)}-${String(1 + (index % 28)).padStart(2, "0")}`;
    const amount = ((index * 7919) % 10_000_000) / 100 + 0.01;
    lines.push(
      `CRASH-${index};Поставка ${index};${amount.toFixed(2)};${stage.name};${closed};${owners[index % owners.length]}`,
    );
  }
  return lines.join("\n");
}

async function startImport(client: HttpClient, csv: string): Promise<ImportJob> {
  const form = new FormData();
  form.append("entity", "deals");
  form.append("file", new Blob([csv], { type: "text/csv" }), "deals.csv");
  const uploaded = await client.request<ImportJob>("POST", "/api/v1/imports", form);
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
  const started = await client.request<ImportJob>("POST", `/api/v1/imports/${uploaded.body.id}/start`, {
    mapping: uploaded.body.suggestedMapping,
  });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  return started.body;
}

async function pollImport(client: HttpClient, id: string, until: (job: ImportJob) => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await client.request<ImportJob>("GET", `/api/v1/imports/${id}`)).body;
    if (until(job)) return job;
    if (Date.now() > deadline) throw new Error(`import ${id} still ${job.status} at ${job.processed}/${job.total}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** What the import made, independent of ids and of which database: one line per deal, and the totals. */
async function importedState(db: Executor) {
  const [state] = await rows<{ deals: number; distinctIds: number; checksum: string; totals: string }>(
    db,
    sql`select count(*)::int as deals, count(distinct d.external_id)::int as "distinctIds",
               md5(string_agg(concat_ws('|', d.external_id, d.title, d.amount::text, s.name, u.login,
                      to_char(d.closed_at at time zone 'Asia/Almaty', 'YYYY-MM-DD'), d.version::text), ',' order by d.external_id)) as checksum,
               (select string_agg(concat_ws('|', tu.login, ts.name, t.deal_count, t.amount::text), ',' order by tu.login, ts.name)
                  from deal_stage_totals t join users tu on tu.id = t.owner_id join stages ts on ts.id = t.stage_id
                  where t.deal_count <> 0) as totals
        from deals d join stages s on s.id = d.stage_id join users u on u.id = d.owner_id
        where d.external_id like 'CRASH-%'`,
  );
  return state!;
}

describe("a server killed (SIGKILL) during an import", () => {
  const databases: ServerDatabase[] = [];
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    for (let index = 0; index < 2; index++) {
      const database = await openServerDatabase();
      await database.inspect((db) => createAccessFixture(db));
      databases.push(database);
    }
  }, 60_000);
  afterAll(async () => {
    server?.child.kill("SIGKILL");
    await server?.exited;
    for (const database of databases) await database.drop();
  });

  async function stopServer() {
    server!.child.kill("SIGTERM");
    expect(await server!.exited).toBe(0);
    server = undefined;
  }

  it("resumes after a restart and ends as a clean import of the same file does", { timeout: 120_000 }, async () => {
    const [crashed, clean] = databases as [ServerDatabase, ServerDatabase];
    server = await startServerProcess(crashed.env);
    await server.ready;
    let client = await logInOverHttp(server.base, "head-a");
    const stages = (
      await client.request<{ items: { stages: { name: string; semantic: string }[] }[] }>("GET", "/api/v1/pipelines")
    ).body.items[0]!.stages;
    const csv = dealsCsv(stages);
    const started = Date.now();
    const job = await startImport(client, csv);
    // Killed once a couple of batches have committed and well before the end.
    const before = await pollImport(client, job.id, (state) => state.processed >= 2_000, 60_000);
    server.child.kill("SIGKILL");
    expect(await server.exited).toBe("SIGKILL");
    expect(before.processed).toBeLessThan(rowCount - 2_000);
    console.log(
      `crash-import (${crashed.engine}): ${rowCount} deals, killed at ${before.processed} after ${Date.now() - started} ms`,
    );

    server = await startServerProcess(crashed.env);
    await server.ready;
    client = await logInOverHttp(server.base, "head-a");
    const restarted = Date.now();
    const done = await pollImport(client, job.id, (state) => state.status !== "running", 60_000);
    console.log(`resumed and finished ${Date.now() - restarted} ms after the restart`);
    // Each batch and its progress commit together, so the resumed run neither skips nor repeats a row.
    expect(done).toMatchObject({
      status: "done",
      total: rowCount,
      processed: rowCount,
      created: rowCount,
      unchanged: 0,
      failed: 0,
      errors: [],
    });

    // The same file once more: idempotent, every row unchanged.
    const again = await startImport(client, csv);
    const repeated = await pollImport(client, again.id, (state) => state.status !== "running", 60_000);
    expect(repeated).toMatchObject({ status: "done", created: 0, updated: 0, unchanged: rowCount, failed: 0 });
    await stopServer();
    const afterCrash = await crashed.inspect(async (db) => {
      await expectNothingHalfWritten(db);
      return importedState(db);
    });

    // The reference: the same file into a fresh database, with no crash.
    server = await startServerProcess(clean.env);
    await server.ready;
    const cleanClient = await logInOverHttp(server.base, "head-a");
    const cleanJob = await startImport(cleanClient, csv);
    expect(await pollImport(cleanClient, cleanJob.id, (state) => state.status !== "running", 90_000)).toMatchObject({
      status: "done",
      created: rowCount,
    });
    await stopServer();
    const reference = await clean.inspect((db) => importedState(db));
    expect(afterCrash).toEqual(reference);
    expect(afterCrash.deals).toBe(rowCount);
    expect(afterCrash.distinctIds).toBe(rowCount);
  });
});
