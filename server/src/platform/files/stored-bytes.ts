import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { type SQL, sql } from "drizzle-orm";
import { type Database, type Executor, rows } from "../db/database";
import { type BlobStore, newStorageKey } from "./blob-store";

/**
 * Small files of tasks, chat messages and letters live in the blob store beside the drive's, each
 * recorded in `drive_blobs` (one stored file, many links: a drive file attached to a letter points
 * at the same blob as its version). Rows written before the store kept their bytes in a `data`
 * column; `moveInlineBytesToStore` moves them, and reads take either.
 */
export interface PendingBlob {
  storageKey: string;
  size: number;
  sha256: string;
  mimeType: string;
}

/**
 * Writes `data` to the store, then runs `record` (which inserts the blob row with `insertBlob` in
 * its transaction). When `record` fails the bytes are removed: a refused upload leaves nothing.
 */
export async function withStoredBytes<T>(
  store: BlobStore,
  data: Buffer,
  mimeType: string,
  record: (blob: PendingBlob) => Promise<T>,
): Promise<T> {
  const blob = {
    storageKey: newStorageKey(),
    size: data.length,
    sha256: createHash("sha256").update(data).digest("hex"),
    mimeType,
  };
  await store.put(blob.storageKey, data);
  try {
    return await record(blob);
  } catch (error) {
    await store.remove(blob.storageKey).catch(() => {});
    throw error;
  }
}

/** The blob's row, in the caller's transaction; its id goes into the file row that points at it. */
export async function insertBlob(executor: Executor, blob: PendingBlob): Promise<string> {
  const [row] = await rows<{ id: string }>(
    executor,
    sql`insert into drive_blobs (storage_key, size, sha256, mime_type)
        values (${blob.storageKey}, ${blob.size}, ${blob.sha256}, ${blob.mimeType}) returning id`,
  );
  return row!.id;
}

/** What a file row holds: bytes from before the store, or the key of its blob. */
export interface StoredBytesRef {
  data: Buffer | Uint8Array | null;
  storageKey: string | null;
}

/** The SQL that reads a file row's `StoredBytesRef` (alias `f`, a left join of its blob as `fb`). */
export const storedBytesColumns = sql`f.data, fb.storage_key as "storageKey"`;
export const storedBytesJoin = sql`left join drive_blobs fb on fb.id = f.blob_id`;

/** The file's bytes as a stream, from wherever they are. */
export async function openStoredBytes(store: BlobStore, ref: StoredBytesRef): Promise<Readable> {
  if (ref.storageKey) return store.read(ref.storageKey);
  if (ref.data) return Readable.from([Buffer.from(ref.data)]);
  throw new Error("A stored file has neither bytes nor a blob");
}

class AlreadyMoved extends Error {}

/** The tables whose rows may still hold their bytes inline. */
const inlineTables = ["task_files", "chat_files", "mail_files"] as const;

/**
 * Moves up to `limit` inline files into the store, one at a time (each up to 20 MB). Safe with
 * several processes: a row another process moved meanwhile keeps that one's blob, and the bytes
 * written here for it are removed. Returns how many were moved.
 */
export async function moveInlineBytesToStore(db: Database, store: BlobStore, limit = 50): Promise<number> {
  let moved = 0;
  for (const table of inlineTables) {
    const name = sql.raw(table);
    while (moved < limit) {
      const [row] = await rows<{ id: string; mimeType: string; data: Buffer | Uint8Array }>(
        db,
        sql`select id, mime_type as "mimeType", data from ${name} where blob_id is null and data is not null limit 1`,
      );
      if (!row) break;
      const applied = await withStoredBytes(store, Buffer.from(row.data), row.mimeType, (blob) =>
        db.transaction(async (tx) => {
          const [claimed] = await rows<{ id: string }>(
            tx,
            sql`select id from ${name} where id = ${row.id} and blob_id is null for update`,
          );
          // Moved (or deleted) meanwhile: throwing removes the bytes just written.
          if (!claimed) throw new AlreadyMoved();
          const blobId = await insertBlob(tx, blob);
          await tx.execute(sql`update ${name} set blob_id = ${blobId}, data = null where id = ${row.id}`);
          return true;
        }),
      ).catch((error: unknown) => {
        if (error instanceof AlreadyMoved) return false;
        throw error;
      });
      if (applied) moved += 1;
    }
  }
  return moved;
}

/** A condition true for blobs some file still points at (the garbage collector keeps those): drive versions and thumbnails, task, chat, letter, feed, sales-book and lesson files. */
export const blobInUse = (blobId: SQL) =>
  sql`(exists (select 1 from drive_file_versions v where v.blob_id = ${blobId} or v.thumbnail_blob_id = ${blobId})
    or exists (select 1 from task_files tf where tf.blob_id = ${blobId})
    or exists (select 1 from chat_files cf where cf.blob_id = ${blobId})
    or exists (select 1 from mail_files mf where mf.blob_id = ${blobId})
    or exists (select 1 from feed_post_files pf where pf.blob_id = ${blobId})
    or exists (select 1 from sales_book_article_files af where af.blob_id = ${blobId})
    or exists (select 1 from course_lesson_files lf where lf.blob_id = ${blobId}))`;
