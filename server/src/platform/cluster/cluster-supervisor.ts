import cluster, { type Worker } from "node:cluster";

/** Set in the environment of the one worker that runs the background jobs (mail, reminders, workflows…). */
export const backgroundWorkerFlag = "PLANERKA_BACKGROUND_WORKER";

export interface SupervisorOptions {
  workers: number;
  log: (line: string) => void;
  /** Once, when every worker listens. */
  onListening: () => void;
  /** How long a stopping worker may finish its requests before it is killed. */
  stopGraceMs?: number;
}

/**
 * The primary of `npm start` on PostgreSQL: forks the workers that share the port (node:cluster
 * hands connections round-robin), starts another when one dies — after a growing pause if they keep
 * dying at once, so a broken start does not spin — and on SIGTERM/SIGINT asks each to stop and
 * waits, so requests in flight finish and sockets and locks are let go.
 */
export function superviseWorkers(options: SupervisorOptions): void {
  const stopGraceMs = options.stopGraceMs ?? 30_000;
  const background = new Map<number, boolean>();
  const startedAt = new Map<number, number>();
  let stopping = false;
  let quickDeaths = 0;
  let listening = 0;

  const fork = (runsBackground: boolean): Worker => {
    const worker = cluster.fork({ [backgroundWorkerFlag]: runsBackground ? "1" : "0" });
    background.set(worker.id, runsBackground);
    startedAt.set(worker.id, Date.now());
    return worker;
  };

  cluster.on("listening", () => {
    listening += 1;
    if (listening === options.workers) options.onListening();
  });

  cluster.on("exit", (worker, code, signal) => {
    const runsBackground = background.get(worker.id) ?? false;
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
    background.delete(worker.id);
    startedAt.delete(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    quickDeaths = lived < 10_000 ? quickDeaths + 1 : 0;
    const pause = Math.min(30_000, quickDeaths === 0 ? 0 : 500 * 2 ** (quickDeaths - 1));
    options.log(
      `A server process (pid ${worker.process.pid}) ended (${signal ?? `exit code ${code}`}); another starts${pause ? ` in ${pause / 1000} s` : ""}.`,
    );
    setTimeout(() => {
      if (!stopping) fork(runsBackground);
    }, pause);
  });

  const stop = () => {
    if (stopping) return;
    stopping = true;
    options.log("Stopping: the server processes finish their requests…");
    const workers = Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);
    if (workers.length === 0) process.exit(0);
    for (const worker of workers) worker.process.kill("SIGTERM");
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGKILL");
      process.exit(1);
    }, stopGraceMs).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);

  for (let index = 0; index < options.workers; index += 1) fork(index === 0);
}
