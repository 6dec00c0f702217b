import type { DriveFile, DriveVersion } from "@planerka/common";
import { sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { AppError, forbidden, invalid, notFound, staleVersion } from "../../platform/errors/problem";
import { type DriveCaller, type FolderStanding, folderStandingOrThrow } from "../../policies/drive";
import { presentFile, presentVersion, type VersionRow } from "./drive.presenter";
import { type FileRow, fileRowsWhere } from "./drive.queries";
import { assertNameFreeOrThrow } from "./drive-folder.service";
import { callerOf } from "./drive-root.service";

export interface FileStanding {
  file: FileRow;
  folder: FolderStanding;
}

export const lockedByOther = (name: string | null) =>
  new AppError(423, "Locked", `The file is being edited by ${name ?? "another person"} («Редактирую»)`);

/** A file in a folder the caller may read; one in the trash only with `trashed`. Else 404. */
export async function fileStandingOrThrow(
  executor: Executor,
  caller: DriveCaller,
  fileId: string,
  options: { trashed?: boolean } = {},
): Promise<FileStanding> {
  const [file] = await fileRowsWhere(executor, sql`f.id = ${fileId}`);
  if (!file || (file.deletedAt !== null && !options.trashed)) throw notFound();
  const folder = await folderStandingOrThrow(executor, caller, file.folderId);
  return { file, folder };
}

/** Changing a file needs edit on its folder (else 403: the caller sees it) and no one else's lock (423). */
export function assertMayChangeOrThrow(standing: FileStanding, caller: DriveCaller): void {
  if (standing.folder.level !== "edit") throw forbidden("You may read this folder but not change it");
  const { file } = standing;
  if (file.lockedById !== null && file.lockedById !== caller.id) throw lockedByOther(file.lockedByName);
}

export async function presentFileFor(executor: Executor, caller: DriveCaller, fileId: string, trashed = false) {
  const standing = await fileStandingOrThrow(executor, caller, fileId, { trashed });
  return presentFile(standing.file, standing.folder.level!, caller.id);
}

export async function driveFileOrThrow(db: Database, actor: Actor, fileId: string): Promise<DriveFile> {
  return presentFileFor(db, callerOf(actor), fileId);
}

export async function updateFileOrThrow(
  db: Database,
  actor: Actor,
  fileId: string,
  input: { name?: string; folderId?: string; version: number },
): Promise<DriveFile> {
  const caller = callerOf(actor);
  return db.transaction(async (tx) => {
    const standing = await fileStandingOrThrow(tx, caller, fileId);
    assertMayChangeOrThrow(standing, caller);
    const { file } = standing;
    if (file.version !== input.version) throw staleVersion();
    const folderId = input.folderId ?? file.folderId;
    if (folderId !== file.folderId)
      await folderStandingOrThrow(tx, caller, folderId, { need: "edit" }).catch(() => {
        throw invalid("folderId", "No such folder, or you may not add to it");
      });
    const name = input.name ?? file.name;
    await assertNameFreeOrThrow(tx, folderId, name, input.name !== undefined ? "name" : "folderId", fileId);
    await tx.execute(
      sql`update drive_files set name = ${name}, folder_id = ${folderId}, updated_at = now(), version = version + 1
          where id = ${fileId}`,
    );
    const changes = [];
    if (name !== file.name) changes.push({ field: "name", old: file.name, new: name });
    if (folderId !== file.folderId) changes.push({ field: "folderId", old: file.folderId, new: folderId });
    await recordAudit(tx, { actorId: caller.id, entity: "drive_file", entityId: fileId, action: "update", changes });
    return presentFileFor(tx, caller, fileId);
  });
}

export async function trashFileOrThrow(db: Database, actor: Actor, fileId: string): Promise<void> {
  const caller = callerOf(actor);
  await db.transaction(async (tx) => {
    const standing = await fileStandingOrThrow(tx, caller, fileId);
    assertMayChangeOrThrow(standing, caller);
    await tx.execute(
      sql`update drive_files set deleted_at = now(), deleted_by = ${caller.id}, locked_by = null, locked_at = null,
            version = version + 1 where id = ${fileId}`,
    );
    await recordAudit(tx, { actorId: caller.id, entity: "drive_file", entityId: fileId, action: "delete" });
  });
}

export async function restoreFileOrThrow(db: Database, actor: Actor, fileId: string): Promise<DriveFile> {
  const caller = callerOf(actor);
  return db.transaction(async (tx) => {
    const standing = await fileStandingOrThrow(tx, caller, fileId, { trashed: true });
    if (standing.file.deletedAt === null) throw notFound();
    assertMayChangeOrThrow(standing, caller);
    await assertNameFreeOrThrow(tx, standing.file.folderId, standing.file.name, "name", fileId);
    await tx.execute(
      sql`update drive_files set deleted_at = null, deleted_by = null, version = version + 1 where id = ${fileId}`,
    );
    await recordAudit(tx, { actorId: caller.id, entity: "drive_file", entityId: fileId, action: "restore" });
    return presentFileFor(tx, caller, fileId);
  });
}

/**
 * «Редактирую»: while a person holds the lock, nobody else uploads a version, renames, moves or
 * deletes the file. The holder releases it; so may whoever manages the drive, or an admin.
 */
export async function setLockOrThrow(db: Database, actor: Actor, fileId: string, locked: boolean): Promise<DriveFile> {
  const caller = callerOf(actor);
  return db.transaction(async (tx) => {
    const standing = await fileStandingOrThrow(tx, caller, fileId);
    const { file, folder } = standing;
    if (locked) {
      assertMayChangeOrThrow(standing, caller);
      await tx.execute(sql`update drive_files set locked_by = ${caller.id}, locked_at = now() where id = ${fileId}`);
    } else {
      if (file.lockedById === null) return presentFile(file, folder.level!, caller.id);
      const mine = file.lockedById === caller.id;
      if (!mine && !folder.manage && actor.user.role !== "admin") throw lockedByOther(file.lockedByName);
      await tx.execute(sql`update drive_files set locked_by = null, locked_at = null where id = ${fileId}`);
    }
    await recordAudit(tx, {
      actorId: caller.id,
      entity: "drive_file",
      entityId: fileId,
      action: locked ? "lock" : "unlock",
    });
    return presentFileFor(tx, caller, fileId);
  });
}

const versionColumns = sql`v.id, v.number, b.size::float8 as size, b.mime_type as "mimeType",
  v.uploaded_by as "uploadedById", u.name as "uploadedByName", v.created_at as "createdAt",
  v.restored_from as "restoredFrom", v.id = f.current_version_id as current`;

export async function fileVersionsOrThrow(db: Database, actor: Actor, fileId: string): Promise<DriveVersion[]> {
  await fileStandingOrThrow(db, callerOf(actor), fileId);
  const list = await rows<VersionRow>(
    db,
    sql`select ${versionColumns} from drive_file_versions v join drive_blobs b on b.id = v.blob_id
        join drive_files f on f.id = v.file_id left join users u on u.id = v.uploaded_by
        where v.file_id = ${fileId} order by v.number desc`,
  );
  return list.map(presentVersion);
}

/** An earlier version becomes the newest again, as a new version over the same stored bytes. */
export async function restoreVersionOrThrow(
  db: Database,
  actor: Actor,
  fileId: string,
  number: number,
): Promise<DriveFile> {
  const caller = callerOf(actor);
  return db.transaction(async (tx) => {
    const standing = await fileStandingOrThrow(tx, caller, fileId);
    assertMayChangeOrThrow(standing, caller);
    const [source] = await rows<{ blobId: string; size: number; mimeType: string }>(
      tx,
      sql`select v.blob_id as "blobId", b.size::float8 as size, b.mime_type as "mimeType"
          from drive_file_versions v join drive_blobs b on b.id = v.blob_id where v.file_id = ${fileId} and v.number = ${number}`,
    );
    if (!source) throw notFound("No such version");
    const [created] = await rows<{ id: string; number: number }>(
      tx,
      sql`insert into drive_file_versions (file_id, number, blob_id, uploaded_by, restored_from)
          select ${fileId}, max(number) + 1, ${source.blobId}, ${caller.id}, ${number} from drive_file_versions where file_id = ${fileId}
          returning id, number`,
    );
    await tx.execute(
      sql`update drive_files set current_version_id = ${created!.id}, size = ${source.size}, mime_type = ${source.mimeType},
            content = null, content_state = 'pending', updated_at = now(), version = version + 1 where id = ${fileId}`,
    );
    await recordAudit(tx, {
      actorId: caller.id,
      entity: "drive_file",
      entityId: fileId,
      action: "restore_version",
      changes: [{ field: "version", old: standing.file.versionNumber, new: created!.number }],
    });
    return presentFileFor(tx, caller, fileId);
  });
}

export interface StoredContent {
  name: string;
  mimeType: string;
  size: number;
  storageKey: string;
}

/** Where the bytes of a file (its current version, or version `number`) are, for a caller who may read it. */
export async function fileContentOrThrow(
  db: Database,
  actor: Actor,
  fileId: string,
  options: { number?: number; thumbnail?: boolean } = {},
): Promise<StoredContent> {
  const standing = await fileStandingOrThrow(db, callerOf(actor), fileId);
  return storedContentOrThrow(db, standing.file, options);
}

export async function storedContentOrThrow(
  executor: Executor,
  file: Pick<FileRow, "id" | "name">,
  options: { number?: number; thumbnail?: boolean } = {},
): Promise<StoredContent> {
  const which = options.number === undefined ? sql`v.id = f.current_version_id` : sql`v.number = ${options.number}`;
  const blob = options.thumbnail ? sql`v.thumbnail_blob_id` : sql`v.blob_id`;
  const [row] = await rows<{ storageKey: string; size: number; mimeType: string }>(
    executor,
    sql`select b.storage_key as "storageKey", b.size::float8 as size, b.mime_type as "mimeType"
        from drive_files f join drive_file_versions v on v.file_id = f.id join drive_blobs b on b.id = ${blob}
        where f.id = ${file.id} and ${which}`,
  );
  if (!row) throw notFound(options.thumbnail ? "No thumbnail" : "No such version");
  return { name: file.name, ...row };
}

/** The text extracted from the file, for the preview of office documents. */
export async function fileTextOrThrow(db: Database, actor: Actor, fileId: string): Promise<string | null> {
  await fileStandingOrThrow(db, callerOf(actor), fileId);
  const [row] = await rows<{ content: string | null }>(db, sql`select content from drive_files where id = ${fileId}`);
  return row?.content ?? null;
}

export interface CarriedDriveFile {
  id: string;
  name: string;
  mimeType: string;
  size: number;
  blobId: string;
}

/**
 * Drive files the caller may read, for a chat message or a letter to carry: each one's current
 * version, whose stored bytes are shared, not copied (one stored file, many links). An id the
 * caller cannot read is refused as if it did not exist, naming `field`.
 */
export async function driveFilesToCarryOrThrow(
  executor: Executor,
  actor: Actor,
  fileIds: readonly string[],
  field: string,
): Promise<CarriedDriveFile[]> {
  const carried: CarriedDriveFile[] = [];
  for (const fileId of new Set(fileIds)) {
    const standing = await fileStandingOrThrow(executor, callerOf(actor), fileId).catch((error: unknown) => {
      if (error instanceof AppError && error.status === 404) throw invalid(field, "No such file on your drive");
      throw error;
    });
    const [version] = await rows<{ blobId: string; size: number; mimeType: string }>(
      executor,
      sql`select v.blob_id as "blobId", b.size::float8 as size, b.mime_type as "mimeType"
          from drive_file_versions v join drive_blobs b on b.id = v.blob_id
          where v.id = (select current_version_id from drive_files where id = ${fileId})`,
    );
    if (!version) throw invalid(field, "The file is still being uploaded");
    carried.push({ id: fileId, name: standing.file.name, ...version });
  }
  return carried;
}
