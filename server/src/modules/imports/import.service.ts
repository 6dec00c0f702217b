import { type ImportEntity, type ImportJob, type ImportRowError, importFields } from "@planerka/common";
import { sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, rows } from "../../platform/db/database";
import { conflict, forbidden, invalid, notFound } from "../../platform/errors/problem";
import { parseImportFileOrThrow } from "./import-file";
import { suggestMapping } from "./import-mapping";
import { launchImport } from "./import-runner";

interface JobRow {
  id: string;
  entity: ImportEntity;
  fileName: string;
  status: ImportJob["status"];
  columns: string[];
  sampleRows: string[][];
  suggestedMapping: Record<string, string | null>;
  total: number;
  processed: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** Jobs stored before errors had codes hold `{ row, message }` only. */
  errors: (Omit<ImportRowError, "code" | "field"> & Partial<ImportRowError>)[];
  createdAt: Date;
  finishedAt: Date | null;
}

const jobColumns = sql`id, entity, file_name as "fileName", status, columns, sample_rows as "sampleRows",
  suggested_mapping as "suggestedMapping", total, processed, created, updated, unchanged, failed, errors,
  created_at as "createdAt", finished_at as "finishedAt"`;

function present(row: JobRow): ImportJob {
  return {
    ...row,
    errors: row.errors.map((error) => ({ ...error, field: error.field ?? null, code: error.code ?? "invalid" })),
    createdAt: new Date(row.createdAt).toISOString(),
    finishedAt: row.finishedAt ? new Date(row.finishedAt).toISOString() : null,
  };
}

/** Imports are personal: each person sees their own jobs. */
export async function findImportOrThrow(db: Database, actor: Actor, id: string) {
  const [row] = await rows<JobRow>(
    db,
    sql`select ${jobColumns} from import_jobs where id = ${id} and user_id = ${actor.user.id}`,
  );
  if (!row) throw notFound();
  return present(row);
}

/**
 * The person's last 50 jobs as a summary: counts and status, without the columns, preview and
 * errors, which a file of 500 columns makes large (GET /imports/:id has them).
 */
export async function listImports(db: Database, actor: Actor) {
  const found = await rows<JobRow>(
    db,
    sql`select id, entity, file_name as "fileName", status, '[]'::jsonb as columns, '[]'::jsonb as "sampleRows",
          '{}'::jsonb as "suggestedMapping", total, processed, created, updated, unchanged, failed, '[]'::jsonb as errors,
          created_at as "createdAt", finished_at as "finishedAt"
        from import_jobs where user_id = ${actor.user.id} order by created_at desc limit 50`,
  );
  return found.map(present);
}

/** The preview's first rows, each cell cut short: it is a hint of what a column holds. */
const sampleRows = 10;
const sampleChars = 100;

export async function uploadImportOrThrow(
  db: Database,
  actor: Actor,
  entity: ImportEntity,
  fileName: string,
  data: Buffer,
) {
  if (actor.scope.level(entity, "write") === "none") throw forbidden("You may not create these records");
  const table = await parseImportFileOrThrow(fileName, data);
  const [row] = await rows<JobRow>(
    db,
    sql`insert into import_jobs (user_id, entity, file_name, status, total, file_data, columns, sample_rows, suggested_mapping)
        values (${actor.user.id}, ${entity}, ${fileName.slice(0, 300)}, 'uploaded', ${table.rows.length}, ${data},
                ${JSON.stringify(table.columns)}::jsonb, ${JSON.stringify(table.rows.slice(0, sampleRows).map((row) => row.map((cell) => cell.slice(0, sampleChars))))}::jsonb,
                ${JSON.stringify(suggestMapping(entity, table.columns))}::jsonb)
        returning ${jobColumns}`,
  );
  return present(row!);
}

export async function startImportOrThrow(
  db: Database,
  actor: Actor,
  id: string,
  mapping: Record<string, string | null>,
) {
  const job = await findImportOrThrow(db, actor, id);
  if (job.status !== "uploaded") throw conflict("The import has already been started");
  const fields = importFields[job.entity];
  const used = new Set<string>();
  for (const [column, field] of Object.entries(mapping)) {
    const path = `mapping.${column}`;
    if (!job.columns.includes(column))
      throw invalid(path, "No such column in the file", { code: "mappingColumn", params: { column } });
    if (field === null) continue;
    if (!fields.some((candidate) => candidate.key === field))
      throw invalid(path, `Unknown field "${field}"`, { code: "mappingField", params: { field } });
    if (used.has(field))
      throw invalid(path, `The field "${field}" is already taken by another column`, {
        code: "mappingTaken",
        params: { field },
      });
    used.add(field);
  }
  for (const field of fields.filter((candidate) => candidate.required)) {
    if (!used.has(field.key))
      throw invalid("mapping", `Choose the column for the required field "${field.key}"`, {
        code: "mappingRequired",
        params: { field: field.key },
      });
  }
  const started = await rows<{ id: string }>(
    db,
    sql`update import_jobs set status = 'running', mapping = ${JSON.stringify(mapping)}::jsonb
        where id = ${id} and status = 'uploaded' returning id`,
  );
  if (started.length === 0) throw conflict("The import has already been started");
  await recordAudit(db, { actorId: actor.user.id, entity: "import", entityId: id, action: "start" });
  launchImport(db, id);
  return findImportOrThrow(db, actor, id);
}
