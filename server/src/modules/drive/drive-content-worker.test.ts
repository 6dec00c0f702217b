import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, type DatabaseHandle, rows } from "../../platform/db/database";
import { newStorageKey } from "../../platform/files/blob-store";
import { LocalBlobStore } from "../../platform/files/local-blob-store";
import { docxWithText, pdfWithText, xlsxWithSheets } from "../../testing/drive-documents";
import { createTestCompany, createUser } from "../../testing/factories";
import { openTestDatabase } from "../../testing/test-database";
import { declareSize } from "../../testing/xlsx-archives";
import { contentByteLimit, runDriveContentPass, startDriveContentWorker } from "./drive-content-worker";
import { docxType, xlsxType } from "./drive-sniff";

let handle: DatabaseHandle;
let db: Database;
let root: string;
let store: LocalBlobStore;
let folderId: string;
let userId: string;
let sequence = 0;

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  root = await mkdtemp(path.join(tmpdir(), "drive-content-"));
  store = new LocalBlobStore(root);
  const { rootUnitId } = await createTestCompany(db);
  userId = (await createUser(db, { unitId: rootUnitId })).id;
  const [folder] = await rows<{ id: string }>(
    db,
    sql`insert into drive_folders (kind, owner_id, name, created_by) values ('personal', ${userId}, 'Мой диск', ${userId})
        returning id`,
  );
  folderId = folder!.id;
});

afterAll(async () => {
  await handle?.close();
  await rm(root, { recursive: true, force: true });
});

/** Stores `data` as a new version of a file (a new file unless `fileId`), as a finished upload leaves it. */
async function upload(name: string, mimeType: string, data: Buffer, options: { fileId?: string; size?: number } = {}) {
  const key = newStorageKey();
  await store.put(key, data);
  const sha256 = createHash("sha256").update(data).digest("hex");
  const [blob] = await rows<{ id: string }>(
    db,
    sql`insert into drive_blobs (storage_key, size, sha256, mime_type)
        values (${key}, ${options.size ?? data.length}, ${sha256}, ${mimeType}) returning id`,
  );
  const fileId =
    options.fileId ??
    (
      await rows<{ id: string }>(
        db,
        sql`insert into drive_files (folder_id, name, created_by) values (${folderId}, ${name}, ${userId}) returning id`,
      )
    )[0]!.id;
  const [version] = await rows<{ id: string }>(
    db,
    sql`insert into drive_file_versions (file_id, number, blob_id, uploaded_by)
        select ${fileId}, coalesce(max(number), 0) + 1, ${blob!.id}, ${userId} from drive_file_versions where file_id = ${fileId}
        returning id`,
  );
  await db.execute(
    sql`update drive_files set current_version_id = ${version!.id}, mime_type = ${mimeType}, size = ${data.length},
          content = null, content_state = 'pending' where id = ${fileId}`,
  );
  return { fileId, versionId: version!.id };
}

async function fileState(fileId: string) {
  const [row] = await rows<{ state: string; content: string | null; thumbnail: string | null }>(
    db,
    sql`select f.content_state as state, f.content, v.thumbnail_blob_id as thumbnail
        from drive_files f join drive_file_versions v on v.id = f.current_version_id where f.id = ${fileId}`,
  );
  return row!;
}

async function search(words: string) {
  const found = await rows<{ name: string }>(
    db,
    sql`select name from drive_files where search @@ websearch_to_tsquery('russian', ${words}) order by name`,
  );
  return found.map((row) => row.name);
}

const unique = (name: string) => `${++sequence}-${name}`;

async function drain() {
  let total = 0;
  for (let count = await runDriveContentPass(db, store); count > 0; count = await runDriveContentPass(db, store))
    total += count;
  return total;
}

