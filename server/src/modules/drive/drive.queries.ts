import { type SQL, sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";

/** A drive file as listings and cards read it. */
export interface FileRow {
  id: string;
  folderId: string;
  name: string;
  size: number;
  mimeType: string;
  versionNumber: number;
  hasThumbnail: boolean;
  contentState: "pending" | "done" | "none" | "failed";
  lockedById: string | null;
  lockedByName: string | null;
  lockedAt: string | null;
  createdById: string | null;
  createdByName: string | null;
  createdAt: string;
  updatedAt: string;
  /** `updated_at` to the microsecond, in UTC: a cursor must not round it to milliseconds. */
  updatedKey: string;
  deletedAt: string | null;
  version: number;
}

export const fileColumns = sql`f.id, f.folder_id as "folderId", f.name, f.size::float8 as size, f.mime_type as "mimeType",
  coalesce(v.number, 0) as "versionNumber", v.thumbnail_blob_id is not null as "hasThumbnail",
  f.content_state as "contentState",
  f.locked_by as "lockedById", locker.name as "lockedByName", f.locked_at as "lockedAt",
  f.created_by as "createdById", creator.name as "createdByName",
  f.created_at as "createdAt", f.updated_at as "updatedAt", to_char(f.updated_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00' as "updatedKey",
  f.deleted_at as "deletedAt", f.version`;

export const fileJoins = sql`left join drive_file_versions v on v.id = f.current_version_id
  left join users locker on locker.id = f.locked_by
  left join users creator on creator.id = f.created_by`;

export async function fileRowsWhere(executor: Executor, condition: SQL, tail: SQL = sql``): Promise<FileRow[]> {
  return rows<FileRow>(executor, sql`select ${fileColumns} from drive_files f ${fileJoins} where ${condition} ${tail}`);
}

export interface FolderRow {
  id: string;
  kind: "personal" | "group" | "company";
  name: string;
  parentId: string | null;
  groupId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export const folderColumns = sql`d.id, d.kind, d.name, d.parent_id as "parentId", d.group_id as "groupId", d.version,
  d.created_at as "createdAt", d.updated_at as "updatedAt", d.deleted_at as "deletedAt"`;

export async function folderRowOrNull(executor: Executor, id: string): Promise<FolderRow | null> {
  const [row] = await rows<FolderRow>(executor, sql`select ${folderColumns} from drive_folders d where d.id = ${id}`);
  return row ?? null;
}

/** Whether `candidate` is `folderId` or lies below it (a folder may not move into itself). */
export async function isSameOrBelow(executor: Executor, candidate: string, folderId: string): Promise<boolean> {
  const [row] = await rows<{ found: boolean }>(
    executor,
    sql`with recursive chain as (
          select id, parent_id, 0 as depth from drive_folders where id = ${candidate}
          union all
          select p.id, p.parent_id, chain.depth + 1 from drive_folders p join chain on p.id = chain.parent_id where chain.depth < 64
        ) select exists (select 1 from chain where id = ${folderId}) as found`,
  );
  return row?.found ?? false;
}

/** Bytes a person has put on the drive (every version they uploaded), and the company's in all. */
export async function usedBytes(executor: Executor, userId: string): Promise<{ user: number; company: number }> {
  const [row] = await rows<{ user: number; company: number }>(
    executor,
    sql`select coalesce((select sum(b.size) from drive_file_versions v join drive_blobs b on b.id = v.blob_id
                         where v.uploaded_by = ${userId}), 0)::float8
             + coalesce((select sum(size) from drive_uploads where created_by = ${userId}), 0)::float8 as user,
           coalesce((select sum(size) from drive_blobs), 0)::float8
             + coalesce((select sum(size) from drive_uploads), 0)::float8 as company`,
  );
  return row ?? { user: 0, company: 0 };
}

export async function companyUsedBytes(executor: Executor): Promise<number> {
  const [row] = await rows<{ used: number }>(
    executor,
    sql`select coalesce((select sum(size) from drive_blobs), 0)::float8
             + coalesce((select sum(size) from drive_uploads), 0)::float8 as used`,
  );
  return row?.used ?? 0;
}

export interface DriveLimits {
  maxFileBytes: number;
  userQuotaBytes: number;
  companyQuotaBytes: number;
  version: number;
}

export async function driveLimits(executor: Executor): Promise<DriveLimits> {
  const [row] = await rows<DriveLimits>(
    executor,
    sql`select max_file_bytes::float8 as "maxFileBytes", user_quota_bytes::float8 as "userQuotaBytes",
               company_quota_bytes::float8 as "companyQuotaBytes", version from drive_settings where id = 1`,
  );
  return (
    row ?? { maxFileBytes: 4 * 1024 ** 3, userQuotaBytes: 20 * 1024 ** 3, companyQuotaBytes: 2 * 1024 ** 4, version: 1 }
  );
}
