import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { promisify } from "node:util";
import { createGunzip, gunzipSync } from "node:zlib";
import { type DriveFile, driveChunkBytes } from "@planerka/common";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app";
import { runDriveContentPass } from "../../modules/drive/drive-content-worker";
import { download, ok, roots, uploadFile, useTemporaryStore } from "../../modules/drive/drive-test-kit";
import { createAccessFixture, testPassword } from "../../testing/factories";
import { startS3Server } from "../../testing/s3-server";
import { type Client, login, loginEach, useTestApp } from "../../testing/test-app";
import { openTestDatabase } from "../../testing/test-database";
import { type Database, type DatabaseHandle, rows } from "../db/database";
import type { BlobStore } from "../files/blob-store";
import { LocalBlobStore } from "../files/local-blob-store";
import { openBlobStore } from "../files/open-blob-store";
import { type BackupResult, restoreBackup, writeBackup } from "./backup";

async function backupText(db: Database, store: BlobStore): Promise<string> {
  return (await backupWithResult(db, store)).text;
}

async function backupWithResult(db: Database, store: BlobStore): Promise<{ text: string; result: BackupResult }> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on("data", (chunk: Buffer) => chunks.push(chunk));
  const result = await writeBackup(db, output, { store });
  output.end();
  return { text: Buffer.concat(chunks).toString("utf8"), result };
}

/** The drive's objects as the source had them, restored into an empty store of each test's own. */
const source = useTemporaryStore();
const restoredStores = useTemporaryStore();
let storeCount = 0;
const emptyStore = () => new LocalBlobStore(path.join(restoredStores.root, String(++storeCount)));

const restoreText = (db: Database, text: string, store: BlobStore = emptyStore()) =>
  restoreBackup(db, PassThrough.from([text]) as never, { store });