describe("the drive's content worker", () => {
  it("extracts the text of documents so that search finds their words, Russian included", async () => {
    const docx = await upload(unique("договор.docx"), docxType, await docxWithText(["Сварочный аппарат ВДУ-506"]));
    const pdf = await upload(unique("prices.pdf"), "application/pdf", pdfWithText("Welding price list 2026"));
    const xlsx = await upload(unique("склад.xlsx"), xlsxType, await xlsxWithSheets({ Склад: [["Электроды", 40]] }));
    const csv = await upload(unique("clients.csv"), "text/csv", Buffer.from("name;city\nАльфа;Алматы\n"));
    expect(await search("сварочный")).toEqual([]);

    expect(await drain()).toBe(4);

    expect(await fileState(docx.fileId)).toMatchObject({ state: "done", thumbnail: null });
    expect((await fileState(docx.fileId)).content).toContain("Сварочный аппарат");
    expect((await fileState(pdf.fileId)).content).toContain("Welding price list 2026");
    expect((await fileState(xlsx.fileId)).content).toContain("Электроды\t40");
    expect(await fileState(csv.fileId)).toMatchObject({ state: "done", content: "name;city\nАльфа;Алматы" });

    // Russian stems: «сварочный» finds «Сварочный», «электродов» finds «Электроды».
    const [docxName] = await rows<{ name: string }>(db, sql`select name from drive_files where id = ${docx.fileId}`);
    expect(await search("сварочный")).toEqual([docxName!.name]);
    expect(await search("электродов")).toHaveLength(1);
    expect(await search("welding price")).toHaveLength(1);
    expect(await search("Алматы")).toHaveLength(1);
  });

  it("makes a WebP thumbnail of a picture, stored as a blob of the current version", async () => {
    const photo = await sharp({ create: { width: 1200, height: 800, channels: 3, background: "#2a6" } })
      .jpeg()
      .toBuffer();
    const { fileId } = await upload(unique("photo.jpg"), "image/jpeg", photo);
    await drain();

    const state = await fileState(fileId);
    expect(state).toMatchObject({ state: "none", content: null });
    const [blob] = await rows<{ storageKey: string; size: number | string; sha256: string; mimeType: string }>(
      db,
      sql`select storage_key as "storageKey", size, sha256, mime_type as "mimeType" from drive_blobs where id = ${state.thumbnail}`,
    );
    expect(blob!.mimeType).toBe("image/webp");
    const chunks: Buffer[] = [];
    for await (const chunk of await store.read(blob!.storageKey)) chunks.push(chunk as Buffer);
    const thumbnail = Buffer.concat(chunks);
    expect(Number(blob!.size)).toBe(thumbnail.length);
    expect(blob!.sha256).toBe(createHash("sha256").update(thumbnail).digest("hex"));
    expect(await sharp(thumbnail).metadata()).toMatchObject({ format: "webp", width: 320, height: 213 });
  });

  it("records a damaged or bombed file as failed, and types without text as none", async () => {
    const bomb = declareSize(await docxWithText(["x"], { "word/media/big.bin": "y" }), "word/media/big.bin", 1024 ** 3);
    const bombed = await upload(unique("bomb.docx"), docxType, bomb);
    const broken = await upload(unique("broken.pdf"), "application/pdf", Buffer.from("%PDF-1.4 nothing else"));
    const brokenImage = await upload(unique("broken.png"), "image/png", Buffer.from("not a picture"));
    const archive = await upload(unique("photos.zip"), "application/zip", Buffer.from("PK\u0003\u0004 whatever"));
    const huge = await upload(unique("video.mp4"), "application/pdf", Buffer.from("not read"), {
      size: contentByteLimit + 1,
    });
    const errors: unknown[] = [];
    expect(await runDriveContentPass(db, store, { onError: (error) => errors.push(error) })).toBe(5);

    expect(await fileState(bombed.fileId)).toMatchObject({ state: "failed", content: null });
    expect(await fileState(broken.fileId)).toMatchObject({ state: "failed", content: null });
    expect(await fileState(brokenImage.fileId)).toMatchObject({ state: "failed", thumbnail: null });
    expect(await fileState(archive.fileId)).toMatchObject({ state: "none", content: null });
    expect(await fileState(huge.fileId)).toMatchObject({ state: "none", content: null });
    // The file's own faults are its state, not errors of the worker.
    expect(errors).toEqual([]);
  });

  it("records nothing for a version replaced while it was read; the new one is examined next", async () => {
    const first = await upload(unique("отчёт.txt"), "text/plain", Buffer.from("старый текст"));
    let replaced = false;
    // The store answers the read only after a new version arrived, as a slow disk would.
    const racingStore = Object.create(store) as LocalBlobStore;
    racingStore.read = async (key, range) => {
      if (!replaced) {
        replaced = true;
        await upload("", "text/plain", Buffer.from("новый текст"), { fileId: first.fileId });
      }
      return store.read(key, range);
    };
    expect(await runDriveContentPass(db, racingStore)).toBe(1);
    expect(await fileState(first.fileId)).toMatchObject({ state: "pending", content: null });

    await drain();
    expect(await fileState(first.fileId)).toMatchObject({ state: "done", content: "новый текст" });
  });

  it("leaves no thumbnail behind when the picture was replaced meanwhile", async () => {
    const picture = await sharp({ create: { width: 50, height: 50, channels: 3, background: "#f00" } })
      .png()
      .toBuffer();
    const { fileId, versionId } = await upload(unique("logo.png"), "image/png", picture);
    const before = await countBlobs();
    const racingStore = Object.create(store) as LocalBlobStore;
    racingStore.read = async (key, range) => {
      await db.execute(sql`update drive_files set current_version_id = null where id = ${fileId}`);
      return store.read(key, range);
    };
    await runDriveContentPass(db, racingStore);
    const [version] = await rows<{ thumbnail: string | null }>(
      db,
      sql`select thumbnail_blob_id as thumbnail from drive_file_versions where id = ${versionId}`,
    );
    expect(version!.thumbnail).toBeNull();
    expect(await countBlobs()).toEqual(before);
  });

  // Two processes' workers: only a server has several sessions (the embedded engine is one process's).
  it.skipIf(!process.env.TEST_DATABASE_URL)("examines a file once when two workers run at the same time", async () => {
    const names = [unique("a.txt"), unique("b.txt"), unique("c.txt")];
    for (const name of names) await upload(name, "text/plain", Buffer.from(`текст ${name}`));
    const reads: string[] = [];
    const countingStore = Object.create(store) as LocalBlobStore;
    countingStore.read = async (key, range) => {
      reads.push(key);
      // Slow, so that both passes claim before either finishes.
      await new Promise((resolve) => setTimeout(resolve, 100));
      return store.read(key, range);
    };
    const counts = await Promise.all([runDriveContentPass(db, countingStore), runDriveContentPass(db, countingStore)]);
    expect(counts[0]! + counts[1]!).toBe(3);
    expect(reads).toHaveLength(3);
    expect(new Set(reads).size).toBe(3);
  });

  it("skips deleted files and runs by itself in the background", async () => {
    const deleted = await upload(unique("удалён.txt"), "text/plain", Buffer.from("в корзине"));
    await db.execute(sql`update drive_files set deleted_at = now() where id = ${deleted.fileId}`);
    expect(await runDriveContentPass(db, store)).toBe(0);
    expect((await fileState(deleted.fileId)).state).toBe("pending");

    const { fileId } = await upload(unique("заметка.txt"), "text/plain", Buffer.from("Сварочный пост"));
    const errors: unknown[] = [];
    const worker = startDriveContentWorker(db, { store, onError: (error) => errors.push(error), pollMs: 50 });
    try {
      await expect.poll(async () => (await fileState(fileId)).state, { timeout: 10_000 }).toBe("done");
    } finally {
      await worker.stop();
    }
    expect(worker.processed).toBeGreaterThanOrEqual(1);
    expect(errors).toEqual([]);
  });
});

async function countBlobs() {
  const [count] = await rows<{ count: number }>(db, sql`select count(*)::int as count from drive_blobs`);
  const files = await readdir(path.join(root, "blobs"), { recursive: true });
  return { rows: count!.count, files: files.filter((name) => name.includes("-")).length };
}
