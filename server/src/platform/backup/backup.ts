import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { sql } from "drizzle-orm";
import { type Database, type Executor, rows } from "../db/database";

/** Sessions and presence belong to the running servers, not to the company's data. */
const transientTables = new Set(["sessions", "user_presence"]);
const batchRows = 1000;
export const backupFormat = "planerka-backup";
export const backupVersion = 1;

interface BackupHeader {
  format: typeof backupFormat;
  version: number;
  createdAt: string;
  migrations: number;
  tables: string[];
  sequences: Record<string, number>;
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

/**
 * Writes every table of the company (uploaded files included: they are rows) as gzip-able
 * newline-delimited JSON: a header, then each table's name and its rows. One REPEATABLE READ
 * transaction gives one consistent snapshot while the server goes on writing; rows are read
 * through a cursor, so memory does not grow with the tables.
 */
export async function writeBackup(db: Database, output: Writable): Promise<{ tables: number; rows: number }> {
  const write = (line: unknown) =>
    new Promise<void>((resolve, reject) => {
      const more = output.write(`${JSON.stringify(line)}\n`, (error) => (error ? reject(error) : undefined));
      if (more) resolve();
      else output.once("drain", resolve);
    });
  let total = 0;
  const tables = await db.transaction(
    async (tx) => {
      const names = await dataTables(tx);
      const sequences = await rows<{ name: string; value: string | null }>(
        tx,
        sql`select sequencename as name, last_value::text as value from pg_sequences where schemaname = 'public'`,
      );
      const header: BackupHeader = {
        format: backupFormat,
        version: backupVersion,
        createdAt: new Date().toISOString(),
        migrations: await migrationCount(tx),
        tables: names,
        sequences: Object.fromEntries(sequences.map((row) => [row.name, Number(row.value ?? 0)])),
      };
      await write(header);
      for (const name of names) {
        await write({ "#table": name });
        await tx.execute(
          sql`declare planerka_backup no scroll cursor for select row_to_json(t) as row from ${sql.identifier(name)} t`,
        );
        for (;;) {
          const batch = await rows<{ row: unknown }>(tx, sql`fetch ${sql.raw(String(batchRows))} from planerka_backup`);
          for (const entry of batch) await write(entry.row);
          total += batch.length;
          if (batch.length < batchRows) break;
        }
        await tx.execute(sql`close planerka_backup`);
      }
      return names.length;
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
  return { tables, rows: total };
}

/**
 * Replaces the database's data with a backup, all or nothing: one transaction truncates every
 * table and loads the rows (triggers and foreign keys paused for the load, as the bulk loader does;
 * the backup is a consistent snapshot, totals tables included), then sets the sequences. The
 * database must be migrated to the same version the backup was taken at.
 */
export async function restoreBackup(db: Database, input: Readable): Promise<{ tables: number; rows: number }> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw new Error("The backup is empty");
  const header = JSON.parse(first.value) as BackupHeader;
  if (header.format !== backupFormat || header.version !== backupVersion) throw new Error("Not a Planerka backup");
  let total = 0;
  await db.transaction(async (tx) => {
    const migrations = await migrationCount(tx);
    if (migrations !== header.migrations) {
      throw new Error(
        `The backup was taken at migration ${header.migrations}, the database is at ${migrations}: start the matching version first`,
      );
    }
    await tx.execute(sql`set local session_replication_role = replica`);
    const present = new Set(await dataTables(tx));
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
      await tx.execute(
        sql`insert into ${sql.identifier(table)} overriding system value
            select * from json_populate_recordset(null::${sql.identifier(table)}, ${JSON.stringify(batch)}::json)`,
      );
      total += batch.length;
      batch = [];
    };
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      if (next.value.trim() === "") continue;
      const line = JSON.parse(next.value) as Record<string, unknown>;
      if (typeof line["#table"] === "string") {
        await flush();
        table = line["#table"];
        if (!present.has(table)) throw new Error(`The backup has a table this database lacks: ${table}`);
        continue;
      }
      batch.push(line);
      if (batch.length >= batchRows) await flush();
    }
    await flush();
    for (const [name, value] of Object.entries(header.sequences)) {
      if (value > 0) await tx.execute(sql`select setval(${name}, ${value})`);
    }
  });
  return { tables: header.tables.length, rows: total };
}
