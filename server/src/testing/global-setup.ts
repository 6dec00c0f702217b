import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrateDatabase, openPglite, openPostgres } from "../platform/db/database";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string;
  }
}

/**
 * Migrates one template database per run; every test file then starts from a copy of it, so files
 * run in parallel on databases of their own without paying for initdb and migrations each time.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const name = `planerka_template_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const handle = await openPostgres(url.toString(), { max: 1 });
    await migrateDatabase(handle);
    await handle.close();
    project.provide("postgresTemplate", name);
    project.provide("pgliteTemplate", "");
    return async () => {
      const leftovers = await admin.query<{ datname: string }>(
        "select datname from pg_database where datname like 'planerka_t%'",
      );
      for (const row of leftovers.rows) {
        if (row.datname === name || row.datname.startsWith(`${name}_`)) {
          await admin.query(`drop database if exists ${row.datname} with (force)`);
        }
      }
      await admin.end();
    };
  }
  const handle = await openPglite();
  await migrateDatabase(handle);
  const dump = await handle.pglite!.dumpDataDir("none");
  const file = path.join(tmpdir(), `planerka-template-${process.pid}.tar`);
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
  project.provide("pgliteTemplate", file);
  project.provide("postgresTemplate", "");
}
