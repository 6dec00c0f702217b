import type { BonusScheme, bonusSchemePatchSchema, bonusSchemeWriteSchema } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { diffFields, recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { textArray, toIso } from "../../platform/db/sql-values";
import { invalid, notFound, staleVersion } from "../../platform/errors/problem";
import { assertMayConfigureBonusesOrThrow } from "./bonus-policy";

type SchemeWrite = z.output<typeof bonusSchemeWriteSchema>;
type SchemePatch = z.output<typeof bonusSchemePatchSchema>;

/** A scheme as stored: money and rates as numeric text, so the formula reads them exactly. */
export interface SchemeRow {
  id: string;
  version: number;
  name: string;
  period: BonusScheme["period"];
  appliesRole: BonusScheme["appliesTo"]["role"] | null;
  appliesUnitId: string | null;
  appliesUserIds: string[];
  unitName: string | null;
  userNames: { id: string; name: string }[];
  base: "own" | "unit";
  bands: { fromCompletion: string; rate: string }[];
  mode: "step" | "linear";
  fixed: string;
  cap: string | null;
  coefficientFloor: string | null;
  active: boolean;
  createdAt: Date | string;
  updatedAt: Date | string;
}

export const schemeColumns = sql`b.id, b.version, b.name, b.period, b.applies_role as "appliesRole",
  b.applies_unit_id as "appliesUnitId", b.applies_user_ids as "appliesUserIds",
  (select name from units where id = b.applies_unit_id) as "unitName",
  coalesce((select json_agg(json_build_object('id', u.id, 'name', u.name) order by u.name, u.id) from users u
            where u.id = any(b.applies_user_ids)), '[]') as "userNames",
  b.base, b.bands, b.mode, b.fixed::text as fixed, b.cap::text as cap, b.coefficient_floor::text as "coefficientFloor",
  b.active, b.created_at as "createdAt", b.updated_at as "updatedAt"`;

export function presentScheme(row: SchemeRow): BonusScheme {
  return {
    id: row.id,
    version: row.version,
    name: row.name,
    period: row.period,
    appliesTo: {
      ...(row.appliesRole ? { role: row.appliesRole } : {}),
      ...(row.appliesUnitId ? { unitId: row.appliesUnitId } : {}),
      ...(row.appliesUserIds.length > 0 ? { userIds: row.appliesUserIds } : {}),
    },
    appliesToNames: { unit: row.unitName, users: row.userNames },
    base: row.base,
    bands: row.bands.map((band) => ({ fromCompletion: Number(band.fromCompletion), rate: Number(band.rate) })),
    mode: row.mode,
    fixed: Number(row.fixed),
    cap: row.cap === null ? null : Number(row.cap),
    coefficient: row.coefficientFloor === null ? null : { floor: Number(row.coefficientFloor) },
    active: row.active,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
  };
}

export async function loadSchemes(executor: Executor, where = sql`true`): Promise<SchemeRow[]> {
  return rows<SchemeRow>(
    executor,
    sql`select ${schemeColumns} from bonus_schemes b where ${where} order by b.name, b.id`,
  );
}

async function findSchemeOrThrow(executor: Executor, id: string): Promise<SchemeRow> {
  const [row] = await loadSchemes(executor, sql`b.id = ${id}`);
  if (!row) throw notFound();
  return row;
}

/** The unit and the people a scheme names exist (a 422 naming the field, before anything is written). */
async function checkTargetsOrThrow(executor: Executor, appliesTo: SchemeWrite["appliesTo"]) {
  if (appliesTo.unitId) {
    const [unit] = await rows(executor, sql`select 1 from units where id = ${appliesTo.unitId} and deleted_at is null`);
    if (!unit) throw invalid("appliesTo.unitId", "No such unit");
  }
  if (appliesTo.userIds) {
    const ids = [...new Set(appliesTo.userIds)];
    const found = await rows<{ id: string }>(
      executor,
      sql`select id from users where id = any(${textArray(ids)}::uuid[])`,
    );
    const known = new Set(found.map((row) => row.id));
    const missing = appliesTo.userIds.findIndex((id) => !known.has(id));
    if (missing >= 0) throw invalid(`appliesTo.userIds.${missing}`, "No such employee");
  }
}

/** Bands as exact decimal text (the API's numbers carry at most 2 and 4 decimals). */
const storedBands = (bands: SchemeWrite["bands"]) =>
  JSON.stringify(bands.map((band) => ({ fromCompletion: band.fromCompletion.toFixed(2), rate: band.rate.toFixed(4) })));

const userIdArray = (appliesTo: SchemeWrite["appliesTo"]) =>
  sql`${textArray([...new Set(appliesTo.userIds ?? [])])}::uuid[]`;

const money = (value: number | null) => (value === null ? null : value.toFixed(2));

export async function listSchemesOrThrow(db: Database, actor: Actor) {
  await assertMayConfigureBonusesOrThrow(db, actor);
  const items = (await loadSchemes(db)).map(presentScheme);
  return { items, total: items.length };
}

export async function getSchemeOrThrow(db: Database, actor: Actor, id: string) {
  await assertMayConfigureBonusesOrThrow(db, actor);
  return presentScheme(await findSchemeOrThrow(db, id));
}

export async function createSchemeOrThrow(db: Database, actor: Actor, input: SchemeWrite) {
  await assertMayConfigureBonusesOrThrow(db, actor);
  return db.transaction(async (tx) => {
    await checkTargetsOrThrow(tx, input.appliesTo);
    const [created] = await rows<{ id: string }>(
      tx,
      sql`insert into bonus_schemes (name, period, applies_role, applies_unit_id, applies_user_ids, base, bands, mode,
                                     fixed, cap, coefficient_floor, active, created_by)
          values (${input.name}, ${input.period}, ${input.appliesTo.role ?? null}, ${input.appliesTo.unitId ?? null},
                  ${userIdArray(input.appliesTo)}, ${input.base},
                  ${storedBands(input.bands)}::jsonb, ${input.mode}, ${input.fixed.toFixed(2)}, ${money(input.cap)},
                  ${input.coefficient ? input.coefficient.floor.toFixed(2) : null}, ${input.active}, ${actor.user.id})
          returning id`,
    );
    const scheme = presentScheme(await findSchemeOrThrow(tx, created!.id));
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "bonus_scheme",
      entityId: scheme.id,
      action: "create",
      changes: [{ field: "name", old: null, new: scheme.name }],
    });
    return scheme;
  });
}

