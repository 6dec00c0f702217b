import type { driveGrantSchema, driveGrantsSchema } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { forbidden, invalid } from "../../platform/errors/problem";
import { folderStandingOrThrow } from "../../policies/drive";
import { visibleGroupCondition } from "../../policies/groups";
import { callerOf } from "./drive-root.service";

type Grant = z.infer<typeof driveGrantSchema>;
type Grants = z.infer<typeof driveGrantsSchema>;

const subjectName = sql`case gr.subject_type
  when 'user' then (select name from users where id = gr.subject_id)
  when 'unit' then (select name from units where id = gr.subject_id)
  else (select name from groups where id = gr.subject_id) end`;

async function grantsView(executor: Executor, folderId: string, path: { id: string; name: string }[]): Promise<Grants> {
  const own = await rows<Grant & { subjectName: string | null }>(
    executor,
    sql`select gr.subject_type as "subjectType", gr.subject_id as "subjectId", gr.level, ${subjectName} as "subjectName"
        from drive_folder_grants gr where gr.folder_id = ${folderId} order by gr.created_at, gr.subject_id`,
  );
  const above =
    path.length === 0
      ? []
      : await rows<Grant & { subjectName: string | null; folderId: string }>(
          executor,
          sql`select gr.subject_type as "subjectType", gr.subject_id as "subjectId", gr.level, ${subjectName} as "subjectName",
                     gr.folder_id as "folderId"
              from drive_folder_grants gr where gr.folder_id in (${sql.join(
                path.map((item) => sql`${item.id}::uuid`),
                sql`, `,
              )}) order by gr.created_at`,
        );
  const names = new Map(path.map((item) => [item.id, item.name]));
  return {
    grants: own.map((grant) => ({ ...grant, subjectName: grant.subjectName ?? "—" })),
    inherited: above.map((grant) => ({
      ...grant,
      subjectName: grant.subjectName ?? "—",
      folderName: names.get(grant.folderId) ?? "",
    })),
  };
}

async function manageableOrThrow(executor: Executor, actor: Actor, folderId: string) {
  const standing = await folderStandingOrThrow(executor, callerOf(actor), folderId);
  if (!standing.manage)
    throw forbidden("Only the drive's owner (a group's owners and moderators, admins for the company's) manage access");
  return standing;
}

export async function folderGrantsOrThrow(db: Database, actor: Actor, folderId: string): Promise<Grants> {
  return db.transaction(async (tx) => {
    const standing = await manageableOrThrow(tx, actor, folderId);
    return grantsView(tx, folderId, standing.path);
  });
}

/** Replaces the folder's own grants; each subject must exist and be one the caller can see. */
export async function replaceFolderGrantsOrThrow(
  db: Database,
  actor: Actor,
  folderId: string,
  grants: Grant[],
): Promise<Grants> {
  return db.transaction(async (tx) => {
    const standing = await manageableOrThrow(tx, actor, folderId);
    const seen = new Set<string>();
    for (const [index, grant] of grants.entries()) {
      const key = `${grant.subjectType}:${grant.subjectId}`;
      if (seen.has(key)) throw invalid(`grants.${index}.subjectId`, "Each person, unit or group once");
      seen.add(key);
      if (!(await subjectExists(tx, actor, grant)))
        throw invalid(`grants.${index}.subjectId`, `No such ${grant.subjectType}`);
    }
    const before = await grantsView(tx, folderId, []);
    await tx.execute(sql`delete from drive_folder_grants where folder_id = ${folderId}`);
    for (const grant of grants)
      await tx.execute(
        sql`insert into drive_folder_grants (folder_id, subject_type, subject_id, level, granted_by)
            values (${folderId}, ${grant.subjectType}, ${grant.subjectId}, ${grant.level}, ${actor.user.id})`,
      );
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "drive_folder",
      entityId: folderId,
      action: "grants",
      changes: [
        {
          field: "grants",
          old: before.grants.map(({ subjectType, subjectId, level }) => ({ subjectType, subjectId, level })),
          new: grants,
        },
      ],
    });
    return grantsView(tx, folderId, standing.path);
  });
}

async function subjectExists(executor: Executor, actor: Actor, grant: Grant): Promise<boolean> {
  const query =
    grant.subjectType === "user"
      ? sql`select 1 from users where id = ${grant.subjectId} and active`
      : grant.subjectType === "unit"
        ? sql`select 1 from units where id = ${grant.subjectId} and deleted_at is null`
        : sql`select 1 from groups g where g.id = ${grant.subjectId} and ${visibleGroupCondition(actor.user)}`;
  return (await rows(executor, query)).length > 0;
}
