import { completionPercent, fromTiyn, planToDate, toTiyn, type UnitKind, type UnitRollup } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Executor, rows } from "../../platform/db/database";
import { notFound } from "../../platform/errors/problem";
import { unitsBelow } from "../../platform/scope/units-below";
import { assertUnitReadableOrThrow } from "../../policies/reports";
import { coefficientFor } from "./cabinet.service";
import { loadMonthSetup, monthFigures, type SubjectUser } from "./figure-context";
import { ownersInSubtree, usersFigures } from "./figures.queries";

interface UnitRow {
  id: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
}

interface UserFigures {
  user: SubjectUser;
  plan: bigint;
  planToDate: bigint;
  actual: bigint;
  dealsCount: number;
  dealsAmount: bigint;
  activityCoefficient: number | null;
}

/**
 * Sums of a group of users; the coefficient, a ratio, is carried as a sum and a count for the mean.
 * The plan to date is not summed: it is the summed plan's, rounded once (summing people's rounded
 * values drifts by a tiyn a person).
 */
interface Totals {
  plan: bigint;
  actual: bigint;
  dealsCount: number;
  dealsAmount: bigint;
  coefficientSum: number;
  coefficientCount: number;
}

const emptyTotals = (): Totals => ({
  plan: 0n,
  actual: 0n,
  dealsCount: 0,
  dealsAmount: 0n,
  coefficientSum: 0,
  coefficientCount: 0,
});

function addTo(totals: Totals, entry: UserFigures | Totals) {
  totals.plan += entry.plan;
  totals.actual += entry.actual;
  totals.dealsCount += entry.dealsCount;
  totals.dealsAmount += entry.dealsAmount;
  if ("coefficientSum" in entry) {
    totals.coefficientSum += entry.coefficientSum;
    totals.coefficientCount += entry.coefficientCount;
  } else if (entry.activityCoefficient !== null) {
    totals.coefficientSum += entry.activityCoefficient;
    totals.coefficientCount += 1;
  }
}

// The bonus sheets and the reconciliation import the rule from here.
export { assertUnitReadableOrThrow };

/** The unit and every live unit below it, by name. */
export const unitSubtree = (executor: Executor, unitId: string) =>
  rows<UnitRow>(
    executor,
    sql`select id, name, kind, parent_id as "parentId" from units where id in ${unitsBelow(sql`${unitId}`)} order by name`,
  );

/** The roll-up tree: every unit below, every user in it, sums from the users (completion from the sums). */
export async function unitCabinetOrThrow(
  executor: Executor,
  actor: Actor,
  unitId: string,
  query: { month?: string; date?: string },
) {
  assertUnitReadableOrThrow(actor, unitId);
  const { setup, month } = await loadMonthSetup(executor, query);
  const figures = monthFigures(setup, month);
  // The tree, its people and their figures are independent: a server runs them side by side.
  const [units, users, found] = await Promise.all([
    unitSubtree(executor, unitId),
    rows<SubjectUser & { active: boolean }>(
      executor,
      sql`select u.id, u.name, u.position, u.unit_id as "unitId", un.name as "unitName", p.user_id is not null as "hasPhoto",
                 u.active
          from users u join units un on un.id = u.unit_id left join user_photos p on p.user_id = u.id
          where u.id in ${ownersInSubtree(unitId)} order by u.name`,
    ),
    usersFigures(executor, ownersInSubtree(unitId), month, figures.coefficientEnd),
  ]);
  if (units.length === 0) throw notFound();

  const usersByUnit = new Map<string, UserFigures[]>();
  for (const { active, ...user } of users) {
    const plan = toTiyn(found.plans.get(user.id) ?? "0");
    const actual = toTiyn(found.actuals.get(user.id) ?? "0");
    const work = found.inWork.get(user.id);
    // Former employees stay in the roll-up only while they still carry figures for the month.
    if (!active && plan === 0n && actual === 0n && !work) continue;
    const entry: UserFigures = {
      user,
      plan,
      planToDate: planToDate(plan, figures.progress),
      actual,
      dealsCount: work?.count ?? 0,
      dealsAmount: toTiyn(work?.amount ?? "0"),
      activityCoefficient: coefficientFor(setup.norms, user, found.completed.get(user.id), figures.coefficientDays),
    };
    const list = usersByUnit.get(user.unitId);
    if (list) list.push(entry);
    else usersByUnit.set(user.unitId, [entry]);
  }
  const childrenOf = new Map<string, UnitRow[]>();
  for (const unit of units) {
    if (!unit.parentId) continue;
    const list = childrenOf.get(unit.parentId);
    if (list) list.push(unit);
    else childrenOf.set(unit.parentId, [unit]);
  }

  const build = (unit: UnitRow): { rollup: UnitRollup; totals: Totals } => {
    const direct = usersByUnit.get(unit.id) ?? [];
    const children = (childrenOf.get(unit.id) ?? []).map(build);
    const totals = emptyTotals();
    for (const entry of direct) addTo(totals, entry);
    for (const child of children) addTo(totals, child.totals);
    return {
      totals,
      rollup: {
        unit: { id: unit.id, name: unit.name, kind: unit.kind },
        totals: {
          plan: fromTiyn(totals.plan),
          planToDate: fromTiyn(planToDate(totals.plan, figures.progress)),
          actual: fromTiyn(totals.actual),
          completion: completionPercent(totals.actual, totals.plan),
          dealsInWork: { count: totals.dealsCount, amount: fromTiyn(totals.dealsAmount) },
          // The coefficient is a ratio, not a sum: a unit shows the mean of its people's.
          activityCoefficient:
            totals.coefficientCount === 0
              ? null
              : Math.round((totals.coefficientSum / totals.coefficientCount) * 100) / 100,
        },
        children: children.map((child) => child.rollup),
        users: direct.map((entry) => ({
          user: entry.user,
          plan: fromTiyn(entry.plan),
          planToDate: fromTiyn(entry.planToDate),
          actual: fromTiyn(entry.actual),
          completion: completionPercent(entry.actual, entry.plan),
          dealsInWork: { count: entry.dealsCount, amount: fromTiyn(entry.dealsAmount) },
          activityCoefficient: entry.activityCoefficient,
        })),
      },
    };
  };
  const root = units.find((unit) => unit.id === unitId)!;
  return { month, date: setup.asOf, ...build(root).rollup };
}
