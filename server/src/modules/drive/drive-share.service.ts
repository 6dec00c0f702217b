import { createHash, randomBytes } from "node:crypto";
import type { DriveShareLink, LinkableEntity } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { hashPassword } from "../../platform/auth/password";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { toIso, toIsoOrNull } from "../../platform/db/sql-values";
import { AppError, forbidden, invalid, notFound } from "../../platform/errors/problem";
import { type DriveCaller, type FolderStanding, folderStandingOrThrow } from "../../policies/drive";
import { linkOrThrow } from "../tasks/task-members";
import { fileStandingOrThrow } from "./drive-file.service";
import { callerOf } from "./drive-root.service";

/** A link lives at most this long: a client's link is for a deal, not forever. */
export const maxShareDays = 366;

/** The secret in the address; only its SHA-256 is stored, so a database dump opens nothing. */
export const tokenHashOf = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

interface LinkRow {
  id: string;
  fileId: string | null;
  folderId: string | null;
  targetName: string;
  expiresAt: Date;
  hasPassword: boolean;
  downloadLimit: number | null;
  downloads: number;
  entityType: LinkableEntity | null;
  entityId: string | null;
  createdById: string;
  createdByName: string;
  createdAt: Date;
  revokedAt: Date | null;
}

function linkRowsWhere(executor: Executor, where: SQL) {
  return rows<LinkRow>(
    executor,
    sql`select l.id, l.file_id as "fileId", l.folder_id as "folderId", coalesce(f.name, d.name) as "targetName",
          l.expires_at as "expiresAt", l.password_hash is not null as "hasPassword", l.download_limit as "downloadLimit",
          l.downloads, l.entity_type as "entityType", l.entity_id as "entityId", l.created_by as "createdById",
          u.name as "createdByName", l.created_at as "createdAt", l.revoked_at as "revokedAt"
        from drive_share_links l join users u on u.id = l.created_by
        left join drive_files f on f.id = l.file_id left join drive_folders d on d.id = l.folder_id
        where ${where} order by l.created_at desc, l.id`,
  );
}

function presentLink(row: LinkRow, url: string | null = null): DriveShareLink {
  return {
    id: row.id,
    fileId: row.fileId,
    folderId: row.folderId,
    targetName: row.targetName,
    expiresAt: toIso(row.expiresAt),
    hasPassword: row.hasPassword,
    downloadLimit: row.downloadLimit,
    downloads: row.downloads,
    entityType: row.entityType,
    entityId: row.entityId,
    createdBy: { id: row.createdById, name: row.createdByName },
    createdAt: toIso(row.createdAt),
    revokedAt: toIsoOrNull(row.revokedAt),
    url,
  };
}

/** Where the caller stands on the link's item: its folder's standing (a file's folder for a file); 404 when unseen. */
async function targetStandingOrThrow(
  executor: Executor,
  caller: DriveCaller,
  target: { fileId?: string | null; folderId?: string | null },
): Promise<FolderStanding> {
  if (target.fileId) return (await fileStandingOrThrow(executor, caller, target.fileId)).folder;
  return folderStandingOrThrow(executor, caller, target.folderId!);
}

export interface ShareCreateInput {
  fileId?: string;
  folderId?: string;
  expiresAt: string;
  password?: string;
  downloadLimit?: number;
  entityType?: LinkableEntity;
  entityId?: string;
}

