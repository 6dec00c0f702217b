import type { Database } from "../../platform/db/database";
import { type PollingWorker, startPollingWorker } from "../../platform/jobs/polling-worker";
import { wakeOutboxWorkers } from "../mail/mail-outbox";
import { runReminderPass } from "./reminder.service";

/** Reminders are set to the minute; a pass every 30 s delivers them within that. */
const pollMilliseconds = 30_000;

/**
 * Delivers due reminders in the background, in every process: the claim row in
 * `reminder_deliveries` keeps two processes from delivering one twice. Letters it queues wake this
 * process's outbox worker.
 */
export function startReminderWorker(
  db: Database,
  options: { pollMs?: number; publicUrl?: string; onError?: (error: unknown) => void } = {},
): PollingWorker {
  return startPollingWorker(
    async (shouldStop) => {
      const result = await runReminderPass(db, { shouldStop, publicUrl: options.publicUrl, limit: 100 });
      if (result.letters > 0) wakeOutboxWorkers();
      return result.tried;
    },
    { pollMs: options.pollMs ?? pollMilliseconds, onError: options.onError },
  );
}
