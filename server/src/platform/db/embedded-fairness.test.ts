import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, openPglite } from "./database";

/**
 * The embedded engine must leave the event loop turns while statements queue up: that is when the
 * server accepts connections and reads requests. Before the fix, a client that connected during
 * load waited for every statement already queued (up to a minute in the load benchmark).
 */
describe("the embedded database shares the event loop", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openPglite();
  });
  afterAll(async () => handle.close());

  it("lets I/O callbacks run between queued statements, and keeps their order", async () => {
    const statements = 200;
    const finished: number[] = [];
    let finishedWhenTheLoopTurned: number | undefined;
    const all = Array.from({ length: statements }, (_, index) =>
      handle.db.execute(sql`select count(*) from generate_series(1, 20000)`).then(() => finished.push(index)),
    );
    setImmediate(() => {
      finishedWhenTheLoopTurned = finished.length;
    });
    await Promise.all(all);
    expect(finishedWhenTheLoopTurned).toBeDefined();
    expect(finishedWhenTheLoopTurned).toBeLessThan(statements);
    expect(finished).toEqual([...finished].sort((a, b) => a - b));
  });

  it("runs transactions in turn with single statements", async () => {
    const order: string[] = [];
    await Promise.all([
      handle.db.transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        order.push("transaction");
      }),
      handle.db.execute(sql`select 2`).then(() => order.push("statement")),
    ]);
    expect(order).toEqual(["transaction", "statement"]);
  });
});
