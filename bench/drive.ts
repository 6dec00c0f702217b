/**
 * Bench part `drive` (issue #20), on a fresh embedded database (or DATABASE_URL) and a local blob
 * store in a temporary folder, through the real HTTP server in this process:
 * - a 1 GiB upload in 8 MiB chunks (BENCH_DRIVE_UPLOAD_MB): MiB/s and the process's RSS before, at
 *   its peak and after — the server streams each chunk to the store, so memory must not follow size;
 * - a folder of 10,000 files (BENCH_DRIVE_FOLDER_FILES): the first page of its listing, by name and by date;
 * - search over 50,000 files with text (BENCH_DRIVE_SEARCH_FILES): a word in their text and a piece of a name.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { driveChunkBytes } from "@planerka/common";
import { sql } from "drizzle-orm";
import { buildApp } from "../server/src/app";
import { createCompany } from "../server/src/modules/settings/company-setup";
import { hashPassword } from "../server/src/platform/auth/password";
import { migrateDatabase, openDatabase, rows } from "../server/src/platform/db/database";
import { users } from "../server/src/platform/db/schema";
import { LocalBlobStore } from "../server/src/platform/files/local-blob-store";
import { type Figure, timeIt } from "./measure";

const uploadMegabytes = Number(process.env.BENCH_DRIVE_UPLOAD_MB ?? 1024);
const folderFiles = Number(process.env.BENCH_DRIVE_FOLDER_FILES ?? 10_000);
const searchFiles = Number(process.env.BENCH_DRIVE_SEARCH_FILES ?? 50_000);
const mebibytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

const words = [
  "сварочный",
  "инвертор",
  "электрод",
  "проволока",
  "горелка",
  "баллон",
  "маска",
  "кабель",
  "редуктор",
  "аппарат",
];

export async function measureDrive(): Promise<Figure[]> {
  const folder = mkdtempSync(path.join(tmpdir(), "planerka-bench-drive-"));
  const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: path.join(folder, "db") });
  const figures: Figure[] = [];
  try {
    await migrateDatabase(handle);
    const db = handle.db;
    const { rootUnitId } = await db.transaction((tx) => createCompany(tx, "Бенчмарк диска"));
    await db.insert(users).values({
      login: "bench-drive",
      passwordHash: await hashPassword("bench-password"),
      name: "Менеджер диска",
      role: "admin",
      unitId: rootUnitId,
    });
    const app = await buildApp({
      db,
      webDist: null,
      blobStore: new LocalBlobStore(path.join(folder, "blobs")),
      workflowWorker: false,
      outboxWorker: false,
      webhookWorker: false,
      inboxWorker: false,
      reminderWorker: false,
      driveContentWorker: false,
      driveMaintenanceWorker: false,
    });
    const address = await app.listen({ port: 0, host: "127.0.0.1" });
    const login = await fetch(`${address}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ login: "bench-drive", password: "bench-password" }),
    });
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    // biome-ignore lint/suspicious/noExplicitAny: the bench reads a few fields of many answers
    const call = async (method: string, url: string, body?: unknown): Promise<any> => {
      const answer = await fetch(`${address}${url}`, {
        method,
        headers: { cookie, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!answer.ok) throw new Error(`${method} ${url}: ${answer.status} ${await answer.text()}`);
      return answer.json();
    };
    await call("PUT", "/api/v1/drive/settings", {
      maxFileBytes: 64 * 1024 ** 3,
      userQuotaBytes: 64 * 1024 ** 3,
      companyQuotaBytes: 128 * 1024 ** 3,
      version: 1,
    });
    const roots = await call("GET", "/api/v1/drive/roots");
    const myDrive: string = roots.personal.id;

    // 1. A large upload: one 8 MiB buffer reused, so the client side holds no more than a chunk.
    const size = uploadMegabytes * 1024 * 1024;
    const chunk = Buffer.alloc(driveChunkBytes, 7);
    globalThis.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 20);
    const started = performance.now();
    const upload = await call("POST", "/api/v1/drive/uploads", {
      folderId: myDrive,
      name: "Видео с объекта.mp4",
      size,
    });
    let file: { size: number } | null = null;
    for (let index = 0; index * driveChunkBytes < size; index++) {
      const length = Math.min(driveChunkBytes, size - index * driveChunkBytes);
      chunk.writeUInt32BE(index, 0);
      const answer = await fetch(`${address}/api/v1/drive/uploads/${upload.id}/chunks/${index}`, {
        method: "PUT",
        headers: { cookie, "content-type": "application/octet-stream" },
        body: chunk.subarray(0, length),
      });
      if (!answer.ok) throw new Error(`chunk ${index}: ${answer.status} ${await answer.text()}`);
      file = ((await answer.json()) as { file: { size: number } | null }).file;
    }
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    globalThis.gc?.();
    const rssAfter = process.memoryUsage().rss;
    if (file?.size !== size) throw new Error("the upload did not become a file of its size");

    // 2. A folder of many files, written straight into the tables (their bytes are not the point).
    const big = await call("POST", "/api/v1/drive/folders", { parentId: myDrive, name: "Сканы" });
    await fillFolder(db, big.id, folderFiles, "Скан договора");
    const byName = await timeIt(() => call("GET", `/api/v1/drive/folders/${big.id}?limit=200`));
    figures.push({ name: `drive folder of ${folderFiles.toLocaleString("en")} files, first page by name`, ...byName });
    const byDate = await timeIt(() =>
      call("GET", `/api/v1/drive/folders/${big.id}?limit=200&sort=updatedAt&direction=desc`),
    );
    figures.push({ name: `drive folder of ${folderFiles.toLocaleString("en")} files, first page by date`, ...byDate });
    const deep = await call("GET", `/api/v1/drive/folders/${big.id}?limit=200`);
    const nextPage = await timeIt(() =>
      call("GET", `/api/v1/drive/folders/${big.id}?limit=200&cursor=${encodeURIComponent(deep.nextCursor)}`),
    );
    figures.push({ name: "drive folder, the next page (keyset)", ...nextPage });

    // 3. Search over many files with text, spread over 50 folders.
    const perFolder = Math.ceil(searchFiles / 50);
    for (let index = 0; index < 50; index++) {
      const sub = await call("POST", "/api/v1/drive/folders", { parentId: myDrive, name: `Проект ${index}` });
      await fillFolder(db, sub.id, perFolder, `Отчёт ${index}`, true);
    }
    const [count] = await rows<{ files: number }>(db, sql`select count(*)::int as files from drive_files`);
    const byWord = await timeIt(() =>
      call("GET", `/api/v1/drive/search?q=${encodeURIComponent("сварочного редуктора")}`),
    );
    figures.push({ name: `drive search in text over ${count!.files.toLocaleString("en")} files`, ...byWord });
    const byPiece = await timeIt(() => call("GET", `/api/v1/drive/search?q=${encodeURIComponent("Отчёт 17 №123")}`));
    figures.push({
      name: `drive search by a piece of a name over ${count!.files.toLocaleString("en")} files`,
      ...byPiece,
    });

    console.log(
      [
        "",
        `drive upload of ${mebibytes(size)} in ${driveChunkBytes / 1024 / 1024} MiB chunks over HTTP: ${seconds.toFixed(1)} s — ${(size / 1024 / 1024 / seconds).toFixed(0)} MiB/s`,
        `  RSS before ${mebibytes(rssBefore)}, peak ${mebibytes(rssPeak)} (+${mebibytes(rssPeak - rssBefore)}), after ${mebibytes(rssAfter)}`,
        ...figures.map(
          (figure) =>
            `  ${figure.name}: p50 ${figure.p50.toFixed(1)} ms, p95 ${figure.p95.toFixed(1)} ms, max ${figure.max.toFixed(1)} ms`,
        ),
        "",
      ].join("\n"),
    );
    await app.close();
    return figures;
  } finally {
    await handle.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** `count` files named `<prefix> №n.pdf` in a folder, each with a version and a blob row; `withText` gives them text. */
