import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, rows } from "../../platform/db/database";
import { createTestCompany, createUser } from "../../testing/factories";
import { openTestDatabase } from "../../testing/test-database";
import { startWebhookReceiver, type WebhookReceiver } from "../../testing/webhook-receiver";
import { startWebhookWorker } from "./webhook-worker";

const serverUrl = process.env.TEST_DATABASE_URL;
const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "webhook-worker-process.ts");
const eventCount = 50;

interface Worker {
  processed(): number;
  stop(): Promise<void>;
}

/** A server process of its own (PostgreSQL), running only the webhook worker. */
function spawnWorker(url: string): Promise<Worker> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", script, url, "120"], {
    cwd: process.cwd(),
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("ready"))
        resolve({
          processed: () => JSON.parse(output.trim().split("\n").at(-1)!).processed,
          async stop() {
            if (child.exitCode === null) child.kill("SIGTERM");
            expect(await exited).toBe(0);
          },
        });
    });
  });
}

/**
 * Two workers on one database: on PostgreSQL two processes (as two servers would run them), on
 * the embedded engine two worker loops of this process. Each delivery must reach the receiver once.
 */
describe(`webhook workers in two ${serverUrl ? "processes" : "loops"} on one database`, () => {
  let handle: DatabaseHandle;
  let receiver: WebhookReceiver;
  const workers: Worker[] = [];

  beforeAll(async () => {
    handle = await openTestDatabase();
    receiver = await startWebhookReceiver();
  }, 60_000);
  afterAll(async () => {
    for (const worker of workers) await worker.stop().catch(() => undefined);
    await receiver?.close();
    await handle?.close();
  });

  it(`delivers each of ${eventCount} events exactly once`, { timeout: 120_000 }, async () => {
    const db = handle.db;
    const { rootUnitId } = await createTestCompany(db);
    const owner = await createUser(db, { unitId: rootUnitId });
    await db.execute(sql`insert into webhook_settings (allowed_hosts) values (array['127.0.0.1'])`);
    // Stored unsealed (as a secret saved before sealing existed is read), so the spawned
    // processes, which hold another sealing key, can sign with it.
    await db.execute(
      sql`insert into webhook_subscriptions (url, events, secret) values (${receiver.url()}, array['company.created'], 'whsec_shared')`,
    );
    // A receiver that takes a moment, so both workers are busy at once.
    receiver.respond((response) => setTimeout(() => response.writeHead(200).end("ok"), 15));

    if (serverUrl) {
      const [database] = await rows<{ name: string }>(db, sql`select current_database() as name`);
      const url = new URL(serverUrl);
      url.pathname = `/${database!.name}`;
      workers.push(...(await Promise.all([spawnWorker(url.toString()), spawnWorker(url.toString())])));
    } else {
      for (let index = 0; index < 2; index++) {
        const loop = startWebhookWorker(db, { listen: handle.listen, pollMs: 50 });
        workers.push({ processed: () => loop.processed, stop: () => loop.stop() });
      }
    }

    // One statement makes the 50 events; the trigger queues a delivery for each.
    await db.execute(
      sql`insert into companies (name, owner_id) select 'Компания ' || n, ${owner.id} from generate_series(1, ${eventCount}) n`,
    );
    const delivered = sql`select count(*)::int as count from webhook_deliveries where state = 'delivered'`;
    await expect
      .poll(async () => (await rows<{ count: number }>(db, delivered))[0]!.count, { timeout: 60_000, interval: 100 })
      .toBe(eventCount);
    // Nothing more arrives afterwards.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const worker of workers.splice(0)) {
      await worker.stop();
      workers.push({ processed: worker.processed, stop: async () => undefined });
    }

    const ids = receiver.received.map((entry) => String(entry.headers["x-planerka-delivery"]));
    expect(ids).toHaveLength(eventCount);
    expect(new Set(ids).size).toBe(eventCount);
    const names = receiver.received.map((entry) => JSON.parse(entry.raw).data.name as string).sort();
    expect(names).toEqual(Array.from({ length: eventCount }, (_, index) => `Компания ${index + 1}`).sort());
    const attempts = await rows<{ attempts: number }>(db, sql`select attempts from webhook_deliveries`);
    expect(attempts.every((row) => row.attempts === 1)).toBe(true);
    const processed = workers.map((worker) => worker.processed());
    expect(processed[0]! + processed[1]!).toBe(eventCount);
    expect(
      processed.every((count) => count > 0),
      `both workers delivered: ${processed}`,
    ).toBe(true);
  });
});
