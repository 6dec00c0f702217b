import { sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";

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

/** Everything needed to resolve norms for many users with two queries. */
export async function loadNormBook(executor: Executor): Promise<NormBook> {
  const [types, norms, tree] = await Promise.all([
    rows<{ typeId: string; weight: string; typeDefault: string | null }>(
      executor,
      sql`select id as "typeId", weight::text as weight, daily_norm::text as "typeDefault" from activity_types order by sort`,
    ),
    rows<{ typeId: string; unitId: string | null; userId: string | null; dailyNorm: string }>(
      executor,
      sql`select type_id as "typeId", unit_id as "unitId", user_id as "userId", daily_norm::text as "dailyNorm" from activity_norms`,
    ),
    rows<{ id: string; parentId: string | null }>(executor, sql`select id, parent_id as "parentId" from units`),
  ]);
  const parentOf = new Map(tree.map((unit) => [unit.id, unit.parentId]));
  const byUser = new Map(
    norms.filter((norm) => norm.userId).map((norm) => [`${norm.userId}:${norm.typeId}`, Number(norm.dailyNorm)]),
  );
  const byUnit = new Map(
    norms.filter((norm) => norm.unitId).map((norm) => [`${norm.unitId}:${norm.typeId}`, Number(norm.dailyNorm)]),
  );
  const typeDefaults = new Map(
    types.map((type) => [type.typeId, type.typeDefault === null ? null : Number(type.typeDefault)]),
  );
  return {
    types: types.map((type) => ({
      typeId: type.typeId,
      weight: Number(type.weight),
      typeDefault: type.typeDefault === null ? null : Number(type.typeDefault),
    })),
    normFor(user, typeId) {
      const own = byUser.get(`${user.id}:${typeId}`);
      if (own !== undefined) return own;
      for (let unit: string | null | undefined = user.unitId; unit; unit = parentOf.get(unit)) {
        const set = byUnit.get(`${unit}:${typeId}`);
        if (set !== undefined) return set;
      }
      return typeDefaults.get(typeId) ?? null;
    },
  };
}
