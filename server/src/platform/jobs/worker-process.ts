import { type DatabaseHandle, openPostgres } from "../db/database";
import type { PollingWorker } from "./polling-worker";

/**
 * Runs one background worker in a process of its own, as a second server would (the two-process
 * tests): `<script> <postgres url> [seconds]`. Prints `ready` once polling, and `{"processed":N}`
 * when it stops (time limit or SIGTERM).
 */
export async function runWorkerProcess(
  script: string,
  start: (handle: DatabaseHandle) => PollingWorker,
): Promise<void> {
  const [url, seconds = "60"] = process.argv.slice(2);
  if (!url) {
    console.error(`usage: ${script} <postgres url> [seconds]`);
    process.exit(2);
  }
  const handle = await openPostgres(url, { max: 2 });
  const worker = start(handle);
  console.log("ready");

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await worker.stop();
    await handle.close();
    console.log(JSON.stringify({ processed: worker.processed }));
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  setTimeout(() => void stop(), Number(seconds) * 1000);
}
