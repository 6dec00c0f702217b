import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { sql } from "drizzle-orm";
import { type Database, type Executor, rows } from "../db/database";
import type { BlobStore } from "../files/blob-store";
import { BlobRestorer, snapshotBlobs, writeBlob } from "./backup-blobs";

/** Sessions and presence belong to the running servers, not to the company's data. */
const transientTables = new Set(["sessions", "user_presence"]);
const batchRows = 1000;
export const backupFormat = "planerka-backup";
/** 2: the drive's bytes follow the tables, and an end line closes the file. 1 is still restored. */
export const backupVersion = 2;
const restorableVersions = new Set([1, 2]);

interface BackupHeader {
  format: typeof backupFormat;
  version: number;
  createdAt: string;
  migrations: number;
  tables: string[];
  sequences: Record<string, number>;
  /** drive_blobs rows of the snapshot, whose bytes follow the tables (version 2). */
  blobs?: number;
}

export interface BackupOptions {
  /** The drive's store: its objects are written after the tables and put back on restore. */
  store: BlobStore;
}

export interface BackupResult {
  tables: number;
  rows: number;
  blobs: number;
  /** Objects of drive_blobs rows the store did not have: skipped, each a `#warning` line in the file. */
  missingBlobs: number;
}

interface BackupEnd {
  "#end": true;
  rows: number;
  blobs: number;
  missingBlobs: number;
}

async function migrationCount(executor: Executor): Promise<number> {
  const [row] = await rows<{ count: number }>(
    executor,
    sql`select count(*)::int as count from drizzle.__drizzle_migrations`,
  );
  return row?.count ?? 0;
}

