import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { type Database, holdAdvisoryLock, rows } from "../../platform/db/database";
import { AppError } from "../../platform/errors/problem";
import { type BlobStore, newStorageKey } from "../../platform/files/blob-store";
import { type PollingWorker, startPollingWorker } from "../../platform/jobs/polling-worker";
import { extractTextOrThrow } from "./drive-content";
import { previewKindOf } from "./drive-sniff";
import { makeThumbnailOrThrow } from "./drive-thumbnail";

/** Files larger than this are not opened: their name alone is searched. */
export const contentByteLimit = 50 * 1024 * 1024;
const batchSize = 10;
const pollMilliseconds = 2_000;

interface PendingFile {
  id: string;
  versionId: string;
  storageKey: string;
  size: number | string;
  mimeType: string;
  hasThumbnail: boolean;
}

type Outcome =
  | { state: "done" | "none"; content: string | null; thumbnail: Buffer | null }
  | { state: "failed"; content: null; thumbnail: null };

/**
 * Finds files waiting for their text: `SKIP LOCKED` keeps the claim off rows another transaction is
 * writing (a new version being recorded), and the statement commits at once, so nothing is held
 * while the slow work runs; `runDriveContentPass` keeps processes apart per file.
 */
function claimPending(db: Database) {
  return rows<PendingFile>(
    db,
    sql`select f.id, v.id as "versionId", b.storage_key as "storageKey", b.size, b.mime_type as "mimeType",
          v.thumbnail_blob_id is not null as "hasThumbnail"
        from drive_files f
        join drive_file_versions v on v.id = f.current_version_id
        join drive_blobs b on b.id = v.blob_id
        where f.content_state = 'pending' and f.deleted_at is null
        order by f.updated_at, f.id
        limit ${batchSize}
        for update of f skip locked`,
  );
}

async function readBlob(store: BlobStore, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of await store.read(key)) {
    length += (chunk as Buffer).length;
    // The recorded size is what was checked; a blob longer than it is not read on.
    if (length > contentByteLimit) throw new Error(`Blob ${key} is longer than its recorded size`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function examine(
  file: PendingFile,
  store: BlobStore,
  onError: ((error: unknown) => void) | undefined,
): Promise<Outcome> {
  if (Number(file.size) > contentByteLimit) return { state: "none", content: null, thumbnail: null };
  try {
    const data = await readBlob(store, file.storageKey);
    const content = await extractTextOrThrow(data, file.mimeType);
    const wantsThumbnail = previewKindOf(file.mimeType) === "image" && !file.hasThumbnail;
    const thumbnail = wantsThumbnail ? await makeThumbnailOrThrow(data) : null;
    return { state: content === null ? "none" : "done", content, thumbnail };
  } catch (error) {
    // A damaged or refused file is the file's fault; anything else (a missing blob) is reported too.
    if (!(error instanceof AppError)) onError?.(error);
    return { state: "failed", content: null, thumbnail: null };
  }
}

/**
 * Records the outcome only if the file still has the version that was read and still waits: a
 * version uploaded meanwhile set the state back to pending and is examined on the next pass.
 */
async function record(db: Database, store: BlobStore, file: PendingFile, outcome: Outcome) {
  let thumbnailKey: string | null = null;
  if (outcome.thumbnail) {
    thumbnailKey = newStorageKey();
    await store.put(thumbnailKey, outcome.thumbnail);
  }
  let applied = false;
  try {
    applied = await db.transaction(async (tx) => {
      const [updated] = await rows<{ id: string }>(
        tx,
        sql`update drive_files set content = ${outcome.content}, content_state = ${outcome.state}
            where id = ${file.id} and current_version_id = ${file.versionId} and content_state = 'pending'
            returning id`,
      );
      if (!updated || !outcome.thumbnail || !thumbnailKey) return Boolean(updated);
      const sha256 = createHash("sha256").update(outcome.thumbnail).digest("hex");
      await tx.execute(
        sql`with blob as (
              insert into drive_blobs (storage_key, size, sha256, mime_type)
              values (${thumbnailKey}, ${outcome.thumbnail.length}, ${sha256}, 'image/webp') returning id)
            update drive_file_versions set thumbnail_blob_id = (select id from blob) where id = ${file.versionId}`,
      );
      return true;
    });
  } finally {
    // Nothing points at a thumbnail that was not recorded.
    if (thumbnailKey && !applied) await store.remove(thumbnailKey);
  }
}

/** Still the version that was claimed, still waiting: another process may have done it meanwhile. */
async function stillPending(db: Database, file: PendingFile) {
  const [row] = await rows<{ id: string }>(
    db,
    sql`select id from drive_files
        where id = ${file.id} and current_version_id = ${file.versionId} and content_state = 'pending' and deleted_at is null`,
  );
  return Boolean(row);
}

/**
 * One pass: the text (and an image's thumbnail) of up to ten waiting files. Returns how many were
 * examined. The claim's row locks end with its statement, so while one file is examined an
 * advisory lock keeps other processes off it (they skip it), and the check after taking the lock
 * skips a file another process finished in between.
 */
export async function runDriveContentPass(
  db: Database,
  store: BlobStore,
  options: { shouldStop?: () => boolean; onError?: (error: unknown) => void } = {},
): Promise<number> {
  const files = await claimPending(db);
  let count = 0;
  for (const file of files) {
    if (options.shouldStop?.()) break;
    const release = await holdAdvisoryLock(db, `drive-content:${file.id}`);
    if (!release) continue;
    try {
      if (!(await stillPending(db, file))) continue;
      await record(db, store, file, await examine(file, store, options.onError));
      count++;
    } finally {
      await release();
    }
  }
  return count;
}

/** Extracts the drive's text in the background, every two seconds or at once after `wake()`. */
export function startDriveContentWorker(
  db: Database,
  options: { store: BlobStore; onError?: (error: unknown) => void; pollMs?: number },
): PollingWorker {
  return startPollingWorker(
    (shouldStop) => runDriveContentPass(db, options.store, { shouldStop, onError: options.onError }),
    { pollMs: options.pollMs ?? pollMilliseconds, onError: options.onError },
  );
}
