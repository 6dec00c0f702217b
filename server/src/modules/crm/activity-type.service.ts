import type { ActivityType, activityTypePatchSchema, activityTypeWriteSchema } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { diffFields, recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { conflict, notFound, taken } from "../../platform/errors/problem";

interface ActivityTypeRow extends Omit<ActivityType, "dailyNorm" | "weight"> {
  dailyNorm: string | null;
  weight: string;
}

const present = (row: ActivityTypeRow): ActivityType => ({
  ...row,
  dailyNorm: row.dailyNorm === null ? null : Number(row.dailyNorm),
  weight: Number(row.weight),
});

export async function listActivityTypes(executor: Executor, id?: string): Promise<ActivityType[]> {
  const found = await rows<ActivityTypeRow>(
    executor,
    sql`select id, code, name, category, direction, in_weekly_table as "inWeeklyTable", sort,
          daily_norm::text as "dailyNorm", weight::text as weight, version
        from activity_types ${id ? sql`where id = ${id}` : sql``} order by sort, name`,
  );
  return found.map(present);
}

async function findOrThrow(executor: Executor, id: string) {
  const [type] = await listActivityTypes(executor, id);
  if (!type) throw notFound();
  return type;
}

async function assertCodeFreeOrThrow(executor: Executor, code: string | undefined, exceptId?: string) {
  if (!code) return;
  const [row] = await rows<{ id: string }>(executor, sql`select id from activity_types where code = ${code}`);
  if (row && row.id !== exceptId) throw taken("code", `The code "${code}" is taken`);
}

export async function createActivityTypeOrThrow(
  db: Database,
  actor: Actor,
  input: z.infer<typeof activityTypeWriteSchema>,
) {
  return db.transaction(async (tx) => {
    await assertCodeFreeOrThrow(tx, input.code);
    const [created] = await rows<{ id: string }>(
      tx,
      sql`insert into activity_types (code, name, category, direction, in_weekly_table, sort, daily_norm, weight)
          values (${input.code}, ${input.name}, ${input.category}, ${input.direction ?? null}, ${input.inWeeklyTable},
                  ${input.sort}, ${input.dailyNorm ?? null}, ${input.weight}) returning id`,
    );
    await recordAudit(tx, { actorId: actor.user.id, entity: "activity-type", entityId: created!.id, action: "create" });
    return findOrThrow(tx, created!.id);
  });
}

export async function updateActivityTypeOrThrow(
  db: Database,
  actor: Actor,
  id: string,
  patch: z.infer<typeof activityTypePatchSchema>,
) {
  return db.transaction(async (tx) => {
    const before = await findOrThrow(tx, id);
    await assertCodeFreeOrThrow(tx, patch.code, id);
    const next = { ...before, ...patch };
    const [updated] = await rows<{ id: string }>(
      tx,
      sql`update activity_types set code = ${next.code}, name = ${next.name}, category = ${next.category},
            direction = ${next.direction ?? null}, in_weekly_table = ${next.inWeeklyTable}, sort = ${next.sort},
            daily_norm = ${next.dailyNorm ?? null}, weight = ${next.weight}, version = version + 1
          where id = ${id} and version = ${patch.version} returning id`,
    );
    if (!updated) throw conflict("The activity type was changed by someone else; reload it");
    const { version: _version, ...fields } = patch;
    const changes = diffFields(before, fields, [
      "code",
      "name",
      "category",
      "direction",
      "inWeeklyTable",
      "sort",
      "dailyNorm",
      "weight",
    ]);
    await recordAudit(tx, { actorId: actor.user.id, entity: "activity-type", entityId: id, action: "update", changes });
    return findOrThrow(tx, id);
  });
}

export async function deleteActivityTypeOrThrow(db: Database, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    await findOrThrow(tx, id);
    const [used] = await rows<{ id: string }>(tx, sql`select id from activities where type_id = ${id} limit 1`);
    if (used) throw conflict("Activities of this type exist; it can be hidden from the weekly table instead");
    await tx.execute(sql`delete from activity_types where id = ${id}`);
    await recordAudit(tx, { actorId: actor.user.id, entity: "activity-type", entityId: id, action: "delete" });
  });
}
