/**
 * Load: 200 concurrent logged-in clients for 60 seconds against a server in its own process
 * (so the clients' work does not count as the server's), reading what people open all day — the
 * manager cabinet (both reads), the company roll-up (tops) and the deal list. Reports requests per
 * second, latency percentiles, errors and the server process's peak memory (VmHWM).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { apiClient, type Figure, percentile } from "./measure";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function peakMemoryMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** The server's processes: `npm start`'s primary and, on PostgreSQL, its cluster's workers. */
function serverProcesses(pid: number): number[] {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
  return [pid, ...children.map(Number)];
}

/** CPU time (user + system, ms) the processes have used so far, from /proc (a process gone counts 0). */
function cpuMs(pids: number[]): number {
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  let total = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      total += (Number(fields[11]) + Number(fields[12])) * tick;
    } catch {}
  }
  return total;
}

/** The local PostgreSQL server's processes (the embedded engine runs inside the server). */
function postgresProcesses(): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "postgres";
      } catch {
        return false;
      }
    });
}

function memoryNote(pid: number): string {
  const [primary, ...workers] = serverProcesses(pid).map(peakMemoryMiB);
  if (workers.length === 0) return `server process peak RSS ${primary!.toFixed(0)} MiB`;
  return `${workers.length} server processes, peak RSS ${workers.map((value) => value.toFixed(0)).join(" + ")} MiB (primary ${primary!.toFixed(0)} MiB)`;
}

async function startServer(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; address: string }> {
  const port = await freePort();
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server (its workers inherit them).
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, "server/dist/main.js"], {
    cwd: path.resolve(import.meta.dirname, ".."),
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Planerka is running")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  return { child, address: `http://127.0.0.1:${port}` };
}

export async function measureLoad(options: {
  env: NodeJS.ProcessEnv;
  managers: { id: string; login: string }[];
  top: string;
  rootUnitId: string;
  password: string;
  clients: number;
  seconds: number;
  /**
   * Measures something else against the loaded server (a browser's visits, say), started once the
   * clients have run for `warmUpSeconds`; the clients go on past `seconds` until it is done.
   */
  during?: { warmUpSeconds: number; measure: (address: string) => Promise<Figure> };
}): Promise<{ figures: Figure[]; notes: string[] }> {
  const { child, address } = await startServer(options.env);
  try {
    const month = new Date().toISOString().slice(0, 7);
    // One after another: the login throttle counts an attempt as failed until its password is
    // checked, and 30 at once from one address are refused (429) as guessing.
    const sessions: { id: string; login: string; client: Awaited<ReturnType<typeof apiClient>> }[] = [];
    for (const manager of options.managers) {
      sessions.push({ ...manager, client: await apiClient(address, manager.login, options.password) });
    }
    const top = await apiClient(address, options.top, options.password);
    const kinds = {
      cabinet: [] as number[],
      rollup: [] as number[],
      deals: [] as number[],
    };
    let errors = 0;
    const deadline = performance.now() + options.seconds * 1000;
    let duringDone = !options.during;
    const worker = async (index: number) => {
      const session = sessions[index % sessions.length]!;
      for (let round = 0; performance.now() < deadline || !duringDone; round++) {
        const kind = (round + index) % 10 === 9 ? "rollup" : round % 2 === 0 ? "cabinet" : "deals";
        const begin = performance.now();
        try {
          if (kind === "cabinet") {
            await Promise.all([
              session.client.get(`/api/v1/cabinet/manager/${session.id}?month=${month}`),
              session.client.get(`/api/v1/cabinet/manager/${session.id}/week`),
            ]);
          } else if (kind === "rollup") {
            await top.get(`/api/v1/cabinet/units/${options.rootUnitId}?month=${month}`);
          } else {
            await session.client.get("/api/v1/deals?limit=50");
          }
          kinds[kind].push(performance.now() - begin);
        } catch (error) {
          errors += 1;
          if (errors <= 3) console.error(`load: ${kind}: ${(error as Error).message}`);
        }
      }
    };
    const started = performance.now();
    // Where the cores went: the server's processes, PostgreSQL's (when it is local) and these clients.
    const cpuBefore = {
      server: cpuMs(serverProcesses(child.pid!)),
      postgres: cpuMs(postgresProcesses()),
      clients: process.cpuUsage(),
    };
    const during = options.during;
    const measuredDuring = during
      ? new Promise((resolve) => setTimeout(resolve, during.warmUpSeconds * 1000))
          .then(() => during.measure(address))
          .finally(() => {
            duringDone = true;
          })
      : null;
    // Its failure is thrown below, once the clients have stopped; not an unhandled rejection before.
    measuredDuring?.catch(() => undefined);
    await Promise.all(Array.from({ length: options.clients }, (_, index) => worker(index)));
    const duringFigures = measuredDuring ? [await measuredDuring] : [];
    const seconds = (performance.now() - started) / 1000;
    const requests = kinds.cabinet.length * 2 + kinds.rollup.length + kinds.deals.length;
    const clientsCpu = process.cpuUsage(cpuBefore.clients);
    const perRequest = (ms: number) => (ms / requests).toFixed(1);
    const cpuNote = `CPU a request: server ${perRequest(cpuMs(serverProcesses(child.pid!)) - cpuBefore.server)} ms, PostgreSQL ${perRequest(cpuMs(postgresProcesses()) - cpuBefore.postgres)} ms, clients ${perRequest((clientsCpu.user + clientsCpu.system) / 1000)} ms`;
    const row = (name: string, times: number[]): Figure => ({
      name,
      p50: times.length ? percentile(times, 0.5) : Number.NaN,
      p95: times.length ? percentile(times, 0.95) : Number.NaN,
      max: times.length ? Math.max(...times) : Number.NaN,
      note: `${times.length} done`,
    });
    return {
      figures: [
        row(`load (${options.clients} clients): manager cabinet, both reads`, kinds.cabinet),
        row(`load (${options.clients} clients): company roll-up`, kinds.rollup),
        row(`load (${options.clients} clients): deals, first page`, kinds.deals),
        ...duringFigures,
      ],
      notes: [
        `Load: ${options.clients} clients for ${seconds.toFixed(0)} s — ${requests} requests, ${(requests / seconds).toFixed(0)} requests/s, ${errors} errors; ${memoryNote(child.pid!)}; ${cpuNote}`,
      ],
    };
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  }
}
