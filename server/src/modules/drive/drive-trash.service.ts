import type { driveTrashItemSchema } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, rows } from "../../platform/db/database";
import { toIso } from "../../platform/db/sql-values";
import type { BlobStore } from "../../platform/files/blob-store";
import { blobInUse, moveInlineBytesToStore } from "../../platform/files/stored-bytes";
import { startPollingWorker } from "../../platform/jobs/polling-worker";
import { folderStandingOrThrow, readableFolders } from "../../policies/drive";
import { callerOf } from "./drive-root.service";
import { removeAbandonedUploads } from "./drive-upload.service";

type TrashItem = z.infer<typeof driveTrashItemSchema>;

export const trashDays = 30;

interface TrashRow {
  type: "file" | "folder";
  id: string;
  name: string;
  size: number | null;
  containerId: string;
  deletedAt: string;
  deletedById: string | null;
  deletedByName: string | null;
}

/** What the caller may bring back: files and folders put in the trash from folders they edit. */
export async function trashOrThrow(db: Database, actor: Actor): Promise<TrashItem[]> {
  const caller = callerOf(actor);
  return db.transaction(async (tx) => {
    const items = await rows<TrashRow>(
      tx,
      sql`with editable as (select id from ${readableFolders(caller)} readable where edit)
          select 'folder' as type, d.id, d.name, null::float8 as size, d.parent_id as "containerId", d.deleted_at as "deletedAt",
                 d.deleted_by as "deletedById", u.name as "deletedByName"
          from drive_folders d left join users u on u.id = d.deleted_by
          where d.deleted_at is not null and d.parent_id in (select id from editable)
          union all
          select 'file', f.id, f.name, f.size::float8, f.folder_id, f.deleted_at, f.deleted_by, u.name
          from drive_files f left join users u on u.id = f.deleted_by
          where f.deleted_at is not null and f.folder_id in (select id from editable)
          order by "deletedAt" desc limit 500`,
    );
    const result: TrashItem[] = [];
    for (const item of items) {
      const container = await folderStandingOrThrow(tx, caller, item.containerId);
      result.push({
        type: item.type,
        id: item.id,
        name: item.name,
        size: item.size,
        deletedAt: toIso(item.deletedAt),
        deletedBy: item.deletedById ? { id: item.deletedById, name: item.deletedByName ?? "" } : null,
        path: [...container.path, { id: container.id, name: container.name }],
        purgeAt: new Date(new Date(item.deletedAt).getTime() + trashDays * 86_400_000).toISOString(),
      });
    }
    return result;
  });
}

/**
 * Empties what has been in the trash for 30 days (folders with everything below them), gives up
 * uploads nobody continued for a day, and removes stored bytes nothing points to any more.
 */
export async function runDriveMaintenance(db: Database, store: BlobStore, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - trashDays * 86_400_000).toISOString();
  const purged = await db.transaction(async (tx) => {
    const folders = await rows<{ id: string }>(
      tx,
      sql`with recursive doomed as (
            select id from drive_folders where deleted_at < ${cutoff}::timestamptz
            union select c.id from drive_folders c join doomed on c.parent_id = doomed.id
          ) select id from doomed`,
    );
    const ids = folders.map((row) => sql`${row.id}::uuid`);
    const inFolders = ids.length > 0 ? sql`or folder_id in (${sql.join(ids, sql`, `)})` : sql``;
    const files = await rows(
      tx,
      sql`delete from drive_files where deleted_at < ${cutoff}::timestamptz ${inFolders} returning id`,
    );
    if (ids.length > 0) {
      await tx.execute(sql`delete from drive_uploads where folder_id in (${sql.join(ids, sql`, `)})`);
      // Children first is not needed: parent_id has no foreign key, the whole subtree goes at once.
      await tx.execute(sql`delete from drive_folders where id in (${sql.join(ids, sql`, `)})`);
    }
    return files.length + folders.length;
  });
  const abandoned = await removeAbandonedUploads(db, store);
  // Task, chat and letter files stored before the blob store move there, a batch at a time.
  let moved = 0;
  for (let batch = await moveInlineBytesToStore(db, store); batch > 0; batch = await moveInlineBytesToStore(db, store))
    moved += batch;
  const orphans = await rows<{ storageKey: string }>(
    db,
    sql`delete from drive_blobs b where b.created_at < ${now.toISOString()}::timestamptz - interval '1 hour'
          and not ${blobInUse(sql`b.id`)}
        returning storage_key as "storageKey"`,
  );
  for (const orphan of orphans) await store.remove(orphan.storageKey).catch(() => {});
  return purged + abandoned + moved + orphans.length;
}

export function startDriveMaintenanceWorker(
  db: Database,
  store: BlobStore,
  options: { onError?: (error: unknown) => void } = {},
) {
  return startPollingWorker(
    async () => {
      await runDriveMaintenance(db, store);
      return 0;
    },
    { pollMs: 60 * 60 * 1000, onError: options.onError },
  );
}
