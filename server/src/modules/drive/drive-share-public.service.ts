import { timingSafeEqual } from "node:crypto";
import { sql } from "drizzle-orm";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { signTimestamped } from "../../platform/secrets/signature";
import { tokenHashOf } from "./drive-share.service";

/** How long a right password opens the link in that browser. */
export const proofHours = 4;

/** A link as the public page sees it, found by its secret. */
export interface PublicLink {
  id: string;
  fileId: string | null;
  folderId: string | null;
  passwordHash: string | null;
  /** Why it no longer opens anything, or null while it does. */
  closed: "expired" | "revoked" | "used" | "gone" | null;
}

/** The link behind a token, or null for a token nobody gave out. */
export async function publicLinkOf(executor: Executor, token: string): Promise<PublicLink | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const [row] = await rows<{
    id: string;
    fileId: string | null;
    folderId: string | null;
    passwordHash: string | null;
    expired: boolean;
    revoked: boolean;
    used: boolean;
    gone: boolean;
  }>(
    executor,
    sql`select l.id, l.file_id as "fileId", l.folder_id as "folderId", l.password_hash as "passwordHash",
          l.expires_at <= now() as expired, l.revoked_at is not null as revoked,
          l.download_limit is not null and l.downloads >= l.download_limit as used,
          coalesce(f.deleted_at is not null, false) as gone
        from drive_share_links l left join drive_files f on f.id = l.file_id
        where l.token_hash = ${tokenHashOf(token)}`,
  );
  if (!row) return null;
  const target = row.fileId ?? row.folderId!;
  // An item in the trash (itself or a folder above it) is not handed out.
  const gone = row.gone || (await trashedAbove(executor, row.fileId ? await folderOfFile(executor, target) : target));
  const closed = row.revoked ? "revoked" : row.expired ? "expired" : gone ? "gone" : row.used ? "used" : null;
  return { id: row.id, fileId: row.fileId, folderId: row.folderId, passwordHash: row.passwordHash, closed };
}

async function folderOfFile(executor: Executor, fileId: string): Promise<string> {
  const [row] = await rows<{ folderId: string }>(
    executor,
    sql`select folder_id as "folderId" from drive_files where id = ${fileId}`,
  );
  return row!.folderId;
}

/** The folder and those above it, from it up to the root. */
function chainOf(executor: Executor, folderId: string) {
  return rows<{ id: string; name: string; deleted: boolean; depth: number }>(
    executor,
    sql`with recursive chain as (
          select id, name, parent_id, deleted_at, 0 as depth from drive_folders where id = ${folderId}
          union all
          select p.id, p.name, p.parent_id, p.deleted_at, chain.depth + 1
          from drive_folders p join chain on p.id = chain.parent_id where chain.depth < 64
        ) select id, name, deleted_at is not null as deleted, depth from chain order by depth`,
  );
}

async function trashedAbove(executor: Executor, folderId: string): Promise<boolean> {
  return (await chainOf(executor, folderId)).some((row) => row.deleted);
}

/**
 * The path from the shared folder down to `folderId` when that folder is the shared one or below
 * it; null for any other folder (the link opens its own tree only).
 */
export async function pathBelowShared(
  executor: Executor,
  sharedId: string,
  folderId: string,
): Promise<{ id: string; name: string }[] | null> {
  const chain = await chainOf(executor, folderId);
  const index = chain.findIndex((row) => row.id === sharedId);
  if (index < 0 || chain.some((row) => row.deleted)) return null;
  return chain
    .slice(0, index + 1)
    .reverse()
    .map(({ id, name }) => ({ id, name }));
}

export interface PublicFile {
  id: string;
  name: string;
  size: number;
}

export async function publicListing(executor: Executor, folderId: string) {
  const folders = await rows<{ id: string; name: string }>(
    executor,
    sql`select id, name from drive_folders where parent_id = ${folderId} and deleted_at is null order by lower(name), id`,
  );
  const files = await rows<PublicFile>(
    executor,
    sql`select id, name, size::float8 as size from drive_files where folder_id = ${folderId} and deleted_at is null
        order by lower(name), id limit 1000`,
  );
  return { folders, files };
}

/** A file the link hands out: the shared file itself, or one in the shared folder's tree, not in the trash. */
export async function sharedFile(executor: Executor, link: PublicLink, fileId: string): Promise<PublicFile | null> {
  const [file] = await rows<PublicFile & { folderId: string; deleted: boolean }>(
    executor,
    sql`select id, name, size::float8 as size, folder_id as "folderId", deleted_at is not null as deleted
        from drive_files where id = ${fileId}`,
  );
  if (!file || file.deleted) return null;
  if (link.fileId !== null) return link.fileId === file.id ? file : null;
  return (await pathBelowShared(executor, link.folderId!, file.folderId)) ? file : null;
}

export async function companyName(executor: Executor): Promise<string> {
  const [row] = await rows<{ name: string | null }>(
    executor,
    sql`select company_name as name from company_settings where id = 1`,
  );
  return row?.name?.trim() || "Планерка";
}

/**
 * Counts one download of `file` through the link and records who took it, only while the link is
 * open and under its limit — in one statement, so two clients at once never pass a limit of one.
 * False when the link closed meanwhile (nothing is counted then).
 */
export async function countDownload(
  db: Database,
  link: PublicLink,
  file: PublicFile,
  client: { address: string | null; userAgent: string | null },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [counted] = await rows<{ id: string }>(
      tx,
      sql`update drive_share_links set downloads = downloads + 1
          where id = ${link.id} and revoked_at is null and expires_at > now()
            and (download_limit is null or downloads < download_limit)
          returning id`,
    );
    if (!counted) return false;
    await tx.execute(
      sql`insert into drive_share_downloads (link_id, file_id, file_name, address, user_agent)
          values (${link.id}, ${file.id}, ${file.name}, ${client.address}, ${client.userAgent?.slice(0, 500) ?? null})`,
    );
    return true;
  });
}

/** The cookie's value proving the password was given: `<expiry seconds>.<HMAC>` keyed by the password's hash. */
export function passwordProof(link: PublicLink, now = Date.now()): string {
  const until = Math.floor(now / 1000) + proofHours * 3600;
  return `${until}.${signTimestamped(link.passwordHash!, until, link.id)}`;
}

/** Whether the link is open to this browser: no password, or a valid unexpired proof of it. */
export function passwordProven(link: PublicLink, proof: string | undefined, now = Date.now()): boolean {
  if (link.passwordHash === null) return true;
  const match = proof ? /^(\d{1,12})\.([0-9a-f]{64})$/.exec(proof) : null;
  if (!match) return false;
  const until = Number(match[1]);
  if (until * 1000 <= now) return false;
  const expected = Buffer.from(signTimestamped(link.passwordHash, until, link.id), "hex");
  return timingSafeEqual(expected, Buffer.from(match[2]!, "hex"));
}
