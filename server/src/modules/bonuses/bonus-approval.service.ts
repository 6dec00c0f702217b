import {
  type ApprovedBonusSheet,
  type BonusApproval,
  type BonusChange,
  type BonusItem,
  type BonusPeriod,
  type BonusSheet,
  formatTenge,
  fromTiyn,
  toTiyn,
} from "@planerka/common";
import { sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { textArray, toIso } from "../../platform/db/sql-values";
import { conflict, notFound } from "../../platform/errors/problem";
import { notify } from "../../platform/notifications/notify";
import { assertUnitReadableOrThrow } from "../cabinet/unit-rollup.service";
import { assertMayApproveUnitOrThrow } from "./bonus-policy";
import { computeBonusSheet, periodOrThrow, withoutDealLists } from "./bonus-sheet.service";
import { loadOrgTree, type OrgTree } from "./bonus-targets";

interface ApprovalRow {
  id: string;
  period: string;
  unitId: string;
  unitName: string;
  approvedById: string;
  approvedByName: string;
  approvedAt: Date | string;
  total: string;
  sheet: BonusSheet;
}

const presentApproval = (row: ApprovalRow): BonusApproval => ({
  id: row.id,
  period: row.period,
  unitId: row.unitId,
  unitName: row.unitName,
  approvedBy: { id: row.approvedById, name: row.approvedByName },
  approvedAt: toIso(row.approvedAt),
  total: Number(row.total),
});

const approvalColumns = sql`a.id, a.period, a.unit_id as "unitId", un.name as "unitName", a.approved_by as "approvedById",
  u.name as "approvedByName", a.approved_at as "approvedAt", a.total::text as total, a.sheet`;

/**
 * `POST /bonus-sheets`: the head of the unit (or a top) freezes the sheet as it stands. The copy
 * is the sheet itself, figures and deals, so later changes in the data never move it.
 */
export async function approveBonusSheetOrThrow(
  db: Database,
  actor: Actor,
  input: { period: string; unitId: string },
): Promise<BonusApproval> {
  const period = periodOrThrow(input.period);
  assertMayApproveUnitOrThrow(actor, input.unitId);
  return db.transaction(async (tx) => {
    // One approval per unit and period, even when two heads press the button together.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`bonus-approval:${period.name}:${input.unitId}`}))`);
    const tree = await loadOrgTree(tx);
    if (!tree.units.has(input.unitId)) throw notFound();
    const [existing] = await rows(
      tx,
      sql`select 1 from bonus_approvals where period = ${period.name} and unit_id = ${input.unitId}`,
    );
    if (existing)
      throw conflict("This unit's sheet for the period is already approved; an approved sheet never changes");
    const sheet = await computeBonusSheet(tx, tree, period, {
      unitId: input.unitId,
      people: tree.peopleBelow([input.unitId]),
    });
    const [created] = await rows<{ id: string }>(
      tx,
      sql`insert into bonus_approvals (period, unit_id, approved_by, total, sheet)
          values (${period.name}, ${input.unitId}, ${actor.user.id}, ${sheet.total.toFixed(2)}, ${JSON.stringify(sheet)}::jsonb)
          returning id`,
    );
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "bonus_sheet",
      entityId: created!.id,
      action: "approve",
      changes: [
        { field: "period", old: null, new: period.name },
        { field: "unitId", old: null, new: input.unitId },
        { field: "total", old: null, new: sheet.total },
      ],
    });
    // Each person on the sheet learns their approved bonus (the approver excepted, by notify()).
    await notify(
      tx,
      sheet.items.map((item) => ({
        userId: item.userId,
        kind: "bonus_approved",
        title: period.name,
        body: formatTenge(item.bonus),
        link: `/bonuses?period=${period.name}`,
        actorId: actor.user.id,
      })),
    );
    const [row] = await rows<ApprovalRow>(
      tx,
      sql`select ${approvalColumns} from bonus_approvals a join units un on un.id = a.unit_id join users u on u.id = a.approved_by
          where a.id = ${created!.id}`,
    );
    return presentApproval(row!);
  });
}

/** Where to look for a sheet: the unit named, else the caller's headed units, else up from their own unit. */
function candidateUnits(actor: Actor, tree: OrgTree, unitId: string | undefined): string[] {
  if (unitId) {
    assertUnitReadableOrThrow(actor, unitId);
    return [unitId];
  }
  const level = actor.scope.level("reports", "read");
  const up: string[] = [];
  for (
    let unit = tree.units.get(actor.user.unitId);
    unit;
    unit = unit.parentId ? tree.units.get(unit.parentId) : undefined
  )
    up.push(unit.id);
  if (level === "all") return tree.rootId ? [tree.rootId] : [];
  return [...(level === "subtree" ? actor.scope.headedUnitIds : []), ...up];
}

/** Only the lines of the people the caller may read (a manager: their own). */
function visibleItems(actor: Actor, tree: OrgTree, items: BonusItem[]): BonusItem[] {
  return items.filter((item) => {
    const person = tree.users.get(item.userId);
    return person ? actor.scope.canReachOwner("reports", "read", person) : item.userId === actor.user.id;
  });
}

const totalOf = (items: BonusItem[]) => fromTiyn(items.reduce((sum, item) => sum + toTiyn(item.bonus.toFixed(2)), 0n));

