/**
 * A workflow worker in a process of its own, as a second server would run it (the two-process test):
 *   node --import tsx server/src/modules/workflows/workflow-worker-process.ts <postgres url> [seconds]
 * Prints `ready` once polling, and `{"processed":N}` when it stops (time limit or SIGTERM).
 */
import { openPostgres } from "../../platform/db/database";
import { startWorkflowWorker } from "./workflow-worker";

const [url, seconds = "60"] = process.argv.slice(2);
if (!url) {
  console.error("usage: workflow-worker-process.ts <postgres url> [seconds]");
  process.exit(2);
}
const handle = await openPostgres(url, { max: 2 });
const worker = startWorkflowWorker(handle.db, {
  pollMs: 50,
  onError: (error) => console.error(error),
});
console.log("ready");

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await worker.stop();
  await handle.close();
  console.log(JSON.stringify({ processed: worker.processed }));
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
setTimeout(() => void stop(), Number(seconds) * 1000);
