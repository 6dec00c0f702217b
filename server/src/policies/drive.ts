import type { DriveKind, DriveLevel, Role } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import { type Executor, rows } from "../platform/db/database";
import { notFound } from "../platform/errors/problem";
import { unitsAbove } from "../platform/scope/units-below";

// The drive's rights are not the CRM's: files follow their folder's tree, not the org chart.
// A tree's root gives its base right: «Мой диск» to its owner alone (heads and admins included
// out: a person's drive is private), a group's drive to its members (read for everyone when the
// group is open; a closed group's drive is 404 outside it), the company drive read by every
// employee and edited by admins. Grants on any folder add read or edit for a person, a unit (and
// the units below it) or a group's members, on that folder and everything below it.

export interface DriveCaller {
  id: string;
  role: Role;
  unitId: string;
}

export interface FolderStanding {
  id: string;
  kind: DriveKind;
  name: string;
  parentId: string | null;
  rootId: string;
  groupId: string | null;
  ownerId: string | null;
  deletedAt: string | null;
  /** From the root down to the folder's parent. */
  path: { id: string; name: string }[];
  /** The nearest folder of the chain (itself included) that is in the trash. */
  trashedAt: string | null;
  level: DriveLevel | null;
  /** Grant rights and give links: the drive's owner, the group's owners and moderators, admins for the company's. */
  manage: boolean;
}

/** The grants that reach `caller`, as SQL true for a grant row aliased `alias`. */
export function grantReachesCaller(caller: DriveCaller, alias = "gr"): SQL {
  const g = sql.raw(alias);
  return sql`((${g}.subject_type = 'user' and ${g}.subject_id = ${caller.id})
    or (${g}.subject_type = 'unit' and ${g}.subject_id in (select id from ${unitsAbove(sql`${caller.unitId}::uuid`)} caller_units))
    or (${g}.subject_type = 'group' and ${g}.subject_id in (select group_id from group_members where user_id = ${caller.id})))`;
}

interface ChainRow {
  id: string;
  kind: DriveKind;
  name: string;
  parent_id: string | null;
  owner_id: string | null;
  group_id: string | null;
  deleted_at: string | null;
  depth: number;
}

/**
 * Where the caller stands on a folder: its chain up to the root, their level and whether they
 * manage it. A folder they may not read, or one in the trash (unless `trashed`), is 404.
 */
export async function folderStandingOrThrow(
  executor: Executor,
  caller: DriveCaller,
  folderId: string,
  options: { trashed?: boolean; need?: DriveLevel } = {},
): Promise<FolderStanding> {
  const chain = await rows<ChainRow>(
    executor,
    sql`with recursive chain as (
          select id, kind, name, parent_id, owner_id, group_id, deleted_at, 0 as depth from drive_folders where id = ${folderId}
          union all
          select p.id, p.kind, p.name, p.parent_id, p.owner_id, p.group_id, p.deleted_at, chain.depth + 1
          from drive_folders p join chain on p.id = chain.parent_id where chain.depth < 64
        ) select id, kind, name, parent_id, owner_id, group_id, deleted_at::text as deleted_at, depth from chain order by depth`,
  );
  const folder = chain[0];
  const root = chain.at(-1);
  if (!folder || !root || root.parent_id !== null) throw notFound();
  const trashedAt = chain.find((row) => row.deleted_at !== null)?.deleted_at ?? null;
  if (trashedAt && !options.trashed) throw notFound();
  const base = await rootStanding(executor, caller, root);
  const [granted] = await rows<{ edit: boolean | null; read: boolean | null }>(
    executor,
    sql`select bool_or(gr.level = 'edit') as edit, bool_or(true) as read from drive_folder_grants gr
        where gr.folder_id in (${sql.join(
          chain.map((row) => sql`${row.id}::uuid`),
          sql`, `,
        )}) and ${grantReachesCaller(caller)}`,
  );
  const level: DriveLevel | null =
    base.level === "edit" || granted?.edit ? "edit" : base.level === "read" || granted?.read ? "read" : null;
  if (level === null || (options.need === "edit" && level !== "edit")) throw notFound();
  return {
    id: folder.id,
    kind: folder.kind,
    name: folder.name,
    parentId: folder.parent_id,
    rootId: root.id,
    groupId: root.group_id,
    ownerId: root.owner_id,
    deletedAt: folder.deleted_at,
    path: chain
      .slice(1)
      .reverse()
      .map((row) => ({ id: row.id, name: row.name })),
    trashedAt,
    level,
    manage: base.manage,
  };
}

async function rootStanding(
  executor: Executor,
  caller: DriveCaller,
  root: ChainRow,
): Promise<{ level: DriveLevel | null; manage: boolean }> {
  if (root.kind === "personal") {
    const own = root.owner_id === caller.id;
    return { level: own ? "edit" : null, manage: own };
  }
  if (root.kind === "company") {
    const admin = caller.role === "admin";
    return { level: admin ? "edit" : "read", manage: admin };
  }
  const [group] = await rows<{ visibility: string; archived: boolean; my_role: string | null }>(
    executor,
    sql`select g.visibility, g.archived_at is not null as archived,
               (select role from group_members m where m.group_id = g.id and m.user_id = ${caller.id}) as my_role
        from groups g where g.id = ${root.group_id}`,
  );
  if (!group) return { level: null, manage: false };
  const admin = caller.role === "admin";
  const manager = admin || group.my_role === "owner" || group.my_role === "moderator";
  // An archived group's files stay readable to whoever could read them, and are no longer changed.
  if (group.my_role !== null || admin)
    return { level: group.archived ? "read" : "edit", manage: manager && !group.archived };
  return { level: group.visibility === "open" ? "read" : null, manage: false };
}

/**
 * The folders the caller may read, with whether they may edit, as a subquery of `(id, edit)`:
 * the roots they reach and the folders granted to them, with everything below, trash left out.
 */
export function readableFolders(caller: DriveCaller): SQL {
  const admin = caller.role === "admin";
  return sql`(with recursive seeds as (
      select f.id, true as edit from drive_folders f
      where f.parent_id is null and f.kind = 'personal' and f.owner_id = ${caller.id}
      union all
      select f.id, ${admin}::boolean or (m.user_id is not null and g.archived_at is null) as edit
      from drive_folders f join groups g on g.id = f.group_id
      left join group_members m on m.group_id = g.id and m.user_id = ${caller.id}
      where f.parent_id is null and f.kind = 'group' and (${admin}::boolean or m.user_id is not null or g.visibility = 'open')
      union all
      select f.id, ${admin}::boolean as edit from drive_folders f where f.parent_id is null and f.kind = 'company'
      union all
      select gr.folder_id, gr.level = 'edit' from drive_folder_grants gr where ${grantReachesCaller(caller)}
    ), tree as (
      select f.id, s.edit from seeds s join drive_folders f on f.id = s.id where f.deleted_at is null
      union
      select child.id, tree.edit from drive_folders child join tree on child.parent_id = tree.id
      where child.deleted_at is null
    ) select id, bool_or(edit) as edit from tree group by id)`;
}
