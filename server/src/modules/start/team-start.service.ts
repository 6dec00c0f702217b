import {
  addDays,
  dayInTimeZone,
  fromTiyn,
  isoWeekOf,
  isoWeekStart,
  lagBehindPlan,
  lowActivityCoefficient,
  type RegionsStart,
  startListLimit,
  startOfDayInZone,
  type TeamStart,
  toTiyn,
  type UnitRollup,
} from "@planerka/common";
import { sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Executor, rows } from "../../platform/db/database";
import { notFound } from "../../platform/errors/problem";
import { assertUnitReadableOrThrow } from "../../policies/reports";
import { type SubjectUser, subjectUserColumns } from "../cabinet/figure-context";
import { type Owners, ownersInSubtree } from "../cabinet/figures.queries";
import { unitCabinetOrThrow } from "../cabinet/unit-rollup.service";
import { presentInstance } from "../workflows/workflow.presenter";
import { countInstances, selectInstances } from "../workflows/workflow-instance.queries";
import { presentHangingDeal } from "./start.presenter";
import {
  hangingDealList,
  hangingDealsByUnit,
  plannedInRangeQuery,
  stalledOfOwners,
  stalledWorkflowsByUnit,
} from "./start.queries";

type Figures = UnitRollup["totals"];

/** The roll-up's figures with the lag behind the plan to date, from the same tiyn. */
function withLag({ plan, planToDate, actual, completion, activityCoefficient }: Figures) {
  const lag = fromTiyn(lagBehindPlan(toTiyn(planToDate), toTiyn(actual)));
  return { plan, planToDate, actual, completion, lag, activityCoefficient };
}

/** Today, next week and the hanging rule, in the company's zone and settings. */
async function startContextOrThrow(executor: Executor) {
  const [settings] = await rows<{ timeZone: string; hangingDealDays: number }>(
    executor,
    sql`select time_zone as "timeZone", hanging_deal_days as "hangingDealDays" from company_settings where id = 1`,
  );
  if (!settings) throw notFound("The company is not set up yet");
  const today = dayInTimeZone(new Date(), settings.timeZone);
  const nextWeek = isoWeekOf(addDays(today, 7));
  const monday = isoWeekStart(nextWeek);
  return {
    today,
    hangingDealDays: settings.hangingDealDays,
    nextWeek,
    nextWeekRange: {
      from: startOfDayInZone(monday, settings.timeZone),
      to: startOfDayInZone(addDays(monday, 7), settings.timeZone),
    },
  };
}

/**
 * The people a head acts on: the active employees of the subtree, the caller excepted (nobody
 * reviews their own plan), each with how much of next week they have planned.
 */
async function peopleOf(executor: Executor, actor: Actor, owners: Owners, nextWeek: { from: Date; to: Date }) {
  const [people, planned] = await Promise.all([
    rows<SubjectUser>(
      executor,
      sql`select ${subjectUserColumns} from users u join units un on un.id = u.unit_id
          where u.id in ${owners} and u.active and u.id <> ${actor.user.id}`,
    ),
    rows<{ userId: string; count: number }>(executor, plannedInRangeQuery(owners, nextWeek)),
  ]);
  const plannedBy = new Map(planned.map((row) => [row.userId, Number(row.count)]));
  return people.map((user) => ({ user, planned: plannedBy.get(user.id) ?? 0 }));
}

/** Every person of the roll-up tree with their figures, wherever they sit in it. */
function rollupPeople(node: { users: UnitRollup["users"]; children: UnitRollup[] }): UnitRollup["users"] {
  return [...node.users, ...node.children.flatMap(rollupPeople)];
}

const byName = (left: { user: { name: string; id: string } }, right: { user: { name: string; id: string } }) =>
  left.user.name.localeCompare(right.user.name, "ru") || (left.user.id < right.user.id ? -1 : 1);

/**
 * The head's planning summary of a unit and everything below it: who lags the plan to date and whose
 * activity is low (the head cabinet's roll-up figures), hanging deals, stalled workflows, and who has
 * not planned next week. A unit outside the caller's `reports` reach is 404.
 */