async function dataTables(executor: Executor): Promise<string[]> {
  const found = await rows<{ name: string }>(
    executor,
    sql`select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  return found.map((row) => row.name).filter((name) => !transientTables.has(name));
}

/** Per table, the columns a backup carries; generated ones (drive_files.search) are computed again on restore. */
async function storedColumns(executor: Executor): Promise<Map<string, { stored: string[]; generated: string[] }>> {
  const found = await rows<{ table: string; column: string; generated: string }>(
    executor,
    sql`select table_name as table, column_name as column, is_generated as generated
        from information_schema.columns where table_schema = 'public' order by table_name, ordinal_position`,
  );
  const columns = new Map<string, { stored: string[]; generated: string[] }>();
  for (const row of found) {
    const entry = columns.get(row.table) ?? { stored: [], generated: [] };
    if (row.generated === "NEVER") entry.stored.push(row.column);
    else entry.generated.push(row.column);
    columns.set(row.table, entry);
  }
  return columns;
}

function lineWriter(output: Writable) {
  return (line: unknown) =>
    new Promise<void>((resolve, reject) => {
      if (output.destroyed) {
        reject(new Error("The backup's output was closed"));
        return;
      }
      const more = output.write(`${JSON.stringify(line)}\n`, (error) => (error ? reject(error) : undefined));
      if (more) {
        resolve();
        return;
      }
      // A reader that went away never drains: the backup stops instead of waiting for ever.
      const settle = (error?: Error) => {
        output.off("drain", drained);
        output.off("close", closed);
        if (error) reject(error);
        else resolve();
      };
      const drained = () => settle();
      const closed = () => settle(new Error("The backup's output was closed"));
      output.once("drain", drained);
      output.once("close", closed);
    });
}

/**
 * Writes every table of the company as gzip-able newline-delimited JSON: a header, then each
 * table's name and its rows, then the drive's bytes (`#blob` and `data` lines) and an end line.
 * One REPEATABLE READ transaction gives one consistent snapshot while the server goes on writing;
 * rows are read through a cursor, so memory does not grow with the tables. The drive_blobs rows
 * of that snapshot say which objects to copy; their bytes are streamed from the store after the
 * transaction, which must not stay open (and, on the embedded database, hold the only connection)
 * while gigabytes go out. An object the store lost since is a warning, not a failed backup.
 */
export async function writeBackup(db: Database, output: Writable, options: BackupOptions): Promise<BackupResult> {
  const write = lineWriter(output);
  let total = 0;
  const { tables, blobs } = await db.transaction(
    async (tx) => {
      const names = await dataTables(tx);
      const columns = await storedColumns(tx);
      const sequences = await rows<{ name: string; value: string | null }>(
        tx,
        sql`select sequencename as name, last_value::text as value from pg_sequences where schemaname = 'public'`,
      );
      const blobs = names.includes("drive_blobs") ? await snapshotBlobs(tx) : [];
      const header: BackupHeader = {
        format: backupFormat,
        version: backupVersion,
        createdAt: new Date().toISOString(),
        migrations: await migrationCount(tx),
        tables: names,
        sequences: Object.fromEntries(sequences.map((row) => [row.name, Number(row.value ?? 0)])),
        blobs: blobs.length,
      };
      await write(header);
      for (const name of names) {
        await write({ "#table": name });
        const generated = columns.get(name)?.generated ?? [];
        const row =
          generated.length === 0
            ? sql`row_to_json(t)`
            : sql`to_jsonb(t) - array[${sql.join(
                generated.map((column) => sql`${column}`),
                sql`, `,
              )}]::text[]`;
        await tx.execute(
          sql`declare planerka_backup no scroll cursor for select ${row} as row from ${sql.identifier(name)} t`,
        );
        for (;;) {
          const batch = await rows<{ row: unknown }>(tx, sql`fetch ${sql.raw(String(batchRows))} from planerka_backup`);
          for (const entry of batch) await write(entry.row);
          total += batch.length;
          if (batch.length < batchRows) break;
        }
        await tx.execute(sql`close planerka_backup`);
      }
      return { tables: names.length, blobs };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
  let written = 0;
  let missing = 0;
  for (const blob of blobs) {
    if (await writeBlob(options.store, blob, write)) {
      written += 1;
    } else {
      missing += 1;
      await write({
        "#warning": "The drive's store does not have this object; it is not in the backup",
        blob: blob.key,
      });
    }
  }
  const end: BackupEnd = { "#end": true, rows: total, blobs: written, missingBlobs: missing };
  await write(end);
  return { tables, rows: total, blobs: written, missingBlobs: missing };
}

/**
 * Replaces the database's data with a backup, all or nothing: one transaction truncates every
 * table and loads the rows (triggers and foreign keys paused for the load, as the bulk loader does;
 * the backup is a consistent snapshot, totals tables included), puts the drive's bytes back into
 * the store, then sets the sequences. Generated columns are left out of the load and computed
 * again. The database must be migrated to the same version the backup was taken at. A failure
 * rolls the rows back; objects already written to the store stay, unreferenced or identical.
 */
export async function restoreBackup(db: Database, input: Readable, options: BackupOptions): Promise<BackupResult> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw new Error("The backup is empty");
  const header = JSON.parse(first.value) as BackupHeader;
  if (header.format !== backupFormat || !restorableVersions.has(header.version))
    throw new Error("Not a Planerka backup");
  let total = 0;
  let missing = 0;
  let end: BackupEnd | null = null;
  const blobs = await db.transaction(async (tx) => {
    const migrations = await migrationCount(tx);
    if (migrations !== header.migrations) {
      throw new Error(
        `The backup was taken at migration ${header.migrations}, the database is at ${migrations}: start the matching version first`,
      );
    }
    await tx.execute(sql`set local session_replication_role = replica`);
    const present = new Set(await dataTables(tx));
    const columns = await storedColumns(tx);
    const targets = header.tables.filter((name) => present.has(name));
    if (targets.length > 0) {
      await tx.execute(
        sql`truncate ${sql.join(
          targets.map((name) => sql.identifier(name)),
          sql`, `,
        )} cascade`,
      );
    }
    let table: string | null = null;
    let batch: unknown[] = [];
    const flush = async () => {
      if (!table || batch.length === 0) return;
      const names = sql.join(
        (columns.get(table)?.stored ?? []).map((column) => sql.identifier(column)),
        sql`, `,
      );
      await tx.execute(
        sql`insert into ${sql.identifier(table)} (${names}) overriding system value
            select ${names} from json_populate_recordset(null::${sql.identifier(table)}, ${JSON.stringify(batch)}::json)`,
      );
      total += batch.length;
      batch = [];
    };
    let blobs: BlobRestorer | null = null;
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done) break;
        if (next.value.trim() === "") continue;
        if (end) throw new Error("The backup goes on after its end");
        const line = JSON.parse(next.value) as Record<string, unknown>;
        if (blobs && typeof line.data === "string") {
          await blobs.data(line.data);
        } else if (typeof line["#blob"] === "string") {
          if (!blobs) {
            await flush();
            blobs = new BlobRestorer(tx, options.store);
          }
          await blobs.begin(line["#blob"], line.size);
        } else if (typeof line["#warning"] === "string") {
          missing += 1;
        } else if (line["#end"] === true) {
          end = line as unknown as BackupEnd;
        } else if (blobs) {
          throw new Error("The backup has rows after the drive's files");
        } else if (typeof line["#table"] === "string") {
          await flush();
          table = line["#table"];
          if (!present.has(table)) throw new Error(`The backup has a table this database lacks: ${table}`);
        } else {
          batch.push(line);
          if (batch.length >= batchRows) await flush();
        }
      }
      await flush();
      await blobs?.finish();
    } catch (error) {
      await blobs?.abort();
      throw error;
    }
    const restored = blobs?.restored ?? 0;
    // Version 1 files have no end line; from 2 on, a file cut short is refused rather than half restored.
    if (header.version >= 2) {
      if (!end) throw new Error("The backup is cut short: it has no end line");
      if (end.rows !== total || end.blobs !== restored || end.missingBlobs !== missing) {
        throw new Error("The backup is damaged: its counts do not match its contents");
      }
    }
    for (const [name, value] of Object.entries(header.sequences)) {
      if (value > 0) await tx.execute(sql`select setval(${name}, ${value})`);
    }
    return restored;
  });
  return { tables: header.tables.length, rows: total, blobs, missingBlobs: missing };
}
