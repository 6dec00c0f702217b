import type { DriveFile, DriveFolder, DriveLevel, DriveVersion } from "@planerka/common";
import { toIso, toIsoOrNull } from "../../platform/db/sql-values";
import type { FileRow, FolderRow } from "./drive.queries";
import { previewKindOf } from "./drive-sniff";

export interface FolderRights {
  path: { id: string; name: string }[];
  level: DriveLevel;
  manage: boolean;
}

export function presentFolder(row: FolderRow, rights: FolderRights): DriveFolder {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    parentId: row.parentId,
    path: rights.path,
    groupId: row.groupId,
    level: rights.level,
    abilities: { edit: rights.level === "edit", manage: rights.manage },
    version: row.version,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
    deletedAt: toIsoOrNull(row.deletedAt),
  };
}

/** `edit`: the caller may change the file (their level on its folder, and no one else's lock). */
export function presentFile(row: FileRow, folderLevel: DriveLevel, callerId: string): DriveFile {
  const lockedByOther = row.lockedById !== null && row.lockedById !== callerId;
  return {
    id: row.id,
    folderId: row.folderId,
    name: row.name,
    size: Number(row.size),
    mimeType: row.mimeType,
    versionNumber: row.versionNumber,
    preview: previewKindOf(row.mimeType),
    hasThumbnail: row.hasThumbnail,
    contentState: row.contentState,
    lockedBy: row.lockedById ? { id: row.lockedById, name: row.lockedByName ?? "" } : null,
    lockedAt: toIsoOrNull(row.lockedAt),
    createdBy: row.createdById ? { id: row.createdById, name: row.createdByName ?? "" } : null,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
    deletedAt: toIsoOrNull(row.deletedAt),
    version: row.version,
    abilities: { edit: folderLevel === "edit" && !lockedByOther },
  };
}

export interface VersionRow {
  id: string;
  number: number;
  size: number;
  mimeType: string;
  uploadedById: string | null;
  uploadedByName: string | null;
  createdAt: string;
  restoredFrom: number | null;
  current: boolean;
}

export function presentVersion(row: VersionRow): DriveVersion {
  return {
    id: row.id,
    number: row.number,
    size: Number(row.size),
    mimeType: row.mimeType,
    uploadedBy: row.uploadedById ? { id: row.uploadedById, name: row.uploadedByName ?? "" } : null,
    createdAt: toIso(row.createdAt),
    restoredFrom: row.restoredFrom,
    current: row.current,
  };
}
