import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../../testing/test-database";
import { type DatabaseHandle, migrateDatabase } from "./database";

/** Several instances start together on one PostgreSQL: migrations run under a lock that must not outlive them. */
describe.skipIf(!process.env.TEST_DATABASE_URL)("migrations on a PostgreSQL server", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase();
  });
  afterAll(async () => handle.close());

  it("releases the start-up lock while the same pool serves other queries", async () => {
    // Other work on the pool moves its idle connections around, so a lock taken on one pooled
    // connection and released through the pool could be released on another and stay held.
    let busy = true;
    const traffic = Array.from({ length: 3 }, async () => {
      while (busy) await handle.db.execute(sql`select pg_sleep(0.002)`);
    });
    for (let start = 0; start < 5; start++) await Promise.all([migrateDatabase(handle), migrateDatabase(handle)]);
    busy = false;
    await Promise.all(traffic);
    // Another instance must be able to take the lock at once.
    const pool = (handle.db as unknown as { $client: pg.Pool }).$client;
    const other = new pg.Client(pool.options);
    await other.connect();
    try {
      const taken = await other.query<{ taken: boolean }>("select pg_try_advisory_lock(727274) as taken");
      expect(taken.rows[0]!.taken).toBe(true);
    } finally {
      await other.end();
    }
  });
});