export async function fillFolder(
  db: Awaited<ReturnType<typeof openDatabase>>["db"],
  folderId: string,
  count: number,
  prefix: string,
  withText = false,
) {
  const list = sql.raw(`array[${words.map((word) => `'${word}'`).join(", ")}]`);
  await db.execute(
    sql`with blobs as (
          insert into drive_blobs (storage_key, size, sha256, mime_type)
          select 'bench/' || gen_random_uuid(), 1000 + n, md5(n::text), 'application/pdf' from generate_series(1, ${count}) n
          returning id),
        numbered as (select id, row_number() over () as n from blobs),
        files as (
          insert into drive_files (folder_id, name, size, mime_type, content, content_state, updated_at)
          select ${folderId}, ${prefix} || ' №' || n || '.pdf', 1000 + n, 'application/pdf',
                 case when ${withText} then 'Спецификация: ' || (${list})[1 + n % 10] || ' ' || (${list})[1 + (n / 10) % 10]
                   || ' и ' || (${list})[1 + (n / 100) % 10] || 'а для объекта № ' || n else null end,
                 case when ${withText} then 'done' else 'none' end, now() - make_interval(mins => n::int)
          from generate_series(1, ${count}) n
          returning id, size),
        numbered_files as (select id, row_number() over () as n from files),
        versions as (
          insert into drive_file_versions (file_id, number, blob_id)
          select f.id, 1, b.id from numbered_files f join numbered b on b.n = f.n
          returning id, file_id)
        select count(*) from versions`,
  );
  // A statement does not see the rows its own CTEs insert: the versions are set in a second one.
  await db.execute(
    sql`update drive_files f set current_version_id = v.id from drive_file_versions v
        where v.file_id = f.id and f.folder_id = ${folderId} and f.current_version_id is null`,
  );
}
