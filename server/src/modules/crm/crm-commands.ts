import { sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { forbidden, notFound, staleVersion } from "../../platform/errors/problem";
import { notify } from "../../platform/notifications/notify";
import { assertMayRestoreRecordsOrThrow, canActOnRecord } from "../../policies/crm";
import { assertAssignableOwnerOrThrow, column, findResource, loadOwner, type ResourceSpec } from "./crm-resource";

export const restoreWindowDays = 30;

/** 404 when the caller cannot see the record; 403 when they see it but may not do `action`. */
export async function findForActionOrThrow<T extends { ownerId: string }>(
  executor: Executor,
  spec: ResourceSpec,
  actor: Actor,
  id: string,
  action: "write" | "delete",
): Promise<T> {
  const record = await findResource<T>(executor, spec, actor.scope, id);
  if (!record) throw notFound();
  const owner = await loadOwner(executor, record.ownerId);
  if (!canActOnRecord(actor.scope, spec.entity, action, owner))
    throw forbidden(`You may not ${action === "write" ? "change" : "delete"} this record`);
  return record;
}

export async function softDeleteOrThrow(db: Database, actor: Actor, spec: ResourceSpec, id: string) {
  await db.transaction(async (tx) => {
    await findForActionOrThrow(tx, spec, actor, id, "delete");
    await tx.execute(sql`update ${spec.table} set deleted_at = now(), version = version + 1 where id = ${id}`);
    await spec.afterDelete?.(tx, actor, id);
    await recordAudit(tx, { actorId: actor.user.id, entity: spec.auditName, entityId: id, action: "delete" });
  });
}

/** Deleted records come back within 30 days, by an administrator. */
export async function restoreOrThrow(
  db: Database,
  actor: Actor,
  spec: ResourceSpec,
  id: string,
  options: { allowDuplicateBin: boolean } = { allowDuplicateBin: false },
) {
  assertMayRestoreRecordsOrThrow(actor.user);
  await db.transaction(async (tx) => {
    const [row] = await rows<{ id: string }>(
      tx,
      sql`update ${spec.table} set deleted_at = null, version = version + 1
          where id = ${id} and deleted_at is not null and deleted_at > now() - make_interval(days => ${restoreWindowDays})
          returning id`,
    );
    if (!row) throw notFound("No deleted record with this id from the last 30 days");
    await spec.afterRestore?.(tx, actor, id, options);
    await recordAudit(tx, { actorId: actor.user.id, entity: spec.auditName, entityId: id, action: "restore" });
  });
}

/** All or nothing: one id out of reach refuses the whole batch. */
export async function bulkOrThrow(
  db: Database,
  actor: Actor,
  spec: ResourceSpec,
  input: { action: "reassign"; ids: string[]; ownerId: string } | { action: "delete"; ids: string[] },
) {
  const ids = [...new Set(input.ids)];
  return db.transaction(async (tx) => {
    const action = input.action === "delete" ? "delete" : "write";
    for (const id of ids) await findForActionOrThrow(tx, spec, actor, id, action);
    const idList = sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    );
    if (input.action === "reassign") {
      const owner = await assertAssignableOwnerOrThrow(tx, actor.scope, spec, input.ownerId);
      const before = await rows<{ id: string; owner_id: string }>(
        tx,
        sql`select id, owner_id from ${spec.table} where id in (${idList})`,
      );
      await tx.execute(
        sql`update ${spec.table} set owner_id = ${owner.id}, version = version + 1, updated_at = now() where id in (${idList})`,
      );
      for (const row of before) {
        if (row.owner_id === owner.id) continue;
        await recordAudit(tx, {
          actorId: actor.user.id,
          entity: spec.auditName,
          entityId: row.id,
          action: "update",
          changes: [{ field: "ownerId", old: row.owner_id, new: owner.id }],
        });
      }
    } else {
      await tx.execute(sql`update ${spec.table} set deleted_at = now(), version = version + 1 where id in (${idList})`);
      for (const id of ids) {
        await spec.afterDelete?.(tx, actor, id);
        await recordAudit(tx, { actorId: actor.user.id, entity: spec.auditName, entityId: id, action: "delete" });
      }
    }
    return { affected: ids.length };
  });
}

export async function historyOrThrow(db: Database, actor: Actor, spec: ResourceSpec, id: string) {
  if (!(await findResource(db, spec, actor.scope, id, { includeDeleted: true }))) throw notFound();
  const entries = await rows<{
    id: number;
    at: Date;
    actorId: string | null;
    actorName: string | null;
    action: string;
    changes: unknown;
    via: "1c" | null;
  }>(
    db,
    sql`select a.id, a.at, a.actor_id as "actorId", u.name as "actorName", a.action, a.changes, a.via
        from audit_log a left join users u on u.id = a.actor_id
        where a.entity = ${spec.auditName} and a.entity_id = ${id} order by a.at desc, a.id desc limit 500`,
  );
  return entries.map((entry) => ({
    ...entry,
    id: Number(entry.id),
    at: new Date(entry.at).toISOString(),
    changes: entry.changes as { field: string; old: unknown; new: unknown }[],
  }));
}

/** The cards a comment's notification links to. */
const cardPaths: Partial<Record<ResourceSpec["entity"], string>> = {
  deals: "/crm/deals",
  leads: "/crm/leads",
  companies: "/crm/companies",
  contacts: "/crm/contacts",
};

export async function addCommentOrThrow(db: Database, actor: Actor, spec: ResourceSpec, id: string, body: string) {
  return db.transaction(async (tx) => {
    const record = await findResource<{ ownerId: string; title?: string; name?: string }>(tx, spec, actor.scope, id);
    if (!record) throw notFound();
    const [comment] = await rows<{ id: string }>(
      tx,
      sql`insert into comments (entity, entity_id, author_id, body) values (${spec.auditName}, ${id}, ${actor.user.id}, ${body})
          returning id`,
    );
    // The record's owner hears of a comment someone else left on it.
    const path = cardPaths[spec.entity];
    await notify(tx, [
      {
        userId: record.ownerId,
        kind: "record_comment",
        title: record.title ?? record.name ?? "",
        body: body.slice(0, 500),
        link: path ? `${path}/${id}` : null,
        actorId: actor.user.id,
      },
    ]);
    return comment!.id;
  });
}

/** Guards the versioned update every PATCH makes: no row changed means someone else got there first. */
export function assertUpdatedOrThrow(updated: unknown[]) {
  if (updated.length === 0) throw staleVersion();
}

export { column };