/** Each table's rows as one checksum, independent of physical order. */
async function checksums(db: Database): Promise<Record<string, string>> {
  const tables = await rows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE'
          and table_name not in ('sessions', 'user_presence') order by table_name`,
  );
  const result: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await rows<{ sum: string | null; count: number }>(
      db,
      sql`select md5(string_agg(t::text, '|' order by t::text)) as sum, count(*)::int as count from ${sql.identifier(name)} t`,
    );
    result[name] = `${row!.count}:${row!.sum}`;
  }
  return result;
}

async function streamBytes(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The store's key of a drive file's current version. */
async function storageKey(db: Database, fileId: string): Promise<string> {
  const [row] = await rows<{ key: string }>(
    db,
    sql`select b.storage_key as key from drive_files f
        join drive_file_versions v on v.id = f.current_version_id join drive_blobs b on b.id = v.blob_id
        where f.id = ${fileId}`,
  );
  return row!.key;
}

/** A server on the restored database and store, as after `npm run restore` and a start. */
async function withRestoredServer(db: DatabaseHandle, store: BlobStore, work: (client: Client) => Promise<void>) {
  const app = await buildApp({
    db: db.db,
    listen: db.listen,
    webDist: null,
    blobStore: store,
    workflowWorker: false,
    outboxWorker: false,
    reminderWorker: false,
    webhookWorker: false,
    inboxWorker: false,
    driveMaintenanceWorker: false,
    driveContentWorker: false,
  });
  try {
    await app.ready();
    await work(await login(app, "manager-a1"));
  } finally {
    await app.close();
  }
}

/** Each line of a backup but those `drop` refuses, `change` applied to the rest. */
function editLines(text: string, drop: (line: Record<string, unknown>) => boolean, change = (line: string) => line) {
  return text
    .split("\n")
    .filter((line) => line === "" || !drop(JSON.parse(line)))
    .map(change)
    .join("\n");
}

describe("backup and restore", () => {
  const context = useTestApp({ blobStore: source.store });
  let target: DatabaseHandle;
  let manager: Client;
  let head: Client;
  let myDrive: string;
  let document: DriveFile;
  let drawing: DriveFile;
  const documentBytes = Buffer.from("Поставка сварочного оборудования для ТОО «Арман»\n");
  // Two chunks: one full, one short.
  const drawingBytes = randomBytes(driveChunkBytes + 12_345);

  beforeAll(async () => {
    const fixture = await createAccessFixture(context.handle.db);
    [manager, head] = await loginEach(context.app, ["manager-a1", "head-a"] as const);
    for (let index = 0; index < 15; index++) {
      await manager.request("POST", "/api/v1/deals", { title: `Сделка ${index}`, amount: 1000 + index * 0.01 });
    }
    const task = await head.request("POST", "/api/v1/tasks", {
      title: "Задача с файлом",
      assigneeId: fixture.managerA1.id,
      checklist: ["Пункт"],
    });
    const form = new FormData();
    form.append("file", new Blob([Buffer.from([0, 1, 2, 255, 254])]), "bytes.bin");
    const upload = new Request("http://x", { method: "POST", body: form });
    await context.app.inject({
      method: "POST",
      url: `/api/v1/tasks/${task.json().id}/files`,
      headers: { cookie: head.cookie, "content-type": upload.headers.get("content-type")! },
      payload: Buffer.from(await upload.arrayBuffer()),
    });
    const chat = await head.request("POST", "/api/v1/chats/direct", { userId: fixture.managerA1.id });
    await head.request("POST", `/api/v1/chats/${chat.json().id}/messages`, { body: "Привет" });
    myDrive = (await roots(manager)).personal.id;
    document = await uploadFile(manager, myDrive, "Техническое задание.txt", documentBytes, "text/plain");
    drawing = await uploadFile(manager, myDrive, "Чертёж.bin", drawingBytes);
    await runDriveContentPass(context.handle.db, source.store);
    target = await openTestDatabase();
  }, 120_000);
  afterAll(async () => {
    await target?.close();
  });

  it("brings back every table equal, files and sequences included", { timeout: 120_000 }, async () => {
    const text = await backupText(context.handle.db, source.store);
    expect(text.split("\n")[0]).toContain('"format":"planerka-backup"');
    const restored = await restoreText(target.db, text);
    expect(restored.rows).toBeGreaterThan(50);
    const [blobs] = await rows<{ count: number }>(target.db, sql`select count(*)::int as count from drive_blobs`);
    expect(restored).toMatchObject({ blobs: blobs!.count, missingBlobs: 0 });
    expect(await checksums(target.db)).toEqual(await checksums(context.handle.db));
    // Sequences continue where they were: the next deal number follows the last one.
    const [numbers] = await rows<{ copy: string }>(target.db, sql`select max(number)::text as copy from deals`);
    await target.db.execute(
      sql`insert into deals (title, pipeline_id, stage_id, owner_id)
          select 'после восстановления', pipeline_id, stage_id, owner_id from deals limit 1`,
    );
    const [after] = await rows<{ number: string }>(
      target.db,
      sql`select number::text from deals where title = 'после восстановления'`,
    );
    expect(Number(after!.number)).toBeGreaterThan(Number(numbers!.copy));
  });

  it("takes a consistent snapshot while writes go on, and refuses a foreign file", { timeout: 120_000 }, async () => {
    let writing = true;
    const writes = (async () => {
      let count = 0;
      while (writing && count < 40) {
        await manager.request("POST", "/api/v1/deals", { title: `Во время копии ${count}`, amount: 10 });
        count += 1;
      }
      return count;
    })();
    const text = await backupText(context.handle.db, source.store);
    writing = false;
    expect(await writes).toBeGreaterThan(0);
    await restoreText(target.db, text);
    // The totals the figures read agree with the deals of the same instant.
    const [check] = await rows<{ deals: string; totals: string }>(
      target.db,
      sql`select (select coalesce(sum(amount), 0)::text from deals where deleted_at is null) as deals,
                 (select coalesce(sum(amount), 0)::text from deal_stage_totals) as totals`,
    );
    expect(Number(check!.totals)).toBe(Number(check!.deals));
    await expect(restoreText(target.db, '{"format":"other"}\n')).rejects.toThrow("Not a Planerka backup");
    // A refused restore changed nothing.
    const [deals] = await rows<{ count: number }>(target.db, sql`select count(*)::int as count from deals`);
    expect(deals!.count).toBeGreaterThanOrEqual(15);
  });

  it("the administrator downloads it from the running server, and nobody else may", { timeout: 120_000 }, async () => {
    const admin = await login(context.app, "admin-user");
    const download = await context.app.inject({
      method: "GET",
      url: "/api/v1/backup",
      headers: { cookie: admin.cookie },
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers["content-disposition"]).toMatch(/attachment; filename="planerka-.*\.backup\.gz"/);
    const store = emptyStore();
    const restored = await restoreText(target.db, gunzipSync(download.rawPayload).toString("utf8"), store);
    expect(restored.blobs).toBeGreaterThanOrEqual(2);
    expect(await checksums(target.db)).toEqual(await checksums(context.handle.db));
    const copy = await streamBytes(await store.read(await storageKey(target.db, drawing.id)));
    expect(copy.equals(drawingBytes)).toBe(true);
    expect((await manager.request("GET", "/api/v1/backup")).statusCode).toBe(403);
    expect((await head.request("GET", "/api/v1/backup")).statusCode).toBe(403);
  });

  it("`npm run backup` writes the file through the running server", { timeout: 180_000 }, async () => {
    await context.app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = context.app.server.address() as AddressInfo;
    const folder = await mkdtemp(path.join(tmpdir(), "planerka-backup-"));
    const file = path.join(folder, "copy.backup.gz");
    try {
      await promisify(execFile)(
        process.execPath,
        ["--import", "tsx", "server/src/tools/backup-cli.ts", "backup", file],
        {
          env: {
            ...process.env,
            PLANERKA_URL: `http://127.0.0.1:${port}`,
            PLANERKA_LOGIN: "admin-user",
            PLANERKA_PASSWORD: testPassword,
          },
        },
      );
      const store = emptyStore();
      await restoreBackup(target.db, createReadStream(file).pipe(createGunzip()), { store });
      expect(await checksums(target.db)).toEqual(await checksums(context.handle.db));
      expect(await streamBytes(await store.read(await storageKey(target.db, document.id)))).toEqual(documentBytes);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("carries the drive's bytes: the restored server gives the same files and finds them by their text", {
    timeout: 180_000,
  }, async () => {
    const { text, result } = await backupWithResult(context.handle.db, source.store);
    expect(result.missingBlobs).toBe(0);
    // The bytes go in chunks of the upload size: the large file as one full chunk and the rest.
    const lines = text.split("\n").filter(Boolean);
    const drawingKey = await storageKey(context.handle.db, drawing.id);
    const at = lines.indexOf(JSON.stringify({ "#blob": drawingKey, size: drawingBytes.length }));
    expect(at).toBeGreaterThan(0);
    const chunks = [lines[at + 1]!, lines[at + 2]!].map((line) => Buffer.from(JSON.parse(line).data, "base64"));
    expect(chunks.map((chunk) => chunk.length)).toEqual([driveChunkBytes, 12_345]);
    // The search column is computed, not carried.
    expect(text).not.toContain('"search"');

    const store = emptyStore();
    await restoreText(target.db, text, store);
    await withRestoredServer(target, store, async (client) => {
      const documentCopy = await download(client, document.id);
      expect(documentCopy.statusCode).toBe(200);
      expect(documentCopy.rawPayload).toEqual(documentBytes);
      const drawingCopy = await download(client, drawing.id);
      expect(drawingCopy.statusCode).toBe(200);
      expect(drawingCopy.rawPayload.equals(drawingBytes)).toBe(true);
      const found = await ok(client.request("GET", `/api/v1/drive/search?q=${encodeURIComponent("сварочный")}`));
      expect(found.items.map((hit: { file: DriveFile }) => hit.file.name)).toEqual(["Техническое задание.txt"]);
      const byName = await ok(client.request("GET", `/api/v1/drive/search?q=${encodeURIComponent("чертёж")}`));
      expect(byName.items.map((hit: { file: DriveFile }) => hit.file.name)).toEqual(["Чертёж.bin"]);
    });
  });

  it("restores a version 1 file, and refuses one cut short or whose bytes do not add up", {
    timeout: 180_000,
  }, async () => {
    const text = await backupText(context.handle.db, source.store);
    // Version 1: the tables only, no end line.
    const versionOne = editLines(
      text,
      (line) => "#blob" in line || "data" in line || "#end" in line || "#warning" in line,
      (line) => line.replace('"version":2,', '"version":1,'),
    );
    expect(versionOne.split("\n")[0]).toContain('"version":1,');
    const older = await restoreText(target.db, versionOne);
    expect(older).toMatchObject({ blobs: 0, missingBlobs: 0 });
    const [count] = await rows<{ count: number }>(target.db, sql`select count(*)::int as count from drive_files`);
    expect(count!.count).toBeGreaterThanOrEqual(2);

    await expect(
      restoreText(
        target.db,
        editLines(text, (line) => "#end" in line),
      ),
    ).rejects.toThrow("cut short");
    const documentKey = await storageKey(context.handle.db, document.id);
    const announced = JSON.stringify({ "#blob": documentKey, size: documentBytes.length });
    await expect(
      restoreText(target.db, text.replace(announced, JSON.stringify({ "#blob": documentKey, size: 3 }))),
    ).rejects.toThrow(`announces 3 bytes, its row says ${documentBytes.length}`);
    const dataLine = JSON.stringify({ data: documentBytes.toString("base64") });
    expect(text).toContain(dataLine);
    await expect(
      restoreText(
        target.db,
        text.replace(dataLine, JSON.stringify({ data: documentBytes.subarray(1).toString("base64") })),
      ),
    ).rejects.toThrow(`has ${documentBytes.length - 1} of its ${documentBytes.length} bytes`);
    // A refused restore left the database as the last good one did.
    const [after] = await rows<{ count: number }>(target.db, sql`select count(*)::int as count from drive_files`);
    expect(after!.count).toBe(count!.count);
  });

  it("restores into an S3 bucket and backs up from it, an object the bucket lost included", {
    timeout: 180_000,
  }, async () => {
    const server = await startS3Server();
    try {
      const bucket = openBlobStore({
        dataDir: "/nonexistent",
        s3: {
          bucket: server.bucket,
          endpoint: server.endpoint,
          region: "us-east-1",
          accessKeyId: server.accessKeyId,
          secretAccessKey: server.secretAccessKey,
          forcePathStyle: true,
        },
      });
      const restored = await restoreText(target.db, await backupText(context.handle.db, source.store), bucket);
      const drawingKey = await storageKey(target.db, drawing.id);
      const copy = await streamBytes(await bucket.read(drawingKey));
      expect(copy.equals(drawingBytes)).toBe(true);
      await bucket.remove(await storageKey(target.db, document.id));
      const again = await backupWithResult(target.db, bucket);
      expect(again.result).toMatchObject({ blobs: restored.blobs - 1, missingBlobs: 1 });
      expect(again.text).toContain(`"#blob":"${drawingKey}"`);
    } finally {
      await server.stop();
    }
  });

  // Last: it takes an object away from the source's store.
  it("skips an object the store lost, with a warning, and restores the rest", { timeout: 180_000 }, async () => {
    const lost = await uploadFile(manager, myDrive, "Пропавший.txt", Buffer.from("Этого файла больше нет"));
    const lostKey = await storageKey(context.handle.db, lost.id);
    await source.store.remove(lostKey);
    const { text, result } = await backupWithResult(context.handle.db, source.store);
    expect(result.missingBlobs).toBe(1);
    expect(text).toContain(`"blob":"${lostKey}"`);
    expect(text).toContain('"#warning"');
    expect(text).not.toContain(`"#blob":"${lostKey}"`);

    const store = emptyStore();
    const restored = await restoreText(target.db, text, store);
    expect(restored).toMatchObject({ missingBlobs: 1, blobs: result.blobs });
    await withRestoredServer(target, store, async (client) => {
      const copy = await download(client, document.id);
      expect(copy.rawPayload).toEqual(documentBytes);
    });
  });
});
