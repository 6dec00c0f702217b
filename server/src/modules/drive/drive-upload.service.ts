import { createHash } from "node:crypto";
import { type Readable, Transform } from "node:stream";
import { buffer } from "node:stream/consumers";
import { type DriveUpload, driveChunkBytes } from "@planerka/common";
import { sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { AppError, conflict, forbidden, invalid, notFound } from "../../platform/errors/problem";
import { type BlobStore, ChunkLengthError, newStorageKey, type UploadState } from "../../platform/files/blob-store";
import { type DriveCaller, folderStandingOrThrow } from "../../policies/drive";
import { driveLimits, usedBytes } from "./drive.queries";
import { lockedByOther, presentFileFor } from "./drive-file.service";
import { nameTaken } from "./drive-folder.service";
import { callerOf } from "./drive-root.service";
import { sniffMimeType } from "./drive-sniff";

interface UploadRow {
  id: string;
  folderId: string;
  name: string;
  declaredType: string;
  size: number;
  received: number;
  storageKey: string;
  storeState: UploadState;
  chunkHashes: string[];
  createdBy: string;
}

const uploadColumns = sql`id, folder_id as "folderId", name, declared_type as "declaredType", size::float8 as size,
  received::float8 as received, storage_key as "storageKey", store_state as "storeState", chunk_hashes as "chunkHashes",
  created_by as "createdBy"`;

const tooLarge = (detail: string) =>
  new AppError(413, "Payload Too Large", detail, [{ path: "size", message: detail }]);

function presentUpload(row: UploadRow, file: DriveUpload["file"] = null): DriveUpload {
  return {
    id: row.id,
    folderId: row.folderId,
    name: row.name,
    size: row.size,
    received: row.received,
    chunkBytes: driveChunkBytes,
    file,
  };
}

/** An upload is its uploader's alone: anyone else gets 404. */
async function uploadRowOrThrow(executor: Executor, actor: Actor, uploadId: string): Promise<UploadRow> {
  const [row] = await rows<UploadRow>(
    executor,
    sql`select ${uploadColumns} from drive_uploads where id = ${uploadId} and created_by = ${actor.user.id}`,
  );
  if (!row) throw notFound();
  return row;
}

/** The folder takes new files from the caller, and the name is not someone else's locked file or a folder. */
async function assertMayUploadOrThrow(executor: Executor, caller: DriveCaller, folderId: string, name: string) {
  const folder = await folderStandingOrThrow(executor, caller, folderId).catch(() => {
    throw invalid("folderId", "No such folder");
  });
  if (folder.level !== "edit") throw forbidden("You may read this folder but not add to it");
  const [clash] = await rows<{ kind: string; lockedBy: string | null; lockerName: string | null }>(
    executor,
    sql`select 'file' as kind, f.locked_by as "lockedBy", u.name as "lockerName" from drive_files f
          left join users u on u.id = f.locked_by
          where f.folder_id = ${folderId} and lower(f.name) = lower(${name}) and f.deleted_at is null
        union all
        select 'folder', null, null from drive_folders where parent_id = ${folderId} and lower(name) = lower(${name})
          and deleted_at is null`,
  );
  if (clash?.kind === "folder") throw nameTaken("name");
  if (clash?.lockedBy && clash.lockedBy !== caller.id) throw lockedByOther(clash.lockerName);
}

export async function createUploadOrThrow(
  db: Database,
  store: BlobStore,
  actor: Actor,
  input: { folderId: string; name: string; size: number; mimeType?: string },
): Promise<DriveUpload> {
  const caller = callerOf(actor);
  // Checked before the store is touched, so a refused upload leaves nothing behind.
  await db.transaction(async (tx) => {
    await assertMayUploadOrThrow(tx, caller, input.folderId, input.name);
    await assertRoomOrThrow(tx, caller, input.size);
  });
  const key = newStorageKey();
  const state = await store.startUpload(key);
  try {
    return await db.transaction(async (tx) => {
      await assertRoomOrThrow(tx, caller, input.size);
      const [row] = await rows<UploadRow>(
        tx,
        sql`insert into drive_uploads (folder_id, name, declared_type, size, storage_key, store_state, created_by)
            values (${input.folderId}, ${input.name}, ${input.mimeType ?? "application/octet-stream"}, ${input.size},
                    ${key}, ${JSON.stringify(state)}::jsonb, ${caller.id})
            returning ${uploadColumns}`,
      );
      return presentUpload(row!);
    });
  } catch (error) {
    await store.abortUpload(key, state).catch(() => {});
    throw error;
  }
}

/** The file fits the per-file limit, the person's quota and the company's (uploads in progress count). */
async function assertRoomOrThrow(executor: Executor, caller: DriveCaller, size: number) {
  const limits = await driveLimits(executor);
  if (size > limits.maxFileBytes) throw tooLarge(`A file may have at most ${limits.maxFileBytes} bytes`);
  const used = await usedBytes(executor, caller.id);
  if (used.user + size > limits.userQuotaBytes)
    throw tooLarge(`Your drive quota of ${limits.userQuotaBytes} bytes would be exceeded (${used.user} used)`);
  if (used.company + size > limits.companyQuotaBytes)
    throw tooLarge(`The company's drive quota of ${limits.companyQuotaBytes} bytes would be exceeded`);
}

export async function uploadStateOrThrow(db: Database, actor: Actor, uploadId: string): Promise<DriveUpload> {
  return presentUpload(await uploadRowOrThrow(db, actor, uploadId));
}

export async function cancelUploadOrThrow(db: Database, store: BlobStore, actor: Actor, uploadId: string) {
  const row = await uploadRowOrThrow(db, actor, uploadId);
  await db.execute(sql`delete from drive_uploads where id = ${row.id}`);
  await store.abortUpload(row.storageKey, row.storeState).catch(() => {});
}

/**
 * Chunk `index` of an upload: it must start where the stored bytes end (else 409 with the offset to
 * resume from). While it is written, the upload is claimed, so a second writer is refused rather
 * than interleaved. The last chunk completes the upload into a file or a new version.
 */
export async function writeChunkOrThrow(
  db: Database,
  store: BlobStore,
  actor: Actor,
  uploadId: string,
  index: number,
  body: { stream: Readable; declaredLength: number | undefined },
): Promise<DriveUpload> {
  const row = await uploadRowOrThrow(db, actor, uploadId);
  const offset = index * driveChunkBytes;
  if (offset !== row.received)
    throw new AppError(409, "Conflict", `The next chunk starts at byte ${row.received}`, [
      {
        path: "index",
        message: `Send chunk ${Math.floor(row.received / driveChunkBytes)}`,
        code: "offset",
        params: { received: row.received },
      },
    ]);
  const length = Math.min(driveChunkBytes, row.size - offset);
  if (length <= 0) throw invalid("index", "The upload is complete");
  if (body.declaredLength !== undefined && body.declaredLength !== length)
    throw invalid("content-length", `Chunk ${index} has ${length} bytes`);
  const claimed = await rows(
    db,
    sql`update drive_uploads set writing_until = now() + interval '10 minutes'
        where id = ${uploadId} and received = ${offset} and (writing_until is null or writing_until < now()) returning id`,
  );
  if (claimed.length === 0) throw conflict("Another request is writing this upload; ask for its state and resume");
  const hash = createHash("sha256");
  const hashing = new Transform({
    transform(data: Buffer, _encoding, callback) {
      hash.update(data);
      callback(null, data);
    },
  });
  // `pipe` does not pass errors on: a broken request must break the store's write too.
  body.stream.once("error", (error) => hashing.destroy(error));
  let state: UploadState;
  try {
    state = await store.writeChunk(row.storageKey, row.storeState, {
      index,
      offset,
      length,
      body: body.stream.pipe(hashing),
    });
  } catch (error) {
    await db.execute(sql`update drive_uploads set writing_until = null where id = ${uploadId}`);
    if (error instanceof ChunkLengthError)
      throw invalid("body", `Chunk ${index} must have ${length} bytes; ${error.received} arrived`);
    throw error;
  }
  const [updated] = await rows<UploadRow>(
    db,
    sql`update drive_uploads set received = received + ${length}, store_state = ${JSON.stringify(state)}::jsonb,
          chunk_hashes = array_append(chunk_hashes, ${hash.digest("hex")}), writing_until = null, updated_at = now()
        where id = ${uploadId} and received = ${offset} returning ${uploadColumns}`,
  );
  if (!updated) throw conflict("The upload changed meanwhile; ask for its state and resume");
  if (updated.received < updated.size) return presentUpload(updated);
  return completeUploadOrThrow(db, store, actor, updated);
}

async function completeUploadOrThrow(db: Database, store: BlobStore, actor: Actor, upload: UploadRow) {
  const caller = callerOf(actor);
  const chunkCount = Math.ceil(upload.size / driveChunkBytes);
  await store.completeUpload(upload.storageKey, upload.storeState, chunkCount);
  try {
    const head = await buffer(await store.read(upload.storageKey, { start: 0, end: Math.min(upload.size, 4100) - 1 }));
    const mimeType = await sniffMimeType(head, upload.name, upload.declaredType);
    const sha256 = createHash("sha256").update(upload.chunkHashes.join("")).digest("hex");
    const fileId = await db.transaction(async (tx) => {
      // One completion at a time per folder: two uploads of one new name become two versions.
      await tx.execute(sql`select id from drive_folders where id = ${upload.folderId} for update`);
      await assertMayUploadOrThrow(tx, caller, upload.folderId, upload.name);
      const [blob] = await rows<{ id: string }>(
        tx,
        sql`insert into drive_blobs (storage_key, size, sha256, mime_type)
            values (${upload.storageKey}, ${upload.size}, ${sha256}, ${mimeType}) returning id`,
      );
      const [existing] = await rows<{ id: string }>(
        tx,
        sql`select id from drive_files where folder_id = ${upload.folderId} and lower(name) = lower(${upload.name})
              and deleted_at is null`,
      );
      const id =
        existing?.id ??
        (
          await rows<{ id: string }>(
            tx,
            sql`insert into drive_files (folder_id, name, created_by) values (${upload.folderId}, ${upload.name}, ${caller.id})
                returning id`,
          )
        )[0]!.id;
      const [created] = await rows<{ id: string; number: number }>(
        tx,
        sql`insert into drive_file_versions (file_id, number, blob_id, uploaded_by)
            select ${id}, coalesce(max(number), 0) + 1, ${blob!.id}, ${caller.id} from drive_file_versions where file_id = ${id}
            returning id, number`,
      );
      await tx.execute(
        sql`update drive_files set current_version_id = ${created!.id}, size = ${upload.size}, mime_type = ${mimeType},
              content = null, content_state = 'pending', updated_at = now(),
              version = version + ${existing ? 1 : 0} where id = ${id}`,
      );
      await tx.execute(sql`delete from drive_uploads where id = ${upload.id}`);
      await recordAudit(tx, {
        actorId: caller.id,
        entity: "drive_file",
        entityId: id,
        action: existing ? "new_version" : "create",
        changes: [
          { field: "version", old: null, new: { number: created!.number, size: upload.size, name: upload.name } },
        ],
      });
      return id;
    });
    return presentUpload({ ...upload, received: upload.size }, await presentFileFor(db, caller, fileId));
  } catch (error) {
    // Refused at the end (rights taken away, a folder took the name): nothing is left behind.
    await db.execute(sql`delete from drive_uploads where id = ${upload.id}`);
    await store.remove(upload.storageKey).catch(() => {});
    throw error;
  }
}

/** Uploads nobody continued for a day are given up: their partial bytes and rows go. */
export async function removeAbandonedUploads(db: Database, store: BlobStore, olderThanHours = 24): Promise<number> {
  const stale = await rows<{ id: string; storageKey: string; storeState: UploadState }>(
    db,
    sql`delete from drive_uploads where updated_at < now() - make_interval(hours => ${olderThanHours})
        returning id, storage_key as "storageKey", store_state as "storeState"`,
  );
  for (const upload of stale) {
    await store.abortUpload(upload.storageKey, upload.storeState).catch(() => {});
    // A process that died between completing the object and recording it left a whole blob.
    await store.remove(upload.storageKey).catch(() => {});
  }
  return stale.length;
}
