import type { ImportEntity, ImportRowError, Role } from "@planerka/common";
import { sql } from "drizzle-orm";
import { type Database, holdAdvisoryLock, rows } from "../../platform/db/database";
import { computeScope } from "../../platform/scope/access-scope";
import { getSettingsOrThrow } from "../settings/settings.service";
import { importBatch } from "./import-batch";
import { parseImportFileOrThrow } from "./import-file";
import { type ImportRecord, parseRecord, rowError } from "./import-records";

export const importBatchSize = 1_000;
const maxStoredErrors = 1_000;
const running = new Map<string, Promise<void>>();

/** Resolves when every import this process runs has finished (tests and shutdown wait on it). */
export async function waitForImports(): Promise<void> {
  while (running.size > 0) await Promise.allSettled([...running.values()]);
}

/** The job's last word when it could not go on (its file became unreadable, the database failed). */
function stoppedError(error: unknown) {
  const reason = (error as Error).message.slice(0, 300);
  return rowError(0, null, "stopped", `Import stopped: ${reason}`, { reason });
}

/** Runs the job in the background unless this or another instance already does. */
export function launchImport(db: Database, jobId: string) {
  if (running.has(jobId)) return;
  const job = runImport(db, jobId)
    .catch(async (error: unknown) => {
      await db.execute(
        sql`update import_jobs set status = 'failed', finished_at = now(), claimed_at = null,
              errors = errors || ${JSON.stringify([stoppedError(error)])}::jsonb
            where id = ${jobId} and status = 'running'`,
      );
    })
    // Not even the failure could be stored (the database is gone): the job still says running, and
    // the next sweep or restart resumes it.
    .catch(() => undefined)
    .finally(() => running.delete(jobId));
  running.set(jobId, job);
}

/**
 * After a crash or restart, and every half minute in every process: a job that says running but
 * whose runner is gone (its lock died with it) continues from its last committed batch.
 */
export async function resumeInterruptedImports(db: Database) {
  const interrupted = await rows<{ id: string }>(db, sql`select id from import_jobs where status = 'running'`);
  for (const job of interrupted) launchImport(db, job.id);
}

/** Looks for interrupted imports now and then; another process may have died with one. */
export function startImportSweep(db: Database, onError: (error: unknown) => void, everyMs = 30_000) {
  const timer = setInterval(() => resumeInterruptedImports(db).catch(onError), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

interface JobRow {
  id: string;
  entity: ImportEntity;
  fileName: string;
  fileData: Buffer;
  mapping: Record<string, string | null>;
  processed: number;
  userId: string;
  role: Role;
  unitId: string;
}

async function runImport(db: Database, jobId: string) {
  // The runner holds the job's lock for the whole run: of two processes only one runs it, and a
  // crashed runner's lock is gone with its connection, so a restart resumes at once.
  const release = await holdAdvisoryLock(db, `import:${jobId}`);
  if (!release) return;
  try {
    await runLockedImport(db, jobId);
  } finally {
    await release();
  }
}

async function runLockedImport(db: Database, jobId: string) {
  const [job] = await rows<JobRow>(
    db,
    sql`update import_jobs j set claimed_at = now()
        from users u
        where j.id = ${jobId} and u.id = j.user_id and j.status = 'running'
        returning j.id, j.entity, j.file_name as "fileName", j.file_data as "fileData", j.mapping, j.processed,
                  j.user_id as "userId", u.role, u.unit_id as "unitId"`,
  );
  if (!job) return;
  const data = Buffer.isBuffer(job.fileData) ? job.fileData : Buffer.from(job.fileData as unknown as Uint8Array);
  const table = await parseImportFileOrThrow(job.fileName, data);
  const scope = await computeScope(db, { id: job.userId, role: job.role, unitId: job.unitId });
  const { timeZone } = await getSettingsOrThrow(db);
  const fieldOf = table.columns.map((column) => job.mapping[column] ?? null);
  for (let start = job.processed; start < table.rows.length; start += importBatchSize) {
    const slice = table.rows.slice(start, start + importBatchSize);
    const errors: ImportRowError[] = [];
    const records: ImportRecord[] = [];
    for (const [offset, values] of slice.entries()) {
      const record: Record<string, string> = {};
      fieldOf.forEach((field, index) => {
        if (field) record[field] = values[index] ?? "";
      });
      // Row numbers as people see them in the file: the header is row 1.
      const parsed = parseRecord(job.entity, start + offset + 2, record);
      if (parsed.ok) records.push(parsed.record);
      else errors.push(parsed.error);
    }
    // The batch and the progress that records it commit together: a crash never half-applies one.
    const applied = await db.transaction(async (tx) => {
      // Progress is read again under the row's lock: should two runners ever overlap (a lock lost
      // with its connection), the second finds the batch done and stops instead of applying it twice.
      const [current] = await rows<{ processed: number }>(
        tx,
        sql`select processed from import_jobs where id = ${jobId} and status = 'running' for update`,
      );
      if (current?.processed !== start) return false;
      const result = await importBatch(
        { executor: tx, scope, entity: job.entity, actorId: job.userId, timeZone },
        records,
      );
      const allErrors = [...errors, ...result.errors].sort((left, right) => left.row - right.row);
      await tx.execute(
        sql`update import_jobs set processed = ${start + slice.length}, created = created + ${result.created},
              updated = updated + ${result.updated}, unchanged = unchanged + ${result.unchanged},
              failed = failed + ${allErrors.length}, claimed_at = now(),
              errors = case when jsonb_array_length(errors) < ${maxStoredErrors}
                            then errors || ${JSON.stringify(allErrors.slice(0, maxStoredErrors))}::jsonb else errors end
            where id = ${jobId}`,
      );
      return true;
    });
    if (!applied) return;
  }
  await db.execute(
    sql`update import_jobs set status = 'done', finished_at = now(), claimed_at = null, file_data = null
        where id = ${jobId} and status = 'running'`,
  );
}
