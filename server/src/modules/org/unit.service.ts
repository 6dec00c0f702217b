import type { unitPatchSchema, unitWriteSchema } from "@planerka/common";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import { diffFields, recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import type { Database, Executor } from "../../platform/db/database";
import { units, users } from "../../platform/db/schema";
import { conflict, invalid, notFound, staleVersion } from "../../platform/errors/problem";
import { findUnit, subtreeUnitIds } from "./unit.queries";

type UnitInput = z.infer<typeof unitWriteSchema>;
type UnitPatch = z.infer<typeof unitPatchSchema>;

async function assertParentOrThrow(executor: Executor, parentId: string | null, unitId?: string) {
  if (parentId === null) {
    const [root] = await executor
      .select({ id: units.id })
      .from(units)
      .where(and(isNull(units.parentId), isNull(units.deletedAt)));
    if (root && root.id !== unitId) throw invalid("parentId", "The company already has a root unit; choose a parent");
    return;
  }
  if (!(await findUnit(executor, parentId))) throw invalid("parentId", "No such unit");
  if (unitId && (await subtreeUnitIds(executor, unitId)).includes(parentId)) {
    throw invalid("parentId", "A unit cannot be moved under itself or its own sub-unit");
  }
}

async function assertHeadOrThrow(executor: Executor, headUserId: string | null | undefined) {
  if (!headUserId) return;
  const [head] = await executor.select({ active: users.active }).from(users).where(eq(users.id, headUserId));
  if (!head?.active) throw invalid("headUserId", "No such active user");
}

export async function createUnitOrThrow(db: Database, actor: Actor, input: UnitInput) {
  return db.transaction(async (tx) => {
    await assertParentOrThrow(tx, input.parentId);
    await assertHeadOrThrow(tx, input.headUserId);
    const [created] = await tx
      .insert(units)
      .values({ name: input.name, kind: input.kind, parentId: input.parentId, headUserId: input.headUserId ?? null })
      .returning({ id: units.id });
    if (!created) throw new Error("insert returned nothing");
    await recordAudit(tx, { actorId: actor.user.id, entity: "unit", entityId: created.id, action: "create" });
    return (await findUnit(tx, created.id))!;
  });
}

export async function updateUnitOrThrow(db: Database, actor: Actor, id: string, patch: UnitPatch) {
  return db.transaction(async (tx) => {
    const before = await findUnit(tx, id);
    if (!before) throw notFound();
    if (before.version !== patch.version) throw staleVersion();
    if (patch.parentId !== undefined && patch.parentId !== before.parentId)
      await assertParentOrThrow(tx, patch.parentId, id);
    await assertHeadOrThrow(tx, patch.headUserId);
    const { version, ...fields } = patch;
    const [updated] = await tx
      .update(units)
      .set({ ...fields, version: sql`${units.version} + 1`, updatedAt: new Date() })
      .where(and(eq(units.id, id), eq(units.version, version)))
      .returning({ id: units.id });
    if (!updated) throw staleVersion();
    const changes = diffFields(before, fields, ["name", "kind", "parentId", "headUserId"]);
    await recordAudit(tx, { actorId: actor.user.id, entity: "unit", entityId: id, action: "update", changes });
    return (await findUnit(tx, id))!;
  });
}

export async function deleteUnitOrThrow(db: Database, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    const unit = await findUnit(tx, id);
    if (!unit) throw notFound();
    const [child] = await tx
      .select({ id: units.id })
      .from(units)
      .where(and(eq(units.parentId, id), isNull(units.deletedAt)))
      .limit(1);
    if (child) throw conflict("The unit has sub-units; move or delete them first");
    const [member] = await tx.select({ id: users.id }).from(users).where(eq(users.unitId, id)).limit(1);
    if (member) throw conflict("The unit has users; move them to another unit first");
    await tx.update(units).set({ deletedAt: new Date(), headUserId: null }).where(eq(units.id, id));
    await recordAudit(tx, { actorId: actor.user.id, entity: "unit", entityId: id, action: "delete" });
  });
}
