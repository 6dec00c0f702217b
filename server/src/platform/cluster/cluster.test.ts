import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { openSocket } from "../../testing/realtime-socket";
import { logInOverHttp, type ServerProcess, startServerProcess } from "../../testing/server-process";
import { openTestDatabase } from "../../testing/test-database";
import { type DatabaseHandle, rows } from "../db/database";

const serverUrl = process.env.TEST_DATABASE_URL;

/** The Node processes a server process has started (its cluster's workers; not tsx's esbuild). */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(pid)], { encoding: "utf8" })
      .split("\n")
      .map((line) => line.trim().split(/\s+/))
      .filter(([, command]) => command === process.execPath)
      .map(([child]) => Number(child));
  } catch {
    return []; // ps exits 1 when there are none
  }
}

async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!serverUrl)("npm start on PostgreSQL: PLANERKA_WORKERS processes on one port", () => {
  let handle: DatabaseHandle | undefined;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    server?.child.kill("SIGKILL");
    await handle?.close();
  });

  it("serves from every worker, replaces one that dies, and stops gracefully", { timeout: 120_000 }, async () => {
    handle = await openTestDatabase();
    await createAccessFixture(handle.db);
    const [database] = await rows<{ name: string }>(handle.db, sql`select current_database() as name`);
    const url = new URL(serverUrl!);
    url.pathname = `/${database!.name}`;
    server = await startServerProcess({ DATABASE_URL: url.toString(), PLANERKA_WORKERS: "2" });
    await server.ready;
    expect(server.output()).toContain("2 server processes");
    const primary = server.child.pid!;
    const workers = childrenOf(primary);
    expect(workers).toHaveLength(2);

    const client = await logInOverHttp(server.base, "manager-a1");
    const answers = await Promise.all(Array.from({ length: 20 }, () => client.request("GET", "/api/v1/me")));
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));

    // A worker killed outright: the other goes on serving, and the primary starts a new one.
    process.kill(workers[0]!, "SIGKILL");
    await waitFor(() => (childrenOf(primary).includes(workers[0]!) ? undefined : true), "the killed worker to go");
    // A kept-alive connection to the killed worker may be reset under this request; a browser then
    // asks again on a new connection, which the surviving worker answers.
    const afterKill = await client.request("GET", "/api/v1/me").catch(() => client.request("GET", "/api/v1/me"));
    expect(afterKill.status).toBe(200);
    const replaced = await waitFor(() => {
      const now = childrenOf(primary);
      return now.length === 2 && !now.includes(workers[0]!) ? now : undefined;
    }, "a new worker");
    await waitFor(() => (server!.output().includes("another starts") ? true : undefined), "the restart in the log");
    // The new one listens too: every request of a burst is answered.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const again = await Promise.all(Array.from({ length: 20 }, () => client.request("GET", "/api/v1/me")));
    expect(again.map((answer) => answer.status)).toEqual(Array(20).fill(200));

    // SIGTERM: sockets are closed by the server (1001), every process ends, the primary with 0.
    const socket = await openSocket(`${server.base.replace("http", "ws")}/api/v1/realtime`, {
      cookie: client.cookie,
      origin: server.base,
    });
    await socket.next("hello");
    server.child.kill("SIGTERM");
    expect((await socket.closed).code).toBe(1001);
    expect(await server.exited).toBe(0);
    await waitFor(
      () => (replaced.every((pid) => !childrenOf(1).includes(pid) && !isAlive(pid)) ? true : undefined),
      "the workers to end",
    );
    // Their presence rows went with them: nobody is left online by a stopped process.
    const [online] = await rows<{ count: number }>(handle.db, sql`select count(*)::int as count from user_presence`);
    expect(online!.count).toBe(0);
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("npm start on the embedded database", () => {
  it("stays one process whatever PLANERKA_WORKERS says, and says so", { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "planerka-cluster-"));
    const server = await startServerProcess({ PLANERKA_DATA_DIR: dataDir, PLANERKA_WORKERS: "4", DATABASE_URL: "" });
    try {
      await server.ready;
      expect(server.output()).toContain("one server process: the embedded database cannot be shared");
      expect(childrenOf(server.child.pid!)).toEqual([]);
      expect((await fetch(`${server.base}/api/v1/health`)).status).toBe(200);
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
    } finally {
      server.child.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
