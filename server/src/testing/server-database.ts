import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { inject } from "vitest";
import { type Database, type DatabaseHandle, openPglite, rows } from "../platform/db/database";
import { openTestDatabase } from "./test-database";

/**
 * A database that server processes can open: on PostgreSQL (TEST_DATABASE_URL) a database of the
 * test's own, copied from the run's template; otherwise a PGlite data folder on disk, unpacked from
 * the template. The test inspects it with `inspect`, which on PGlite opens the folder itself — only
 * one process may own an embedded database, so no server may be running then.
 */
export interface ServerDatabase {
  engine: "pglite" | "postgres";
  /** The environment that points main.ts at this database. */
  env: Record<string, string>;
  inspect<T>(work: (db: Database) => Promise<T>): Promise<T>;
  drop(): Promise<void>;
}

export async function openServerDatabase(): Promise<ServerDatabase> {
  if (process.env.TEST_DATABASE_URL && inject("postgresTemplate")) {
    const handle = await openTestDatabase();
    const [database] = await rows<{ name: string }>(handle.db, sql`select current_database() as name`);
    const url = new URL(process.env.TEST_DATABASE_URL);
    url.pathname = `/${database!.name}`;
    return {
      engine: "postgres",
      env: { DATABASE_URL: url.toString() },
      inspect: (work) => work(handle.db),
      drop: () => handle.close(),
    };
  }
  const dataDir = path.join(
    await mkdtemp(path.join(tmpdir(), "planerka-server-")),
    `data-${randomBytes(3).toString("hex")}`,
  );
  const template = new Blob([await readFile(inject("pgliteTemplate"))]);
  let unpacked = false;
  return {
    engine: "pglite",
    env: { DATABASE_URL: "", PLANERKA_DATA_DIR: dataDir },
    async inspect(work) {
      const handle: DatabaseHandle = await openPglite({ dataDir, loadDataDir: unpacked ? undefined : template });
      unpacked = true;
      try {
        return await work(handle.db);
      } finally {
        await handle.close();
      }
    },
    drop: () => rm(path.dirname(dataDir), { recursive: true, force: true }),
  };
}
