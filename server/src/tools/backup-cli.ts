/**
 * `npm run backup -- [file]` and `npm run restore -- <file>`.
 *
 * backup: with PLANERKA_URL (and PLANERKA_LOGIN / PLANERKA_PASSWORD of an administrator) the running
 * server writes the backup (the way for the embedded database while the server runs); otherwise the
 * database of DATABASE_URL (a PostgreSQL server, running or not) or of PLANERKA_DATA_DIR (the
 * embedded one, with the server stopped) is read directly, and the drive's bytes from its store
 * (PLANERKA_S3_* or `<data dir>/drive`). The file is gzip-compressed JSON lines.
 *
 * restore: replaces the data of the configured database with the file's, in one transaction, and
 * puts the drive's bytes back into the configured store (stop the servers first).
 */
import { createReadStream, createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import { restoreBackup, writeBackup } from "../platform/backup/backup";
import { loadConfig } from "../platform/config/config";
import { migrateDatabase, openDatabase } from "../platform/db/database";
import { openBlobStore } from "../platform/files/open-blob-store";

async function downloadFromServer(base: string, file: string) {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login: process.env.PLANERKA_LOGIN, password: process.env.PLANERKA_PASSWORD }),
  });
  if (!login.ok) throw new Error(`Login at ${base} failed: ${login.status}`);
  const cookie = login.headers.getSetCookie()[0]!.split(";")[0]!;
  const response = await fetch(`${base}/api/v1/backup`, { headers: { cookie } });
  if (!response.ok || !response.body) throw new Error(`Backup download failed: ${response.status}`);
  await pipeline(Readable.fromWeb(response.body as never), createWriteStream(file));
}

async function main() {
  const [command, fileArgument] = process.argv.slice(2);
  const config = loadConfig();
  if (command === "backup") {
    const file = fileArgument ?? `planerka-${new Date().toISOString().replace(/[:.]/g, "-")}.backup.gz`;
    const started = Date.now();
    if (process.env.PLANERKA_URL) {
      await downloadFromServer(process.env.PLANERKA_URL.replace(/\/$/, ""), file);
    } else {
      const handle = await openDatabase(config);
      const gzip = createGzip();
      const written = pipeline(gzip, createWriteStream(file));
      const counted = await writeBackup(handle.db, gzip, { store: openBlobStore(config) });
      gzip.end();
      await written;
      await handle.close();
      console.log(`${counted.tables} tables, ${counted.rows} rows, ${counted.blobs} drive files`);
      if (counted.missingBlobs > 0) {
        console.warn(
          `Warning: ${counted.missingBlobs} drive objects were missing from the store and are not in the backup`,
        );
      }
    }
    console.log(`Backup written to ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return;
  }
  if (command === "restore" && fileArgument) {
    const handle = await openDatabase(config);
    await migrateDatabase(handle);
    const input = createReadStream(fileArgument).pipe(createGunzip());
    const restored = await restoreBackup(handle.db, input, { store: openBlobStore(config) });
    await handle.close();
    console.log(
      `Restored ${restored.tables} tables, ${restored.rows} rows, ${restored.blobs} drive files from ${fileArgument}`,
    );
    if (restored.missingBlobs > 0) {
      console.warn(`Warning: ${restored.missingBlobs} drive objects were missing when the backup was taken`);
    }
    return;
  }
  console.error("Usage: npm run backup -- [file]   |   npm run restore -- <file>");
  process.exit(2);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
