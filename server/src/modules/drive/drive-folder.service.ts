import type { DriveFolder, DriveListing, driveListQuerySchema } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { AppError, invalid, notFound, staleVersion, taken } from "../../platform/errors/problem";
import { type DriveCaller, type FolderStanding, folderStandingOrThrow, grantReachesCaller } from "../../policies/drive";
import { presentFile, presentFolder } from "./drive.presenter";
import {
  type FileRow,
  type FolderRow,
  fileRowsWhere,
  folderColumns,
  folderRowOrNull,
  isSameOrBelow,
} from "./drive.queries";
import { callerOf } from "./drive-root.service";

type ListQuery = z.infer<typeof driveListQuerySchema>;

export const nameTaken = (path: string) =>
  taken(path, "A file or folder with this name is already here; choose another name");

/** The folder as the caller sees it. */
export async function presentFolderFor(executor: Executor, caller: DriveCaller, folderId: string, trashed = false) {
  const standing = await folderStandingOrThrow(executor, caller, folderId, { trashed });
  const row = await folderRowOrNull(executor, folderId);
  if (!row) throw notFound();
  return presentFolder(row, { path: standing.path, level: standing.level!, manage: standing.manage });
}

/** Names are unique in a folder among files and folders alike, without regard to case. */
export async function assertNameFreeOrThrow(
  executor: Executor,
  folderId: string,
  name: string,
  path: string,
  except?: string,
): Promise<void> {
  const [clash] = await rows<{ id: string }>(
    executor,
    sql`select id from drive_folders where parent_id = ${folderId} and lower(name) = lower(${name}) and deleted_at is null
          and id is distinct from ${except ?? null}::uuid
        union all
        select id from drive_files where folder_id = ${folderId} and lower(name) = lower(${name}) and deleted_at is null
          and id is distinct from ${except ?? null}::uuid
        limit 1`,
  );
  if (clash) throw nameTaken(path);
}

interface Cursor {
  value: string | number;
  id: string;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

function decodeCursorOrThrow(text: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (
      value &&
      (typeof value.value === "string" || typeof value.value === "number") &&
      typeof value.id === "string" &&
      /^[0-9a-f-]{36}$/.test(value.id)
    )
      return value;
  } catch {}
  throw invalid("cursor", "Not a cursor of this listing");
}

const sortKeys = {
  name: {
    key: sql`lower(f.name)`,
    read: (row: FileRow) => row.name.toLowerCase(),
    accepts: (value: unknown) => typeof value === "string",
  },
  updatedAt: {
    key: sql`f.updated_at`,
    read: (row: FileRow) => row.updatedKey,
    accepts: (value: unknown) =>
      typeof value === "string" && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/.test(value),
  },
  size: {
    key: sql`f.size`,
    read: (row: FileRow) => Number(row.size),
    accepts: (value: unknown) => Number.isSafeInteger(value),
  },
} as const;

/** One page of a folder: its sub-folders on the first page, then files in keyset pages. */
export async function folderListingOrThrow(
  db: Database,
  actor: Actor,
  folderId: string,
  query: ListQuery,
): Promise<DriveListing> {
  const caller = callerOf(actor);
  return db.transaction(async (tx) => {
    const standing = await folderStandingOrThrow(tx, caller, folderId);
    const row = await folderRowOrNull(tx, folderId);
    if (!row) throw notFound();
    const folder = presentFolder(row, { path: standing.path, level: standing.level!, manage: standing.manage });
    const childPath = [...standing.path, { id: row.id, name: row.name }];
    const folders = query.cursor ? [] : await subFolders(tx, caller, standing, childPath);
    const sort = sortKeys[query.sort];
    const direction = query.direction === "desc" ? sql`desc` : sql`asc`;
    const after = query.cursor ? decodeCursorOrThrow(query.cursor) : null;
    // A cursor of another order (or forged) would reach SQL as the wrong type: refused here.
    if (after && !sort.accepts(after.value)) throw invalid("cursor", "Not a cursor of this listing");
    const cursorValue = after && (query.sort === "updatedAt" ? sql`${after.value}::timestamptz` : sql`${after.value}`);
    const keyset = after
      ? query.direction === "desc"
        ? sql`and (${sort.key}, f.id) < (${cursorValue}, ${after.id}::uuid)`
        : sql`and (${sort.key}, f.id) > (${cursorValue}, ${after.id}::uuid)`
      : sql``;
    // The page's ids first (an index walk), then their details: joining before the limit would
    // join every file of a large folder.
    const files = await fileRowsWhere(
      tx,
      sql`f.id in (select f.id from drive_files f where f.folder_id = ${folderId} and f.deleted_at is null ${keyset}
            order by ${sort.key} ${direction}, f.id ${direction} limit ${query.limit + 1})`,
      sql`order by ${sort.key} ${direction}, f.id ${direction}`,
    );
    const [count] = await rows<{ count: number }>(
      tx,
      sql`select count(*)::int as count from drive_files where folder_id = ${folderId} and deleted_at is null`,
    );
    const page = files.slice(0, query.limit);
    const last = page.at(-1);
    return {
      folder,
      folders,
      files: page.map((file) => presentFile(file, standing.level!, caller.id)),
      fileCount: count?.count ?? 0,
      nextCursor: files.length > query.limit && last ? encodeCursor({ value: sort.read(last), id: last.id }) : null,
    };
  });
}

