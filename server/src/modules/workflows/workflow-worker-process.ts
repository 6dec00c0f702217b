/**
 * A workflow worker in a process of its own, as a second server would run it (the two-process test):
 *   node --import tsx server/src/modules/workflows/workflow-worker-process.ts <postgres url> [seconds]
 */
import { runWorkerProcess } from "../../platform/jobs/worker-process";
import { startWorkflowWorker } from "./workflow-worker";

await runWorkerProcess("workflow-worker-process.ts", (handle) =>
  startWorkflowWorker(handle.db, { pollMs: 50, onError: (error) => console.error(error) }),
);