export async function teamStartOrThrow(executor: Executor, actor: Actor, unitId: string): Promise<TeamStart> {
  assertUnitReadableOrThrow(actor, unitId);
  const context = await startContextOrThrow(executor);
  const owners = ownersInSubtree(unitId);
  const stalledWhere = stalledOfOwners(owners);
  const [cabinet, people, hanging, stalled, stalledTotal] = await Promise.all([
    unitCabinetOrThrow(executor, actor, unitId, { date: context.today }),
    peopleOf(executor, actor, owners, context.nextWeekRange),
    hangingDealList(executor, actor.scope, owners, context.hangingDealDays, startListLimit),
    selectInstances(executor, actor.scope, stalledWhere, { limit: startListLimit, offset: 0 }),
    countInstances(executor, actor.scope, stalledWhere),
  ]);
  const shown = new Set(people.map((entry) => entry.user.id));
  const figures = rollupPeople(cabinet)
    .filter((entry) => shown.has(entry.user.id))
    .map((entry) => ({ user: entry.user, ...withLag(entry) }));
  const lagging = figures
    .filter((entry) => entry.lag > 0)
    .sort((left, right) => right.lag - left.lag || byName(left, right));
  const lowActivity = figures
    .filter(
      (entry): entry is typeof entry & { activityCoefficient: number } =>
        entry.activityCoefficient !== null && entry.activityCoefficient < lowActivityCoefficient,
    )
    .sort((left, right) => left.activityCoefficient - right.activityCoefficient || byName(left, right))
    .map(({ user, activityCoefficient }) => ({ user, activityCoefficient }));
  const unplanned = people
    .filter((entry) => entry.planned === 0)
    .sort(byName)
    .map((entry) => entry.user);
  return {
    unit: cabinet.unit,
    month: cabinet.month,
    date: cabinet.date,
    totals: withLag(cabinet.totals),
    lagging: { items: lagging.slice(0, startListLimit), total: lagging.length },
    lowActivity: {
      threshold: lowActivityCoefficient,
      items: lowActivity.slice(0, startListLimit),
      total: lowActivity.length,
    },
    hangingDeals: {
      days: context.hangingDealDays,
      items: hanging.items.map(presentHangingDeal),
      total: hanging.total,
    },
    stalledWorkflows: { items: stalled.map(presentInstance), total: stalledTotal },
    unplannedWeek: { week: context.nextWeek, items: unplanned.slice(0, startListLimit), total: unplanned.length },
  };
}

/** Every unit id of a roll-up subtree. */
function unitIdsOf(node: UnitRollup): string[] {
  return [node.unit.id, ...node.children.flatMap(unitIdsOf)];
}

/**
 * The top's view: the units right below `unitId` (the regions below the company) with the roll-up's
 * figures and lag, and the counts of the head's summary summed over each one's subtree.
 */
export async function regionsStartOrThrow(executor: Executor, actor: Actor, unitId: string): Promise<RegionsStart> {
  assertUnitReadableOrThrow(actor, unitId);
  const context = await startContextOrThrow(executor);
  const owners = ownersInSubtree(unitId);
  const [cabinet, people, hanging, stalled] = await Promise.all([
    unitCabinetOrThrow(executor, actor, unitId, { date: context.today }),
    peopleOf(executor, actor, owners, context.nextWeekRange),
    hangingDealsByUnit(executor, actor.scope, owners, context.hangingDealDays),
    stalledWorkflowsByUnit(executor, actor.scope, owners),
  ]);
  const sumOver = (units: Set<string>, counts: { unitId: string; count: number }[]) =>
    counts.reduce((sum, row) => sum + (units.has(row.unitId) ? Number(row.count) : 0), 0);
  const regions = cabinet.children.map((child) => {
    const units = new Set(unitIdsOf(child));
    return {
      unit: child.unit,
      ...withLag(child.totals),
      hangingDeals: sumOver(units, hanging),
      stalledWorkflows: sumOver(units, stalled),
      unplannedPeople: people.filter((entry) => entry.planned === 0 && units.has(entry.user.unitId)).length,
    };
  });
  regions.sort(
    (left, right) =>
      right.lag - left.lag ||
      left.unit.name.localeCompare(right.unit.name, "ru") ||
      (left.unit.id < right.unit.id ? -1 : 1),
  );
  return {
    unit: cabinet.unit,
    month: cabinet.month,
    date: cabinet.date,
    totals: withLag(cabinet.totals),
    threshold: lowActivityCoefficient,
    hangingDealDays: context.hangingDealDays,
    nextWeek: context.nextWeek,
    regions,
  };
}
