/**
 * A webhook worker in a process of its own, as a second server would run it (the two-process test):
 *   node --import tsx server/src/modules/webhooks/webhook-worker-process.ts <postgres url> [seconds]
 */
import { runWorkerProcess } from "../../platform/jobs/worker-process";
import { startWebhookWorker } from "./webhook-worker";

await runWorkerProcess("webhook-worker-process.ts", (handle) =>
  startWebhookWorker(handle.db, { listen: handle.listen, pollMs: 50, onError: (error) => console.error(error) }),
);
