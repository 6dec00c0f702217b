import type { BonusPeriod, Reconciliation, ReconciliationKind, ReconciliationLine } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { toIso, toIsoOrNull } from "../../platform/db/sql-values";
import { notFound } from "../../platform/errors/problem";
import { loadFigureSetup } from "../cabinet/figure-context";
import { assertUnitReadableOrThrow } from "../cabinet/unit-rollup.service";
import { ownersFromIds, usesOneC } from "./bonus-base.queries";
import { periodOrThrow } from "./bonus-sheet.service";
import { loadOrgTree } from "./bonus-targets";

interface LineRow {
  kind: ReconciliationKind;
  dealId: string | null;
  dealTitle: string | null;
  ownerId: string | null;
  ownerName: string | null;
  orderGuid: string | null;
  document: string | null;
  crmAmount: string | null;
  oneCAmount: string | null;
  crmDate: Date | string | null;
  oneCDate: Date | string | null;
  comment: string | null;
  acceptedBy: string | null;
  acceptedAt: Date | string | null;
}

/** A line's key is `kind:subject` (the deal's id or the 1C order's GUID); a kind never holds a colon. */
interface LineKey {
  kind: string;
  subject: string;
}

function parseLineKey(key: string): LineKey | null {
  const colon = key.indexOf(":");
  return colon < 0 ? null : { kind: key.slice(0, colon), subject: key.slice(colon + 1) };
}

/**
 * The four ways the CRM and 1C can disagree about a period (each one visible query, united):
 * won in the CRM without a paid 1C order; paid in 1C without a CRM deal; a linked deal's amount
 * not the order's; a linked deal closed in another month than its order was paid (which moves
 * revenue, and so a bonus, to another period).
 */
function linesQuery(
  period: BonusPeriod,
  range: { from: Date; to: Date },
  timeZone: string,
  owners: SQL | null,
  key: LineKey | null,
) {
  const ownedBy = (column: SQL) => (owners ? sql`${column} in ${owners}` : sql`true`);
  const paidLive = sql`o.posted and not o.deleted and not o.cancelled and o.paid_at is not null`;
  // One line asked for by its key: filtered here, so the other kinds' branches need not run.
  const onlyKey = key ? sql`where l.kind = ${key.kind} and l.subject = ${key.subject}` : sql``;
  return sql`
    with lines as (
      select 'won_without_payment' as kind, d.id as "dealId", d.title as "dealTitle", d.owner_id as "ownerId",
             null as "orderGuid", null as document, d.amount as "crmAmount", null::numeric as "oneCAmount",
             d.closed_at as "crmDate", null::timestamptz as "oneCDate", d.id::text as subject
      from deals d join stages s on s.id = d.stage_id
      where s.semantic = 'won' and d.closed_at >= ${range.from} and d.closed_at < ${range.to} and d.deleted_at is null
        and ${ownedBy(sql`d.owner_id`)}
        and not exists (select 1 from one_c_orders o where o.deal_id = d.id and ${paidLive})
      union all
      select 'paid_without_deal', null, null, m.user_id, o.guid, o.number, null, o.amount, null, o.paid_at, o.guid
      from one_c_orders o left join one_c_manager_names m on m.name = o.manager_name
      where o.deal_id is null and ${paidLive} and o.paid_at >= ${range.from} and o.paid_at < ${range.to}
        and ${owners ? sql`(m.user_id in ${owners} or m.user_id is null)` : sql`true`}
      union all
      select 'amount_mismatch', d.id, d.title, d.owner_id, o.guid, o.number, d.amount, o.amount, d.closed_at,
             o.document_date, d.id::text
      from one_c_orders o join deals d on d.id = o.deal_id
      where d.amount <> o.amount and d.deleted_at is null and ${ownedBy(sql`d.owner_id`)}
        and ((o.document_date >= ${range.from} and o.document_date < ${range.to})
             or (o.paid_at >= ${range.from} and o.paid_at < ${range.to}))
      union all
      select 'date_mismatch', d.id, d.title, d.owner_id, o.guid, o.number, d.amount, o.amount, d.closed_at, o.paid_at,
             d.id::text
      from one_c_orders o join deals d on d.id = o.deal_id join stages s on s.id = d.stage_id
      where s.semantic = 'won' and ${paidLive} and d.deleted_at is null and ${ownedBy(sql`d.owner_id`)}
        and ((d.closed_at >= ${range.from} and d.closed_at < ${range.to}) or (o.paid_at >= ${range.from} and o.paid_at < ${range.to}))
        and to_char(d.closed_at at time zone ${timeZone}, 'YYYY-MM') <> to_char(o.paid_at at time zone ${timeZone}, 'YYYY-MM')
    )
    select l.kind, l."dealId", l."dealTitle", l."ownerId", u.name as "ownerName", l."orderGuid", l.document,
           l."crmAmount"::text as "crmAmount", l."oneCAmount"::text as "oneCAmount", l."crmDate", l."oneCDate",
           a.comment, au.name as "acceptedBy", a.accepted_at as "acceptedAt", l.kind || ':' || l.subject as key
    from lines l
    left join users u on u.id = l."ownerId"
    left join reconciliation_acceptances a on a.period = ${period.name} and a.key = l.kind || ':' || l.subject
    left join users au on au.id = a.accepted_by
    ${onlyKey}
    order by l.kind, coalesce(l."crmDate", l."oneCDate"), key`;
}