async function subFolders(
  executor: Executor,
  caller: DriveCaller,
  standing: FolderStanding,
  path: { id: string; name: string }[],
): Promise<DriveFolder[]> {
  const children = await rows<FolderRow & { editGranted: boolean }>(
    executor,
    sql`select ${folderColumns}, exists (select 1 from drive_folder_grants gr where gr.folder_id = d.id and gr.level = 'edit'
          and ${grantReachesCaller(caller)}) as "editGranted"
        from drive_folders d where d.parent_id = ${standing.id} and d.deleted_at is null order by lower(d.name), d.id`,
  );
  return children.map((child) =>
    presentFolder(child, { path, level: child.editGranted ? "edit" : standing.level!, manage: standing.manage }),
  );
}

export async function createFolderOrThrow(
  db: Database,
  actor: Actor,
  input: { parentId: string; name: string },
): Promise<DriveFolder> {
  const caller = callerOf(actor);
  return db.transaction(async (tx) => {
    const parent = await folderStandingOrThrow(tx, caller, input.parentId, { need: "edit" });
    await assertNameFreeOrThrow(tx, parent.id, input.name, "name");
    const [created] = await rows<{ id: string }>(
      tx,
      sql`insert into drive_folders (kind, parent_id, name, created_by)
          values (${parent.kind}, ${parent.id}, ${input.name}, ${caller.id}) returning id`,
    );
    await recordAudit(tx, {
      actorId: caller.id,
      entity: "drive_folder",
      entityId: created!.id,
      action: "create",
      changes: [{ field: "name", old: null, new: input.name }],
    });
    return presentFolderFor(tx, caller, created!.id);
  });
}

/**
 * Renaming, moving and deleting a folder is for those who edit the folder it is in; a drive's root
 * stays where it is.
 */
async function containerOfOrThrow(executor: Executor, caller: DriveCaller, folderId: string, trashed = false) {
  const standing = await folderStandingOrThrow(executor, caller, folderId, { trashed });
  if (standing.parentId === null)
    throw new AppError(403, "Forbidden", "A drive's root cannot be renamed, moved or deleted");
  const parent = await folderStandingOrThrow(executor, caller, standing.parentId).catch(() => null);
  if (parent?.level !== "edit")
    throw new AppError(403, "Forbidden", "Changing this folder needs the right to edit the folder it is in");
  return { standing, parent };
}

export async function updateFolderOrThrow(
  db: Database,
  actor: Actor,
  folderId: string,
  input: { name?: string; parentId?: string; version: number },
): Promise<DriveFolder> {
  const caller = callerOf(actor);
  return db.transaction(async (tx) => {
    const { standing, parent } = await containerOfOrThrow(tx, caller, folderId);
    const row = (await folderRowOrNull(tx, folderId))!;
    if (row.version !== input.version) throw staleVersion();
    const targetId = input.parentId ?? parent.id;
    let kind = standing.kind;
    if (targetId !== parent.id) {
      const target = await folderStandingOrThrow(tx, caller, targetId, { need: "edit" }).catch(() => {
        throw invalid("parentId", "No such folder, or you may not add to it");
      });
      if (await isSameOrBelow(tx, targetId, folderId)) throw invalid("parentId", "A folder cannot move into itself");
      kind = target.kind;
    }
    const name = input.name ?? row.name;
    await assertNameFreeOrThrow(tx, targetId, name, input.name !== undefined ? "name" : "parentId", folderId);
    await tx.execute(
      sql`update drive_folders set name = ${name}, parent_id = ${targetId}, updated_at = now(), version = version + 1
          where id = ${folderId}`,
    );
    // The kind is the tree's: a folder moved to another drive takes its kind with everything below.
    if (kind !== standing.kind)
      await tx.execute(
        sql`with recursive below as (select id from drive_folders where id = ${folderId}
              union all select c.id from drive_folders c join below on c.parent_id = below.id)
            update drive_folders set kind = ${kind} where id in (select id from below)`,
      );
    const changes = [];
    if (name !== row.name) changes.push({ field: "name", old: row.name, new: name });
    if (targetId !== parent.id) changes.push({ field: "parentId", old: parent.id, new: targetId });
    await recordAudit(tx, {
      actorId: caller.id,
      entity: "drive_folder",
      entityId: folderId,
      action: "update",
      changes,
    });
    return presentFolderFor(tx, caller, folderId);
  });
}

/** To the trash: the folder and everything in it, restorable for 30 days. */
export async function trashFolderOrThrow(db: Database, actor: Actor, folderId: string): Promise<void> {
  const caller = callerOf(actor);
  await db.transaction(async (tx) => {
    await containerOfOrThrow(tx, caller, folderId);
    await tx.execute(
      sql`update drive_folders set deleted_at = now(), deleted_by = ${caller.id}, version = version + 1 where id = ${folderId}`,
    );
    await recordAudit(tx, { actorId: caller.id, entity: "drive_folder", entityId: folderId, action: "delete" });
  });
}

export async function restoreFolderOrThrow(db: Database, actor: Actor, folderId: string): Promise<DriveFolder> {
  const caller = callerOf(actor);
  return db.transaction(async (tx) => {
    const { standing, parent } = await containerOfOrThrow(tx, caller, folderId, true);
    if (standing.deletedAt === null) throw notFound();
    await assertNameFreeOrThrow(tx, parent.id, standing.name, "name", folderId);
    await tx.execute(
      sql`update drive_folders set deleted_at = null, deleted_by = null, version = version + 1 where id = ${folderId}`,
    );
    await recordAudit(tx, { actorId: caller.id, entity: "drive_folder", entityId: folderId, action: "restore" });
    return presentFolderFor(tx, caller, folderId);
  });
}
