import type { ImportEntity, Role } from "@planerka/common";
import { sql } from "drizzle-orm";
import { type Database, rows } from "../../platform/db/database";
import { computeScope } from "../../platform/scope/access-scope";
import { getSettingsOrThrow } from "../settings/settings.service";
import { importBatch } from "./import-batch";
import { parseImportFileOrThrow } from "./import-file";
import { type ImportRecord, parseRecord } from "./import-records";

export const importBatchSize = 1_000;
const maxStoredErrors = 1_000;
const running = new Map<string, Promise<void>>();

/** Resolves when every import this process runs has finished (tests and shutdown wait on it). */
export async function waitForImports(): Promise<void> {
  while (running.size > 0) await Promise.allSettled([...running.values()]);
}

/** Runs the job in the background unless this or another instance already does. */
export function launchImport(db: Database, jobId: string) {
  if (running.has(jobId)) return;
  const job = runImport(db, jobId)
    .catch(async (error: unknown) => {
      await db.execute(
        sql`update import_jobs set status = 'failed', finished_at = now(), claimed_at = null,
              errors = errors || ${JSON.stringify([{ row: 0, message: `Import stopped: ${(error as Error).message.slice(0, 300)}` }])}::jsonb
            where id = ${jobId}`,
      );
    })
    .finally(() => running.delete(jobId));
  running.set(jobId, job);
}

/** After a crash or restart: jobs left running whose claim went stale continue where they stopped. */
export async function resumeInterruptedImports(db: Database) {
  const stale = await rows<{ id: string }>(
    db,
    sql`select id from import_jobs where status = 'running' and (claimed_at is null or claimed_at < now() - interval '2 minutes')`,
  );
  for (const job of stale) launchImport(db, job.id);
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
  // Claiming is one UPDATE, so of two instances only one gets the job.
  const [job] = await rows<JobRow>(
    db,
    sql`update import_jobs j set claimed_at = now()
        from users u
        where j.id = ${jobId} and u.id = j.user_id and j.status = 'running'
          and (j.claimed_at is null or j.claimed_at < now() - interval '2 minutes')
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
    const errors: { row: number; message: string }[] = [];
    const records: ImportRecord[] = [];
    for (const [offset, values] of slice.entries()) {
      const record: Record<string, string> = {};
      fieldOf.forEach((field, index) => {
        if (field) record[field] = values[index] ?? "";
      });
      // Row numbers as people see them in the file: the header is row 1.
      const parsed = parseRecord(job.entity, start + offset + 2, record);
      if (parsed.ok) records.push(parsed.record);
      else errors.push({ row: parsed.row, message: parsed.message });
    }
    // The batch and the progress that records it commit together: a crash never half-applies one.
    await db.transaction(async (tx) => {
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
    });
  }
  await db.execute(
    sql`update import_jobs set status = 'done', finished_at = now(), claimed_at = null, file_data = null where id = ${jobId}`,
  );
}
