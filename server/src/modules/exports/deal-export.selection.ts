import { addDays, type DealExportQuery, startOfDayInZone } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Executor, rows } from "../../platform/db/database";
import { notFound } from "../../platform/errors/problem";
import { unitsBelow } from "../../platform/scope/units-below";
import { assertUnitReachableOrThrow } from "../../policies/units";

export type ExportQuery = Pick<DealExportQuery, "from" | "to" | "format"> & {
  ownerId?: string[];
  unitId?: string[];
};

/** The export's period as instants: from the first day's midnight to the midnight after the last day. */
export interface ExportRange {
  from: Date;
  to: Date;
}

export function exportRange(query: ExportQuery, timeZone: string): ExportRange {
  return { from: startOfDayInZone(query.from, timeZone), to: startOfDayInZone(addDays(query.to, 1), timeZone) };
}

const uuidList = (ids: readonly string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

/** The chosen employees and everyone in the chosen units' subtrees, as a subquery of user ids; null: no choice. */
function selectedOwners(query: ExportQuery): SQL | null {
  const ownerIds = query.ownerId ?? [];
  const unitIds = query.unitId ?? [];
  if (ownerIds.length === 0 && unitIds.length === 0) return null;
  const byOwner = ownerIds.length > 0 ? sql`u.id in (${uuidList(ownerIds)})` : sql`false`;
  const byUnit = unitIds.length > 0 ? sql`u.unit_id in ${unitsBelow(uuidList(unitIds))}` : sql`false`;
  return sql`(select u.id from users u where ${byOwner} or ${byUnit})`;
}

/** The caller's export scope, narrowed to the selection when there is one. */
export function ownerFilter(actor: Actor, entity: "deals" | "activities", column: SQL, query: ExportQuery): SQL {
  const parts: SQL[] = [actor.scope.ownerCondition(entity, "export", column)];
  const selected = selectedOwners(query);
  if (selected) parts.push(sql`${column} in ${selected}`);
  return sql.join(parts, sql` and `);
}

/**
 * Every chosen unit and employee must be one the caller may export; otherwise the answer is 404,
 * as for any record out of scope, and nothing is exported (never a silently smaller file).
 */
export async function checkSelectionOrThrow(executor: Executor, actor: Actor, query: ExportQuery): Promise<void> {
  const ownerIds = [...new Set(query.ownerId ?? [])];
  const unitIds = [...new Set(query.unitId ?? [])];
  if (ownerIds.length === 0 && unitIds.length === 0) return;
  for (const unitId of unitIds) assertUnitReachableOrThrow(actor.scope, "deals", "export", unitId);
  const [units, owners] = await Promise.all([
    unitIds.length > 0
      ? rows<{ id: string }>(
          executor,
          sql`select id from units where id in (${uuidList(unitIds)}) and deleted_at is null`,
        )
      : [],
    ownerIds.length > 0
      ? rows<{ id: string; unitId: string }>(
          executor,
          sql`select id, unit_id as "unitId" from users where id in (${uuidList(ownerIds)})`,
        )
      : [],
  ]);
  if (units.length !== unitIds.length || owners.length !== ownerIds.length) throw notFound();
  if (!owners.every((owner) => actor.scope.canReachOwner("deals", "export", owner))) throw notFound();
}
