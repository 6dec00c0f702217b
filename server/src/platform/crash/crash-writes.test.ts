/**
 * `kill -9` of the server in the middle of a burst of writes: after a restart on the same database
 * everything acknowledged is there in its acknowledged state, nothing is half-written, and a retried
 * create (same Idempotency-Key) never makes a second record. Runs on the embedded engine (a data
 * folder on disk) and, with TEST_DATABASE_URL, on PostgreSQL.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { openServerDatabase, type ServerDatabase } from "../../testing/server-database";
import { type HttpClient, logInOverHttp, type ServerProcess, startServerProcess } from "../../testing/server-process";
import { rows } from "../db/database";
import { expectNothingHalfWritten } from "./crash-checks";
import { findLedgerMismatches, runWriteBurst, seededRandom } from "./write-burst";

const logins = ["manager-a1", "manager-a2", "head-a", "manager-b1"];

describe("a server killed (SIGKILL) during a burst of writes", () => {
  let database: ServerDatabase;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    database = await openServerDatabase();
    await database.inspect((db) => createAccessFixture(db));
  }, 60_000);
  afterAll(async () => {
    server?.child.kill("SIGKILL");
    await server?.exited;
    await database?.drop();
  });

  async function logInAll(base: string) {
    return new Map<string, HttpClient>(
      await Promise.all(logins.map(async (login) => [login, await logInOverHttp(base, login)] as const)),
    );
  }

  it("keeps every acknowledged write whole after a restart", { timeout: 90_000 }, async () => {
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
    const random = seededRandom(seed);
    const killAfterMs = 1_000 + Math.floor(random() * 2_000);
    console.log(
      `crash-writes (${database.engine}): seed ${seed}, kill ${killAfterMs} ms after the 30th acknowledged write`,
    );

    server = await startServerProcess(database.env);
    await server.ready;
    const clients = await logInAll(server.base);
    const first = clients.get(logins[0]!)!;
    const stages = (
      await first.request<{ items: { stages: { id: string; semantic: string }[] }[] }>("GET", "/api/v1/pipelines")
    ).body.items[0]!.stages;
    const types = (await first.request<{ items: { id: string }[] }>("GET", "/api/v1/activity-types")).body.items;
    const killed = server;
    const ledger = await runWriteBurst({
      clients,
      workers: 12,
      stages,
      activityTypeId: types[0]!.id,
      killAfterMs,
      warmUp: 30,
      inStream: 15,
      random,
      kill: () => killed.child.kill("SIGKILL"),
    });
    expect(await killed.exited).toBe("SIGKILL");
    expect(ledger.refused).toEqual([]);
    // The burst must have been a real one, with writes in flight at the moment of the kill.
    expect(ledger.acknowledged).toBeGreaterThan(40);
    console.log(
      `acknowledged ${ledger.acknowledged} writes (${ledger.deals.size} deals, ${ledger.activities.size} activities), ` +
        `${ledger.unacknowledgedCreates.length + ledger.pendingPatches.size} in flight at the kill`,
    );

    // The restart applies migrations (none pending) and opens the same data.
    server = await startServerProcess(database.env);
    await server.ready;
    const again = await logInAll(server.base);
    expect(await findLedgerMismatches(again, ledger)).toEqual([]);

    // Creates that were in flight are retried with their key: one record at most, never two.
    const retried = { answered201: 0, doneWithoutAnswer409: 0 };
    for (const create of ledger.unacknowledgedCreates) {
      const answer = await again
        .get(create.login)!
        .request("POST", create.url, create.body, { "idempotency-key": create.key });
      if (answer.status === 201) retried.answered201++;
      // The key commits with the work: a create killed before its commit left no claim (201 now), one
      // killed between its commit and its stored answer is done (409, never a second record).
      else if (answer.status === 409) retried.doneWithoutAnswer409++;
      else throw new Error(`retry of ${create.key}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    console.log(`retried creates: ${JSON.stringify(retried)}`);

    // The server answers normally: a new write and a read of it.
    const fresh = await again.get(logins[0]!)!.request<{ id: string; version: number }>("POST", "/api/v1/deals", {
      title: "После перезапуска",
      amount: 10.01,
    });
    expect(fresh.status).toBe(201);
    expect((await again.get(logins[0]!)!.request("GET", `/api/v1/deals/${fresh.body.id}`)).status).toBe(200);

    // A clean stop this time; then the database itself is examined.
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    server = undefined;
    await database.inspect(async (db) => {
      await expectNothingHalfWritten(db);
      const duplicates = await rows<{ title: string }>(
        db,
        sql`select title from deals group by title having count(*) > 1
            union all select subject from activities group by subject having count(*) > 1`,
      );
      expect(duplicates).toEqual([]);
      const [counts] = await rows<{ deals: number; activities: number }>(
        db,
        sql`select (select count(*)::int from deals) as deals, (select count(*)::int from activities) as activities`,
      );
      // Acknowledged ones plus, at most, those in flight (and the one made after the restart).
      expect(counts!.deals).toBeGreaterThanOrEqual(ledger.deals.size + 1);
      expect(counts!.activities).toBeGreaterThanOrEqual(ledger.activities.size);
      expect(counts!.deals + counts!.activities).toBeLessThanOrEqual(
        ledger.deals.size + ledger.activities.size + ledger.unacknowledgedCreates.length + 1,
      );
    });
  });
});
