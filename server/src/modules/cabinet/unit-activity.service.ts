import type { ActivityCounts, UnitActivity } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Executor, rows } from "../../platform/db/database";
import { notFound } from "../../platform/errors/problem";
import { assertUnitReadableOrThrow } from "../../policies/reports";
import { addCounts, emptyCounts, usersActivityCounts } from "./activity-counts.queries";
import { loadMonthSetup, monthFigures } from "./figure-context";
import { ownersInSubtree } from "./figures.queries";
import { unitSubtree } from "./unit-rollup.service";

/**
 * The month's counts of what the people of a unit's subtree did, per person and per unit (its whole
 * subtree summed). A read of its own beside the roll-up: the head cabinet asks for it when the
 * «Активность» columns are shown, so the money roll-up keeps its speed.
 */
export async function unitActivityOrThrow(
  executor: Executor,
  actor: Actor,
  unitId: string,
  query: { month?: string; date?: string },
): Promise<UnitActivity> {
  assertUnitReadableOrThrow(actor, unitId);
  const { setup, month } = await loadMonthSetup(executor, query);
  const { range } = monthFigures(setup, month);
  const owners = ownersInSubtree(unitId);
  const [units, users, counts] = await Promise.all([
    unitSubtree(executor, unitId),
    rows<{ id: string; unitId: string; active: boolean }>(
      executor,
      sql`select id, unit_id as "unitId", active from users where id in ${owners}`,
    ),
    usersActivityCounts(executor, owners, month, range),
  ]);
  if (units.length === 0) throw notFound();

  // Each person's counts go to their unit and every unit above it within the subtree.
  const parentOf = new Map(units.map((unit) => [unit.id, unit.parentId]));
  const unitTotals = new Map(units.map((unit) => [unit.id, emptyCounts()]));
  const people: UnitActivity["users"] = [];
  for (const user of users) {
    const found: ActivityCounts | undefined = counts.get(user.id);
    // Former employees are listed only while they still have something counted.
    if (!found && !user.active) continue;
    const own = found ?? emptyCounts();
    people.push({ userId: user.id, counts: own });
    for (let unit: string | null | undefined = user.unitId; unit && unitTotals.has(unit); unit = parentOf.get(unit))
      addCounts(unitTotals.get(unit)!, own);
  }
  return {
    month,
    units: units.map((unit) => ({ unitId: unit.id, counts: unitTotals.get(unit.id)! })),
    users: people,
  };
}
