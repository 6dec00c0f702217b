import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import pg from "pg";
import { inject } from "vitest";
import { type DatabaseHandle, openPglite, openPostgres } from "../platform/db/database";

/** A database of this test file's own, copied from the migrated template of the run. */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  const postgresTemplate = inject("postgresTemplate");
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (postgresTemplate && serverUrl) {
    const name = `${postgresTemplate}_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(`create database ${name} template ${postgresTemplate}`);
    } finally {
      await admin.end();
    }
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const handle = await openPostgres(url.toString(), { max: 5 });
    return {
      ...handle,
      close: async () => {
        await handle.close();
        const dropper = new pg.Client({ connectionString: serverUrl });
        await dropper.connect();
        await dropper.query(`drop database if exists ${name} with (force)`);
        await dropper.end();
      },
    };
  }
  const template = await readFile(inject("pgliteTemplate"));
  return openPglite({ loadDataDir: new Blob([template]) });
}