const presentLine = (row: LineRow & { key: string }): ReconciliationLine => ({
  key: row.key,
  kind: row.kind,
  dealId: row.dealId,
  dealTitle: row.dealTitle,
  ownerId: row.ownerId,
  ownerName: row.ownerName,
  orderGuid: row.orderGuid,
  document: row.document,
  crmAmount: row.crmAmount === null ? null : Number(row.crmAmount),
  oneCAmount: row.oneCAmount === null ? null : Number(row.oneCAmount),
  crmDate: toIsoOrNull(row.crmDate),
  oneCDate: toIsoOrNull(row.oneCDate),
  accepted:
    row.comment !== null && row.acceptedAt !== null
      ? { comment: row.comment, by: row.acceptedBy ?? "", at: toIso(row.acceptedAt) }
      : null,
});

/**
 * Whose lines the caller reads: the unit's people when named; else by the reports level — all,
 * the subtree they head and themselves, or their own. Orders nobody owns go to those who see more
 * than their own (as «Не распределено» does).
 */
async function ownersOrThrow(executor: Executor, actor: Actor, unitId: string | undefined): Promise<SQL | null> {
  const level = actor.scope.level("reports", "read");
  if (!unitId && level === "all") return null;
  const tree = await loadOrgTree(executor);
  if (unitId) {
    assertUnitReadableOrThrow(actor, unitId);
    if (!tree.units.has(unitId)) throw notFound();
    return ownersFromIds(tree.peopleBelow([unitId], { formerToo: true }).map((person) => person.id));
  }
  if (level === "subtree" && actor.scope.subtreeUnitIds.length > 0)
    return ownersFromIds([
      actor.user.id,
      ...tree.peopleBelow(actor.scope.subtreeUnitIds, { formerToo: true }).map((person) => person.id),
    ]);
  return ownersFromIds(level === "none" ? [] : [actor.user.id]);
}

/** The lines the caller sees; with `key`, only that line (a deal with two orders can have two). */
async function readLines(
  executor: Executor,
  actor: Actor,
  period: BonusPeriod,
  unitId: string | undefined,
  key: LineKey | null = null,
) {
  const owners = await ownersOrThrow(executor, actor, unitId);
  // Orders nobody owns belong to no unit: listed company-wide, never under a unit's filter.
  const seesUnowned = !unitId && actor.scope.level("reports", "read") !== "own" && actor.user.role !== "manager";
  const setup = await loadFigureSetup(executor, { from: period.firstDay, to: period.lastDay });
  const range = setup.range(period.firstDay, period.lastDay);
  const found = await rows<LineRow & { key: string }>(executor, linesQuery(period, range, setup.timeZone, owners, key));
  return found.filter((row) => row.ownerId !== null || seesUnowned).map(presentLine);
}

export async function reconciliationOrThrow(
  executor: Executor,
  actor: Actor,
  query: { period: string; unitId?: string; includeAccepted: "true" | "false" },
): Promise<Reconciliation> {
  const period = periodOrThrow(query.period);
  // A unit out of reach is 404 whether or not the company exchanges with 1C.
  if (query.unitId) assertUnitReadableOrThrow(actor, query.unitId);
  if (!(await usesOneC(executor))) return { period: period.name, connected: false, items: [], total: 0 };
  const lines = await readLines(executor, actor, period, query.unitId);
  const items = query.includeAccepted === "true" ? lines : lines.filter((line) => !line.accepted);
  return { period: period.name, connected: true, items, total: items.length };
}

/** Accepting a difference: only a line the caller sees now; the comment says why (audited). */
export async function acceptDifferenceOrThrow(
  db: Database,
  actor: Actor,
  input: { period: string; key: string; comment: string },
): Promise<ReconciliationLine> {
  const period = periodOrThrow(input.period);
  const key = parseLineKey(input.key);
  if (!key) throw notFound();
  return db.transaction(async (tx) => {
    const [line] = await readLines(tx, actor, period, undefined, key);
    if (!line) throw notFound();
    await tx.execute(
      sql`insert into reconciliation_acceptances (period, key, comment, accepted_by)
          values (${period.name}, ${input.key}, ${input.comment}, ${actor.user.id})
          on conflict (period, key) do update set comment = excluded.comment, accepted_by = excluded.accepted_by,
            accepted_at = now()`,
    );
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "reconciliation",
      entityId: `${period.name}:${input.key}`,
      action: "accept",
      changes: [{ field: "comment", old: line.accepted?.comment ?? null, new: input.comment }],
    });
    const [accepted] = await readLines(tx, actor, period, undefined, key);
    return accepted!;
  });
}
