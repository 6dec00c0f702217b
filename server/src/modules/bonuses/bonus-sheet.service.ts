import {
  type BonusDeal,
  type BonusItem,
  type BonusPeriod,
  type BonusSheet,
  bonusFor,
  completionPercent,
  countWorkingDays,
  fromTiyn,
  parseBonusPeriod,
  toTiyn,
} from "@planerka/common";
import { sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import type { Executor } from "../../platform/db/database";
import { toIsoOrNull } from "../../platform/db/sql-values";
import { invalid, notFound } from "../../platform/errors/problem";
import { coefficientFor } from "../cabinet/cabinet.service";
import { loadFigureSetup } from "../cabinet/figure-context";
import { assertUnitReadableOrThrow } from "../cabinet/unit-rollup.service";
import {
  type ConfirmedDealRow,
  completedBetween,
  type ExcludedDealRow,
  type OwnerRevenue,
  ownersFromIds,
  plansOf,
  revenueByOwner,
  usesOneC,
} from "./bonus-base.queries";
import { loadSchemes, type SchemeRow } from "./bonus-scheme.service";
import { loadOrgTree, type OrgPerson, type OrgTree, schemeFor } from "./bonus-targets";

export function periodOrThrow(name: string): BonusPeriod {
  const period = parseBonusPeriod(name);
  if (!period) throw invalid("period", "Expected a period as 2026-03, 2026-Q1, 2026-H1 or 2026");
  return period;
}

/**
 * The people a sheet covers: the unit's subtree when one is named (readable to the caller's
 * reports level), else everything the caller may read — a manager only themselves.
 */
export function subjectsOrThrow(actor: Actor, tree: OrgTree, unitId: string | undefined) {
  if (unitId) {
    assertUnitReadableOrThrow(actor, unitId);
    if (!tree.units.has(unitId)) throw notFound();
    return { unitId, people: tree.peopleBelow([unitId]) };
  }
  const level = actor.scope.level("reports", "read");
  if (level === "all") return { unitId: tree.rootId, people: tree.peopleBelow(tree.rootId ? [tree.rootId] : []) };
  const self = tree.users.get(actor.user.id);
  if (level === "subtree" && actor.scope.headedUnitIds.length > 0) {
    const people = tree.peopleBelow(actor.scope.headedUnitIds);
    if (self && !people.includes(self)) people.push(self);
    return { unitId: actor.scope.headedUnitIds.length === 1 ? actor.scope.headedUnitIds[0]! : null, people };
  }
  if (level === "none" || !self) return { unitId: null, people: [] };
  return { unitId: null, people: [self] };
}

const presentDeal = (row: ConfirmedDealRow): BonusDeal => ({
  dealId: row.dealId,
  title: row.title,
  ownerId: row.ownerId,
  amount: Number(row.amount),
  confirmedAt: toIsoOrNull(row.confirmedAt),
  document: row.document,
  payment: row.payment,
});

/** A decimal's text as an integer of `places` decimals, exact: ("1.2345", 4) → 12345n. */
export function scaledInteger(decimal: string, places: number): bigint {
  const [whole = "0", fraction = ""] = decimal.split(".");
  return BigInt(whole + fraction.padEnd(places, "0").slice(0, places));
}

interface LineFigures {
  planTiyn: bigint;
  baseTiyn: bigint;
  deals: ConfirmedDealRow[];
  excluded: ExcludedDealRow[];
  dealCount: number;
  excludedCount: number;
  coefficient: number | null;
}

/** One person's line: the scheme's formula (common/bonus.ts) over their plan, base and coefficient. */
function bonusLine(
  scheme: SchemeRow,
  person: { id: string; name: string; unitName: string },
  figures: LineFigures,
): BonusItem {
  const { planTiyn, baseTiyn } = figures;
  const result = bonusFor({
    planTiyn,
    baseTiyn,
    mode: scheme.mode,
    bands: scheme.bands.map((band) => ({
      fromCompletionHundredths: scaledInteger(band.fromCompletion, 2),
      // A rate in percent is ten-thousandths of a percent in parts per million of the base.
      ratePpm: scaledInteger(band.rate, 4),
    })),
    fixedTiyn: toTiyn(scheme.fixed),
    capTiyn: scheme.cap === null ? null : toTiyn(scheme.cap),
    coefficient:
      scheme.coefficientFloor === null
        ? null
        : {
            valueTenThousandths: figures.coefficient === null ? null : BigInt(Math.round(figures.coefficient * 100)),
            // Percent with 2 decimals is ten-thousandths of the whole (80.5 % = 8050).
            floorTenThousandths: scaledInteger(scheme.coefficientFloor, 2),
          },
  });
  return {
    userId: person.id,
    userName: person.name,
    unitName: person.unitName,
    schemeId: scheme.id,
    schemeName: scheme.name,
    baseKind: scheme.base,
    plan: fromTiyn(planTiyn),
    base: fromTiyn(baseTiyn),
    completion: completionPercent(baseTiyn, planTiyn),
    coefficient: figures.coefficient,
    multiplier: Number(result.multiplierTenThousandths) / 10_000,
    rate: Number(result.ratePpm) / 10_000,
    fixed: Number(scheme.fixed),
    bonus: fromTiyn(result.bonusTiyn),
    deals: figures.deals.map(presentDeal),
    excluded: figures.excluded.map((row) => ({ ...presentDeal(row), reason: row.reason })),
    dealCount: figures.dealCount,
    excludedCount: figures.excludedCount,
  };
}

/** `GET /bonuses`: the sheet as the data stand now, of the people the caller may read. */
export async function bonusSheetOrThrow(
  executor: Executor,
  actor: Actor,
  query: { period: string; unitId?: string; userId?: string; deals?: "all" | "none" },
): Promise<BonusSheet> {
  const period = periodOrThrow(query.period);
  const tree = await loadOrgTree(executor);
  const subjects = subjectsOrThrow(actor, tree, query.unitId);
  if (query.userId) {
    const person = subjects.people.find((candidate) => candidate.id === query.userId);
    if (!person) throw notFound();
    subjects.people = [person];
  }
  return computeBonusSheet(executor, tree, period, subjects, { withDeals: query.deals !== "none" });
}

export function withoutDealLists(sheet: BonusSheet): BonusSheet {
  return { ...sheet, items: sheet.items.map((item) => ({ ...item, deals: [], excluded: [] })) };
}

/** The sheet of these people for the period, whoever asks (callers check visibility first). */
export async function computeBonusSheet(
  executor: Executor,
  tree: OrgTree,
  period: BonusPeriod,
  subjects: { unitId: string | null; people: OrgPerson[] },
  options: { withDeals: boolean } = { withDeals: true },
): Promise<BonusSheet> {
  const [schemes, oneC, setup] = await Promise.all([
    loadSchemes(executor, sql`b.active and b.period = ${period.kind}`),
    usesOneC(executor),
    loadFigureSetup(executor, { from: period.firstDay, to: period.lastDay }),
  ]);

  // Each person with a scheme, and whose revenue makes their base (their own, or their units').
  const assigned = subjects.people.flatMap((person) => {
    const scheme = schemeFor(schemes, person, tree);
    if (!scheme) return [];
    const baseOwners =
      scheme.base === "unit"
        ? tree.peopleBelow(tree.headedBy(person.id) ?? [person.unitId], { formerToo: true }).map((p) => p.id)
        : [person.id];
    return [{ person, scheme, baseOwners }];
  });
  const everyone = [...new Set(assigned.flatMap((entry) => [entry.person.id, ...entry.baseOwners]))];
  const owners = ownersFromIds(everyone);
  const subjectsOnly = ownersFromIds(assigned.map((entry) => entry.person.id));
  const range = setup.range(period.firstDay, period.lastDay);
  const through = setup.asOf < period.lastDay ? setup.asOf : period.lastDay;
  const days = setup.asOf < period.firstDay ? 0 : countWorkingDays(period.firstDay, through, setup.calendar);
  const [plans, revenue, completed] =
    assigned.length === 0
      ? [new Map<string, string>(), new Map<string, OwnerRevenue>(), new Map<string, Map<string, number>>()]
      : await Promise.all([
          plansOf(executor, owners, period.months),
          revenueByOwner(executor, owners, range, { oneC, withDeals: options.withDeals, months: period.months }),
          days > 0 ? completedBetween(executor, subjectsOnly, period.firstDay, through) : Promise.resolve(new Map()),
        ]);

  let total = 0n;
  const items = assigned.map(({ person, scheme, baseOwners }) => {
    const figures: LineFigures = {
      planTiyn: 0n,
      baseTiyn: 0n,
      deals: [],
      excluded: [],
      dealCount: 0,
      excludedCount: 0,
      coefficient: coefficientFor(setup.norms, person, completed.get(person.id), days),
    };
    for (const id of baseOwners) {
      figures.planTiyn += toTiyn(plans.get(id) ?? "0");
      const own = revenue.get(id);
      if (!own) continue;
      figures.baseTiyn += own.amountTiyn;
      figures.dealCount += own.count;
      figures.excludedCount += own.excludedCount;
      figures.deals.push(...own.deals);
      figures.excluded.push(...own.excluded);
    }
    const item = bonusLine(scheme, person, figures);
    total += toTiyn(item.bonus.toFixed(2));
    return item;
  });
  items.sort((a, b) => a.unitName.localeCompare(b.unitName, "ru") || a.userName.localeCompare(b.userName, "ru"));
  return {
    period: period.name,
    unitId: subjects.unitId,
    unitName: subjects.unitId ? (tree.units.get(subjects.unitId)?.name ?? null) : null,
    source: oneC ? "1c" : "won",
    items,
    total: fromTiyn(total),
  };
}