/** A new link for a client to a file or folder the caller may edit; the address is in this answer only. */
export async function createShareLinkOrThrow(
  db: Database,
  actor: Actor,
  input: ShareCreateInput,
  origin: string,
): Promise<DriveShareLink> {
  const caller = callerOf(actor);
  const expiresAt = Date.parse(input.expiresAt);
  if (!(expiresAt > Date.now())) throw invalid("expiresAt", "The link must expire in the future");
  if (expiresAt > Date.now() + maxShareDays * 86_400_000) throw invalid("expiresAt", "A link may live at most a year");
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  const token = randomBytes(32).toString("base64url");
  const id = await db.transaction(async (tx) => {
    const standing = await targetStandingOrThrow(tx, caller, input);
    if (standing.level !== "edit") throw forbidden("You may read this item but not give links to it");
    if (input.entityType !== undefined)
      await linkOrThrow(tx, actor.scope, input).catch((error: unknown) => {
        // The record is named in the body, not the path: a record out of reach is a bad field.
        if (error instanceof AppError && error.status === 404)
          throw invalid("entityId", "No such record, or you may not read it");
        throw error;
      });
    const [created] = await rows<{ id: string }>(
      tx,
      sql`insert into drive_share_links (token_hash, file_id, folder_id, password_hash, expires_at, download_limit,
            entity_type, entity_id, created_by)
          values (${tokenHashOf(token)}, ${input.fileId ?? null}, ${input.folderId ?? null}, ${passwordHash},
            ${new Date(expiresAt).toISOString()}, ${input.downloadLimit ?? null}, ${input.entityType ?? null},
            ${input.entityId ?? null}, ${caller.id})
          returning id`,
    );
    await recordAudit(tx, {
      actorId: caller.id,
      entity: "drive_share_link",
      entityId: created!.id,
      action: "create",
      changes: [
        { field: input.fileId ? "fileId" : "folderId", old: null, new: input.fileId ?? input.folderId },
        { field: "expiresAt", old: null, new: new Date(expiresAt).toISOString() },
      ],
    });
    return created!.id;
  });
  const [row] = await linkRowsWhere(db, sql`l.id = ${id}`);
  return presentLink(row!, `${origin.replace(/\/+$/, "")}/s/${token}`);
}

/** The links of an item the caller may read, newest first (addresses are never shown again). */
export async function shareLinksOrThrow(
  db: Database,
  actor: Actor,
  target: { fileId?: string; folderId?: string },
): Promise<DriveShareLink[]> {
  if ((target.fileId === undefined) === (target.folderId === undefined))
    throw invalid("fileId", "Give either fileId or folderId");
  await targetStandingOrThrow(db, callerOf(actor), target);
  const where = target.fileId ? sql`l.file_id = ${target.fileId}` : sql`l.folder_id = ${target.folderId}`;
  return (await linkRowsWhere(db, where)).map((row) => presentLink(row));
}

/** A link of an item the caller may read; 404 otherwise (a link's existence is as secret as its item). */
async function readableLinkOrThrow(executor: Executor, caller: DriveCaller, linkId: string) {
  const [row] = await linkRowsWhere(executor, sql`l.id = ${linkId}`);
  if (!row) throw notFound();
  const standing = await targetStandingOrThrow(executor, caller, row);
  return { row, standing };
}

/** Revoked at once: the creator, or whoever edits or manages the item, may do it. Revoking twice is fine. */
export async function revokeShareLinkOrThrow(db: Database, actor: Actor, linkId: string): Promise<void> {
  const caller = callerOf(actor);
  await db.transaction(async (tx) => {
    const { row, standing } = await readableLinkOrThrow(tx, caller, linkId);
    if (row.createdById !== caller.id && standing.level !== "edit" && !standing.manage)
      throw forbidden("Only the link's author or whoever edits the item may revoke it");
    if (row.revokedAt !== null) return;
    await tx.execute(
      sql`update drive_share_links set revoked_at = now(), revoked_by = ${caller.id} where id = ${linkId} and revoked_at is null`,
    );
    await recordAudit(tx, { actorId: caller.id, entity: "drive_share_link", entityId: linkId, action: "revoke" });
  });
}

export interface ShareDownload {
  at: string;
  fileName: string;
  address: string | null;
}

/** Who downloaded what through the link, newest first. */
export async function shareDownloadsOrThrow(db: Database, actor: Actor, linkId: string): Promise<ShareDownload[]> {
  await readableLinkOrThrow(db, callerOf(actor), linkId);
  const found = await rows<{ at: Date; fileName: string; address: string | null }>(
    db,
    sql`select at, file_name as "fileName", address from drive_share_downloads where link_id = ${linkId}
        order by at desc, id limit 1000`,
  );
  return found.map((row) => ({ ...row, at: toIso(row.at) }));
}
