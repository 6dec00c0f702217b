/**
 * The long variant of the crash-safety test: the server process is killed (SIGKILL) in the middle of
 * a burst of concurrent writes, restarted on the same data, and asked for everything it had
 * acknowledged — `cycles` times over. Prints acknowledged against found, and how long a restart takes.
 */
import { countHalfWritten } from "../server/src/platform/crash/half-written";
import { findLedgerMismatches, runWriteBurst, seededRandom } from "../server/src/platform/crash/write-burst";
import { openDatabase } from "../server/src/platform/db/database";
import { type HttpClient, logInOverHttp, startServerProcess } from "../server/src/testing/server-process";

export async function measureCrashCycles(options: {
  env: Record<string, string>;
  logins: string[];
  password: string;
  cycles: number;
}) {
  const seed = Number(process.env.BENCH_SEED ?? Date.now() % 1_000_000);
  const random = seededRandom(seed);
  const lines = [
    `Crash cycles (seed ${seed}): SIGKILL 1–3 s into a burst of 12 concurrent writers, then a restart`,
    "",
    "| cycle | acknowledged | found as acknowledged | missing or different | in flight at the kill | retried creates refused (409) | restart until ready ms |",
    "|---:|---:|---:|---:|---:|---:|---:|",
  ];
  // The demo data was loaded without audit entries, so what counts is that the cycles add none.
  const halfWrittenBefore = await halfWrittenNow(options.env);
  let totalMismatches = 0;
  for (let cycle = 1; cycle <= options.cycles; cycle++) {
    const server = await startServerProcess(options.env);
    await server.ready;
    const clients = await logInAll(server.base, options.logins, options.password);
    const first = clients.get(options.logins[0]!)!;
    const stages = (
      await first.request<{ items: { stages: { id: string; semantic: string }[] }[] }>("GET", "/api/v1/pipelines")
    ).body.items[0]!.stages;
    const types = (await first.request<{ items: { id: string }[] }>("GET", "/api/v1/activity-types")).body.items;
    const ledger = await runWriteBurst({
      clients,
      workers: 12,
      stages,
      activityTypeId: types[0]!.id,
      killAfterMs: 1_000 + Math.floor(random() * 2_000),
      warmUp: 30,
      random,
      kill: () => server.child.kill("SIGKILL"),
    });
    await server.exited;
    const restartedAt = performance.now();
    const restarted = await startServerProcess(options.env);
    await restarted.ready;
    const readyMs = performance.now() - restartedAt;
    const again = await logInAll(restarted.base, options.logins, options.password);
    const mismatches = await findLedgerMismatches(again, ledger);
    let refused = 0;
    for (const create of ledger.unacknowledgedCreates) {
      const answer = await again
        .get(create.login)!
        .request("POST", create.url, create.body, { "idempotency-key": create.key });
      if (answer.status === 409) refused++;
    }
    restarted.child.kill("SIGTERM");
    await restarted.exited;
    totalMismatches += mismatches.length;
    for (const mismatch of mismatches.slice(0, 5)) console.log(`  ${mismatch}`);
    const inFlight = ledger.unacknowledgedCreates.length + ledger.pendingPatches.size;
    const records = ledger.deals.size + ledger.activities.size;
    lines.push(
      `| ${cycle} | ${ledger.acknowledged} writes, ${records} records | ${records - mismatches.length} | ${mismatches.length} | ${inFlight} | ${refused} | ${readyMs.toFixed(0)} |`,
    );
    process.stdout.write(".");
  }
  // The server is stopped: the data is examined directly for rows missing their audit or history.
  const halfWrittenAfter = await halfWrittenNow(options.env);
  const added = Object.fromEntries(
    Object.entries(halfWrittenAfter).map(([key, count]) => [key, count - (halfWrittenBefore[key] ?? 0)]),
  );
  lines.push(
    "",
    `Missing or different after all cycles: ${totalMismatches}. Half-written rows the cycles added: ${JSON.stringify(added)}.`,
  );
  return lines;
}

async function halfWrittenNow(env: Record<string, string>) {
  const handle = await openDatabase({
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.PLANERKA_DATA_DIR ?? "./data",
  });
  try {
    return await countHalfWritten(handle.db);
  } finally {
    await handle.close();
  }
}

async function logInAll(base: string, logins: string[], password: string) {
  return new Map<string, HttpClient>(
    await Promise.all(logins.map(async (login) => [login, await logInOverHttp(base, login, password)] as const)),
  );
}
