import type { DriveRoots } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { type DriveCaller, folderStandingOrThrow, grantReachesCaller } from "../../policies/drive";
import { visibleGroupCondition } from "../../policies/groups";
import { presentFolder } from "./drive.presenter";
import { driveLimits, type FolderRow, folderColumns, folderRowOrNull, usedBytes } from "./drive.queries";

export const companyRootName = "Диск компании";
export const libraryFolderName = "Библиотека";

export function callerOf(actor: Actor): DriveCaller {
  return { id: actor.user.id, role: actor.user.role, unitId: actor.user.unitId };
}

/**
 * Roots are made when first needed: the caller's «Мой диск», the company drive with its
 * «Библиотека», and a drive for each group the caller sees. Concurrent first visits are safe: the
 * unique indexes on roots make the second insert a no-op.
 */
export async function ensureRoots(executor: Executor, actor: Actor): Promise<void> {
  const me = actor.user.id;
  await executor.execute(
    sql`insert into drive_folders (kind, owner_id, name, created_by) values ('personal', ${me}, 'Мой диск', ${me})
        on conflict do nothing`,
  );
  const created = await rows<{ id: string }>(
    executor,
    sql`insert into drive_folders (kind, name) values ('company', ${companyRootName}) on conflict do nothing returning id`,
  );
  if (created[0])
    await executor.execute(
      sql`insert into drive_folders (kind, parent_id, name) values ('company', ${created[0].id}, ${libraryFolderName})`,
    );
  await executor.execute(
    sql`insert into drive_folders (kind, group_id, name, created_by)
        select 'group', g.id, g.name, ${me} from groups g
        where ${visibleGroupCondition(actor.user)}
          and not exists (select 1 from drive_folders r where r.parent_id is null and r.kind = 'group' and r.group_id = g.id)
        on conflict do nothing`,
  );
}

/** A group's drive, made on first use by whoever may see the group. */
export async function ensureGroupRoot(executor: Executor, groupId: string): Promise<void> {
  await executor.execute(
    sql`insert into drive_folders (kind, group_id, name)
        select 'group', g.id, g.name from groups g where g.id = ${groupId}
          and not exists (select 1 from drive_folders r where r.parent_id is null and r.kind = 'group' and r.group_id = g.id)
        on conflict do nothing`,
  );
}

export async function driveRootsOrThrow(db: Database, actor: Actor): Promise<DriveRoots> {
  return db.transaction(async (tx) => {
    await ensureRoots(tx, actor);
    const caller = callerOf(actor);
    const roots = await rows<FolderRow & { groupName: string | null }>(
      tx,
      sql`select ${folderColumns}, g.name as "groupName" from drive_folders d left join groups g on g.id = d.group_id
          where d.parent_id is null and (
            (d.kind = 'personal' and d.owner_id = ${caller.id}) or d.kind = 'company'
            or (d.kind = 'group' and g.archived_at is null and ${visibleGroupCondition(actor.user)}))
          order by d.kind, lower(coalesce(g.name, d.name))`,
    );
    const present = async (row: FolderRow) => {
      const standing = await folderStandingOrThrow(tx, caller, row.id);
      return presentFolder(row, { path: standing.path, level: standing.level!, manage: standing.manage });
    };
    const personalRow = roots.find((row) => row.kind === "personal")!;
    const companyRow = roots.find((row) => row.kind === "company")!;
    const groups = [];
    for (const row of roots.filter((root) => root.kind === "group")) {
      const folder = await present(row).catch(() => null);
      if (folder) groups.push({ ...folder, name: row.groupName ?? row.name, groupName: row.groupName ?? row.name });
    }
    // Folders granted to the caller that their roots do not already give them.
    const grantedIds = await rows<{ id: string }>(
      tx,
      sql`select distinct gr.folder_id as id from drive_folder_grants gr join drive_folders d on d.id = gr.folder_id
          where ${grantReachesCaller(caller)} and d.deleted_at is null`,
    );
    const shared = [];
    for (const { id } of grantedIds) {
      const standing = await folderStandingOrThrow(tx, caller, id).catch(() => null);
      const row = standing && (await folderRowOrNull(tx, id));
      if (!standing || !row) continue;
      const rootRow = roots.find((root) => root.id === standing.rootId);
      // Reached through a root the caller already has: no need to list it again.
      if (rootRow && (rootRow.kind !== "company" || standing.level === "read")) continue;
      shared.push(presentFolder(row, { path: standing.path, level: standing.level!, manage: standing.manage }));
    }
    const used = await usedBytes(tx, caller.id);
    const limits = await driveLimits(tx);
    return {
      personal: await present(personalRow),
      company: await present(companyRow),
      groups,
      shared,
      usage: { userBytes: used.user, userQuotaBytes: limits.userQuotaBytes, maxFileBytes: limits.maxFileBytes },
    };
  });
}
