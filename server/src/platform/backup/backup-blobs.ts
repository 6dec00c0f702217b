import { Readable } from "node:stream";
import { driveChunkBytes } from "@planerka/common";
import { sql } from "drizzle-orm";
import { type Executor, rows } from "../db/database";
import type { BlobStore, UploadState } from "../files/blob-store";

/** One line of the backup, written with back-pressure. */
export type WriteLine = (line: unknown) => Promise<void>;

export interface BlobEntry {
  key: string;
  size: number;
}

/** The store's bytes of every drive_blobs row of the snapshot; keys only, the bytes are streamed later. */
export async function snapshotBlobs(executor: Executor): Promise<BlobEntry[]> {
  const found = await rows<{ key: string; size: string }>(
    executor,
    sql`select storage_key as key, size::text as size from drive_blobs order by storage_key`,
  );
  return found.map((row) => ({ key: row.key, size: Number(row.size) }));
}

/** A missing object, as the folder store (ENOENT) and S3 (NoSuchKey, 404) report it; anything else is a real failure. */
function isMissingBlob(error: unknown): boolean {
  const failure = error as { code?: string; name?: string; $metadata?: { httpStatusCode?: number } };
  return failure.code === "ENOENT" || failure.name === "NoSuchKey" || failure.$metadata?.httpStatusCode === 404;
}

/**
 * Writes `{"#blob": key, "size": n}` and the bytes as `{"data": base64}` lines of exactly
 * `driveChunkBytes` (the last one shorter), the chunk size the stores' uploads expect back on
 * restore (S3 parts but the last must be equal). The store's stream is read as the output takes
 * it, so at most one chunk is in memory. False when the store does not have the object.
 */
export async function writeBlob(store: BlobStore, entry: BlobEntry, write: WriteLine): Promise<boolean> {
  let stream: Readable;
  try {
    stream = await store.read(entry.key);
  } catch (error) {
    if (isMissingBlob(error)) return false;
    throw error;
  }
  await write({ "#blob": entry.key, size: entry.size });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let total = 0;
  const flush = async () => {
    const data = Buffer.concat(pending, pendingBytes).toString("base64");
    pending = [];
    pendingBytes = 0;
    await write({ data });
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > entry.size) break;
      let rest = chunk;
      while (rest.length > 0) {
        const take = Math.min(rest.length, driveChunkBytes - pendingBytes);
        pending.push(rest.subarray(0, take));
        pendingBytes += take;
        rest = rest.subarray(take);
        if (pendingBytes === driveChunkBytes) await flush();
      }
    }
  } finally {
    stream.destroy();
  }
  // The restore would refuse it anyway; the backup fails now, naming the object, rather than later.
  if (total !== entry.size) {
    throw new Error(`The store's object ${entry.key} has ${total} bytes or more, the database says ${entry.size}`);
  }
  if (pendingBytes > 0) await flush();
  return true;
}

interface BlobInProgress {
  key: string;
  size: number;
  state: UploadState;
  index: number;
  offset: number;
}

/**
 * Puts the backup's blobs back through the store's upload API, one chunk per data line, checking
 * each against the restored drive_blobs row: only keys of the restored rows are written, and a
 * size that does not match is an error (the restore's transaction is then rolled back).
 */
export class BlobRestorer {
  restored = 0;
  private current: BlobInProgress | null = null;

  constructor(
    private readonly executor: Executor,
    private readonly store: BlobStore,
  ) {}

  async begin(key: string, size: unknown): Promise<void> {
    await this.finish();
    const [row] = await rows<{ size: string }>(
      this.executor,
      sql`select size::text as size from drive_blobs where storage_key = ${key}`,
    );
    if (!row) throw new Error(`The backup has the bytes of ${key}, which no drive_blobs row names`);
    if (typeof size !== "number" || Number(row.size) !== size) {
      throw new Error(`The backup's object ${key} announces ${String(size)} bytes, its row says ${row.size}`);
    }
    const state = await this.store.startUpload(key);
    this.current = { key, size, state, index: 0, offset: 0 };
  }

  async data(base64: string): Promise<void> {
    const current = this.current;
    if (!current) throw new Error("The backup has file data outside a file");
    const buffer = Buffer.from(base64, "base64");
    // Every chunk but the last is full: one after a short chunk, or one past the size, is damage.
    const misplaced = current.offset % driveChunkBytes !== 0 || buffer.length > driveChunkBytes;
    if (misplaced || current.offset + buffer.length > current.size) {
      throw new Error(`The backup's object ${current.key} does not have the ${current.size} bytes it announces`);
    }
    current.state = await this.store.writeChunk(current.key, current.state, {
      index: current.index,
      offset: current.offset,
      length: buffer.length,
      body: Readable.from([buffer]),
    });
    current.index += 1;
    current.offset += buffer.length;
  }

  /** Completes the blob being written, if any. */
  async finish(): Promise<void> {
    const current = this.current;
    if (!current) return;
    if (current.offset !== current.size) {
      throw new Error(`The backup's object ${current.key} has ${current.offset} of its ${current.size} bytes`);
    }
    this.current = null;
    if (current.size === 0) {
      // An upload of no chunks is not something every store completes (S3 needs a part).
      await this.store.abortUpload(current.key, current.state);
      await this.store.put(current.key, Buffer.alloc(0));
    } else {
      await this.store.completeUpload(current.key, current.state, current.index);
    }
    this.restored += 1;
  }

  /** Gives up the upload in progress after a failure; what was already complete stays (same keys, same bytes). */
  async abort(): Promise<void> {
    const current = this.current;
    this.current = null;
    if (current) await this.store.abortUpload(current.key, current.state).catch(() => undefined);
  }
}
