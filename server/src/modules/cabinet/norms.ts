import { sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";
import { unitsAbove } from "../../platform/scope/units-below";

export interface TypeNorm {
  typeId: string;
  weight: number;
  typeDefault: number | null;
}

export interface NormBook {
  types: TypeNorm[];
  /** The daily norm in force for (user, type): the user's own, else the nearest unit up, else the type's. */
  normFor(user: { id: string; unitId: string }, typeId: string): number | null;
}

/** What a norm book is made of, as the database returns it (numbers as numeric text). */
export interface NormSources {
  types: { typeId: string; weight: string; typeDefault: string | null }[];
  norms: { typeId: string; unitId: string | null; userId: string | null; dailyNorm: string }[];
  units: { id: string; parentId: string | null }[];
}

/**
 * The three sources as JSON columns of one row, so a read can fetch them with its other setup:
 * for one user, only their own norms and their unit's chain up to the root; otherwise everyone's.
 */
export function normSourceColumns(forUserId?: string) {
  const norms = forUserId
    ? sql`from activity_norms n where n.user_id = ${forUserId} or n.unit_id is not null`
    : sql`from activity_norms n`;
  // Live units only, as the tree walks see them: both reads resolve a norm along the same chain.
  const units = forUserId
    ? sql`from units u join ${unitsAbove(sql`select unit_id from users where id = ${forUserId}`)} chain on chain.id = u.id`
    : sql`from units u where u.deleted_at is null`;
  return sql`
  coalesce((select json_agg(json_build_object('typeId', t.id, 'weight', t.weight::text, 'typeDefault', t.daily_norm::text)
                            order by t.sort, t.name) from activity_types t), '[]') as "normTypes",
  coalesce((select json_agg(json_build_object('typeId', n.type_id, 'unitId', n.unit_id, 'userId', n.user_id,
                                              'dailyNorm', n.daily_norm::text)) ${norms}), '[]') as "norms",
  coalesce((select json_agg(json_build_object('id', u.id, 'parentId', u.parent_id)) ${units}), '[]') as "normUnits"`;
}

/** Everything needed to resolve norms for many users, in one statement. */
export async function loadNormBook(executor: Executor): Promise<NormBook> {
  const [row] = await rows<{
    normTypes: NormSources["types"];
    norms: NormSources["norms"];
    normUnits: NormSources["units"];
  }>(executor, sql`select ${normSourceColumns()}`);
  return normBookFrom({ types: row!.normTypes, norms: row!.norms, units: row!.normUnits });
}

export function normBookFrom({ types, norms, units }: NormSources): NormBook {
  const parentOf = new Map(units.map((unit) => [unit.id, unit.parentId]));
  const byUser = new Map(
    norms.filter((norm) => norm.userId).map((norm) => [`${norm.userId}:${norm.typeId}`, Number(norm.dailyNorm)]),
  );
  const byUnit = new Map(
    norms.filter((norm) => norm.unitId).map((norm) => [`${norm.unitId}:${norm.typeId}`, Number(norm.dailyNorm)]),
  );
  const typeDefaults = new Map(
    types.map((type) => [type.typeId, type.typeDefault === null ? null : Number(type.typeDefault)]),
  );
  // A roll-up asks for thousands of people × every type: resolve each unit's chain once.
  const unitNorms = new Map<string, Map<string, number | null>>();
  const normOfUnit = (unitId: string, typeId: string): number | null => {
    let resolved = unitNorms.get(unitId);
    if (!resolved) {
      resolved = new Map();
      unitNorms.set(unitId, resolved);
    }
    if (resolved.has(typeId)) return resolved.get(typeId)!;
    let norm: number | null = typeDefaults.get(typeId) ?? null;
    for (let unit: string | null | undefined = unitId; unit; unit = parentOf.get(unit)) {
      const set = byUnit.get(`${unit}:${typeId}`);
      if (set !== undefined) {
        norm = set;
        break;
      }
    }
    resolved.set(typeId, norm);
    return norm;
  };
  return {
    types: types.map((type) => ({
      typeId: type.typeId,
      weight: Number(type.weight),
      typeDefault: type.typeDefault === null ? null : Number(type.typeDefault),
    })),
    normFor(user, typeId) {
      if (byUser.size > 0) {
        const own = byUser.get(`${user.id}:${typeId}`);
        if (own !== undefined) return own;
      }
      return normOfUnit(user.unitId, typeId);
    },
  };
}