/** What would change now: people whose base, bonus or counted deals differ from the approved sheet. */
export function sheetChanges(approved: BonusItem[], now: BonusItem[]): BonusChange[] {
  const before = new Map(approved.map((item) => [item.userId, item]));
  const after = new Map(now.map((item) => [item.userId, item]));
  const changes: BonusChange[] = [];
  for (const userId of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(userId);
    const is = after.get(userId);
    const wasDeals = new Map((was?.deals ?? []).map((deal) => [deal.dealId, deal.title]));
    const isDeals = new Map((is?.deals ?? []).map((deal) => [deal.dealId, deal.title]));
    const dealsAdded = [...isDeals].filter(([id]) => !wasDeals.has(id)).map(([, title]) => title);
    const dealsRemoved = [...wasDeals].filter(([id]) => !isDeals.has(id)).map(([, title]) => title);
    if (was && is && was.base === is.base && was.bonus === is.bonus && dealsAdded.length + dealsRemoved.length === 0)
      continue;
    changes.push({
      userId,
      userName: (is ?? was)!.userName,
      approved: was ? { base: was.base, bonus: was.bonus } : null,
      now: is ? { base: is.base, bonus: is.bonus } : null,
      dealsAdded,
      dealsRemoved,
    });
  }
  return changes.sort((a, b) => a.userName.localeCompare(b.userName, "ru"));
}

/**
 * The sheet as it would be now, beside an approved one: every line by its sums (a company's deals
 * are not read for it), then the deals of only those whose base, bonus or number of deals moved —
 * the people «what would change now» lists with the deals added and removed.
 */
async function liveItemsBeside(
  executor: Executor,
  tree: OrgTree,
  period: BonusPeriod,
  unitId: string,
  approvedItems: BonusItem[],
  visible: (items: BonusItem[]) => BonusItem[],
): Promise<BonusItem[]> {
  const people = tree.peopleBelow([unitId]);
  const lines = visible(
    (await computeBonusSheet(executor, tree, period, { unitId, people }, { withDeals: false })).items,
  );
  const approved = new Map(approvedItems.map((item) => [item.userId, item]));
  const moved = new Set(
    lines
      .filter((line) => {
        const was = approved.get(line.userId);
        return !was || was.base !== line.base || was.bonus !== line.bonus || was.dealCount !== line.dealCount;
      })
      .map((line) => line.userId),
  );
  if (moved.size === 0) return lines.map((line) => ({ ...line, deals: approved.get(line.userId)!.deals }));
  const detailed = await computeBonusSheet(
    executor,
    tree,
    period,
    { unitId, people: people.filter((candidate) => moved.has(candidate.id)) },
    { withDeals: true },
  );
  const details = new Map(detailed.items.map((item) => [item.userId, item]));
  // Unmoved lines keep the approved deals, so only the moved ones can show deals added or removed.
  return lines.map((line) => details.get(line.userId) ?? { ...line, deals: approved.get(line.userId)?.deals ?? [] });
}

/**
 * The approval that answers a query: the named unit's, else the first of the caller's candidate
 * units that has one (none: no row). Reads only the frozen copy, never the live sheet.
 */
async function findApprovalOrThrow(executor: Executor, actor: Actor, query: { period: string; unitId?: string }) {
  const period = periodOrThrow(query.period);
  const tree = await loadOrgTree(executor);
  const candidates = candidateUnits(actor, tree, query.unitId);
  const found = await rows<ApprovalRow>(
    executor,
    sql`select ${approvalColumns} from bonus_approvals a join units un on un.id = a.unit_id join users u on u.id = a.approved_by
        where a.period = ${period.name} and a.unit_id = any(${textArray(candidates)}::uuid[])`,
  );
  const row = candidates.map((id) => found.find((approval) => approval.unitId === id)).find(Boolean);
  return { period, tree, row };
}

/** The lines the caller may read, and only one person's when `userId` is asked. */
const readableLines = (actor: Actor, tree: OrgTree, userId: string | undefined) => (items: BonusItem[]) => {
  const visible = visibleItems(actor, tree, items);
  return userId ? visible.filter((item) => item.userId === userId) : visible;
};

/** The frozen sheet cut to the caller's `items`, its totals summed over them. */
function frozenSheetOf(
  row: ApprovalRow,
  items: BonusItem[],
  query: { userId?: string; deals?: "all" | "none" },
): { approval: BonusApproval; sheet: BonusSheet } {
  const approval = presentApproval(row);
  const everything = !query.userId && items.length === row.sheet.items.length;
  const sheet = { ...row.sheet, items, total: totalOf(items) };
  return {
    // A manager sees the approval of their line, not the unit's total.
    approval: everything ? approval : { ...approval, total: totalOf(items) },
    sheet: query.deals === "none" ? withoutDealLists(sheet) : sheet,
  };
}

/** The approved sheet as frozen, for the export: no «what would change now»; null when none is approved. */
export async function frozenBonusSheetOrThrow(
  executor: Executor,
  actor: Actor,
  query: { period: string; unitId?: string; userId?: string; deals?: "all" | "none" },
): Promise<{ approval: BonusApproval; sheet: BonusSheet } | null> {
  const { tree, row } = await findApprovalOrThrow(executor, actor, query);
  if (!row) return null;
  return frozenSheetOf(row, readableLines(actor, tree, query.userId)(row.sheet.items), query);
}

/** `GET /bonus-sheets`: the approved sheet as frozen, and beside it what the data would give now. */
export async function approvedBonusSheetOrThrow(
  executor: Executor,
  actor: Actor,
  query: { period: string; unitId?: string; userId?: string; deals?: "all" | "none" },
): Promise<ApprovedBonusSheet> {
  const { period, tree, row } = await findApprovalOrThrow(executor, actor, query);
  if (!row) return { approval: null, sheet: null, changes: [], totalNow: null };
  const readable = readableLines(actor, tree, query.userId);
  const approvedItems = readable(row.sheet.items);
  const liveItems = await liveItemsBeside(executor, tree, period, row.unitId, approvedItems, readable);
  return {
    ...frozenSheetOf(row, approvedItems, query),
    changes: sheetChanges(approvedItems, liveItems),
    totalNow: totalOf(liveItems),
  };
}