const auditedFields = [
  "name",
  "period",
  "appliesTo",
  "base",
  "bands",
  "mode",
  "fixed",
  "cap",
  "coefficient",
  "active",
] as const;

export async function updateSchemeOrThrow(db: Database, actor: Actor, id: string, patch: SchemePatch) {
  await assertMayConfigureBonusesOrThrow(db, actor);
  return db.transaction(async (tx) => {
    const beforeRow = await findSchemeOrThrow(tx, id);
    if (beforeRow.version !== patch.version) throw staleVersion();
    const before = presentScheme(beforeRow);
    const after: SchemeWrite = {
      name: patch.name ?? before.name,
      period: patch.period ?? before.period,
      appliesTo: patch.appliesTo ?? before.appliesTo,
      base: patch.base ?? before.base,
      bands: patch.bands ?? before.bands,
      mode: patch.mode ?? before.mode,
      fixed: patch.fixed ?? before.fixed,
      cap: patch.cap !== undefined ? patch.cap : before.cap,
      coefficient: patch.coefficient !== undefined ? patch.coefficient : before.coefficient,
      active: patch.active ?? before.active,
    };
    if (patch.appliesTo) await checkTargetsOrThrow(tx, after.appliesTo);
    const updated = await rows<{ id: string }>(
      tx,
      sql`update bonus_schemes set name = ${after.name}, period = ${after.period},
            applies_role = ${after.appliesTo.role ?? null}, applies_unit_id = ${after.appliesTo.unitId ?? null},
            applies_user_ids = ${userIdArray(after.appliesTo)},
            base = ${after.base}, bands = ${storedBands(after.bands)}::jsonb, mode = ${after.mode},
            fixed = ${after.fixed.toFixed(2)}, cap = ${money(after.cap)},
            coefficient_floor = ${after.coefficient ? after.coefficient.floor.toFixed(2) : null}, active = ${after.active},
            version = version + 1, updated_at = now()
          where id = ${id} and version = ${patch.version} returning id`,
    );
    if (updated.length === 0) throw staleVersion();
    const scheme = presentScheme(await findSchemeOrThrow(tx, id));
    const changes = diffFields(before, scheme, auditedFields);
    await recordAudit(tx, { actorId: actor.user.id, entity: "bonus_scheme", entityId: id, action: "update", changes });
    return scheme;
  });
}

export async function deleteSchemeOrThrow(db: Database, actor: Actor, id: string) {
  await assertMayConfigureBonusesOrThrow(db, actor);
  await db.transaction(async (tx) => {
    const before = await findSchemeOrThrow(tx, id);
    await tx.execute(sql`delete from bonus_schemes where id = ${id}`);
    // Approved sheets keep their own copy of the scheme's figures, so nothing else refers to it.
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "bonus_scheme",
      entityId: id,
      action: "delete",
      changes: [{ field: "name", old: before.name, new: null }],
    });
  });
}
