import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";
import { textArray, toIsoOrNull } from "../../platform/db/sql-values";
import { notify } from "../../platform/notifications/notify";
import { announceDealsWon, announcedWinDays } from "../feed/feed-events";

import type { ApplyContext } from "./one-c-context";

interface OrderState {
  guid: string;
  number: string;
  /** Text in one format for every row, so it sorts as the dates do. */
  documentDate: string;
  amount: string;
  posted: boolean;
  deleted: boolean;
  cancelled: boolean;
  paidAt: string | null;
  dealId: string | null;
  counterpartyName: string;
  companyId: string | null;
  contactId: string | null;
  ownerUnknown: boolean;
  recordOwner: string | null;
  mappedOwner: string | null;
  stageId: string | null;
  pipelineId: string | null;
  dealAmount: string | null;
  closedAt: string | null;
  dealOwner: string | null;
  dealTitle: string | null;
  semantic: "open" | "won" | "lost" | null;
}

interface PipelineStages {
  won: string;
  lost: string;
  /** Where a deal with a posted, unpaid order stands: the last open stage («Счёт выставлен»). */
  lastOpen: string;
}

async function loadPipelines(executor: Executor) {
  const stages = await rows<{ id: string; pipeline_id: string; semantic: string; is_default: boolean }>(
    executor,
    sql`select s.id, s.pipeline_id, s.semantic, p.is_default from stages s join pipelines p on p.id = s.pipeline_id
        order by p.is_default desc, p.sort, s.pipeline_id, s.sort`,
  );
  const pipelines = new Map<string, PipelineStages>();
  for (const stage of stages) {
    const entry = pipelines.get(stage.pipeline_id) ?? { won: "", lost: "", lastOpen: "" };
    if (stage.semantic === "won" && !entry.won) entry.won = stage.id;
    if (stage.semantic === "lost" && !entry.lost) entry.lost = stage.id;
    if (stage.semantic === "open") entry.lastOpen = stage.id;
    pipelines.set(stage.pipeline_id, entry);
  }
  return { pipelines, defaultPipeline: stages[0]?.pipeline_id ?? null };
}

/** Wins 1C reports are announced in the feed when recent (a first exchange brings years of history). */
const recentWins = () => ({ wonSince: new Date(Date.now() - announcedWinDays * 86_400_000) });

function outcomeOf(order: OrderState): "won" | "lost" | "open" {
  if (order.deleted || order.cancelled) return "lost";
  return order.posted && order.paidAt ? "won" : "open";
}

/** Links orders to CRM deals that already carry their GUID (a deal Planerka sent 1C comes back). */
async function linkKnownDeals(executor: Executor, guids: ReturnType<typeof textArray>) {
  // Two statements, each served by an index: an OR of both keys would scan every deal per order.
  await executor.execute(
    sql`update one_c_orders o set deal_id = d.id
        from deals d
        where o.guid = any(${guids}) and o.deal_id is null and d.external_id = o.guid and d.deleted_at is null
          and not exists (select 1 from one_c_orders taken where taken.deal_id = d.id)`,
  );
  await executor.execute(
    sql`update one_c_orders o set deal_id = d.id
        from deals d
        where o.guid = any(${guids}) and o.deal_id is null and d.deleted_at is null
          and d.id = case when o.guid ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then o.guid::uuid end
          and not exists (select 1 from one_c_orders taken where taken.deal_id = d.id)`,
  );
}

async function loadOrders(executor: Executor, guids: ReturnType<typeof textArray>) {
  return rows<OrderState>(
    executor,
    sql`select o.guid, o.number, o.document_date::text as "documentDate", o.amount::text as amount, o.posted, o.deleted, o.cancelled, o.paid_at as "paidAt",
               o.deal_id as "dealId", c.name as "counterpartyName", c.company_id as "companyId",
               c.contact_id as "contactId", c.owner_unknown as "ownerUnknown",
               coalesce(co.owner_id, ct.owner_id) as "recordOwner",
               (select m.user_id from one_c_manager_names m join users u on u.id = m.user_id
                where m.name = o.manager_name and u.active) as "mappedOwner",
               d.stage_id as "stageId", d.pipeline_id as "pipelineId", d.amount::text as "dealAmount",
               d.closed_at as "closedAt", d.owner_id as "dealOwner", d.title as "dealTitle", s.semantic
        from one_c_orders o
        join one_c_counterparties c on c.guid = o.counterparty_guid
        left join companies co on co.id = c.company_id and co.deleted_at is null
        left join contacts ct on ct.id = c.contact_id and ct.deleted_at is null
        left join deals d on d.id = o.deal_id
        left join stages s on s.id = d.stage_id
        where o.guid = any(${guids})`,
  );
}

async function auditDeals(
  executor: Executor,
  context: ApplyContext,
  entries: { id: string; action: string; changes: unknown[] }[],
) {
  if (entries.length === 0) return;
  await executor.execute(
    sql`insert into audit_log (actor_id, entity, entity_id, action, changes, via)
        select ${context.actorId}::uuid, 'deal', r.id, r.action, r.changes, '1c'
        from jsonb_to_recordset(${JSON.stringify(entries)}::jsonb) as r(id text, action text, changes jsonb)`,
  );
}

async function recordStageChanges(
  executor: Executor,
  context: ApplyContext,
  changes: { deal_id: string; from_stage_id: string | null; to_stage_id: string; changed_at: string }[],
) {
  if (changes.length === 0) return;
  await executor.execute(
    sql`insert into deal_stage_changes (deal_id, from_stage_id, to_stage_id, changed_at, changed_by)
        select r.deal_id, r.from_stage_id, r.to_stage_id, r.changed_at, ${context.actorId}::uuid
        from jsonb_to_recordset(${JSON.stringify(changes)}::jsonb)
          as r(deal_id uuid, from_stage_id uuid, to_stage_id uuid, changed_at timestamptz)`,
  );
}

/**
 * Brings each order's deal in line with 1C: the amount is the order's, and the stage follows the
 * order — won at the date of the payment that paid it in full, lost when 1C deleted or cancelled
 * it, open otherwise. An order whose owner cannot be told waits in «Не распределено».
 */
export async function syncDeals(
  executor: Executor,
  context: ApplyContext,
  orderGuids: readonly string[],
  options: { ownerId?: string } = {},
) {
  if (orderGuids.length === 0) return;
  const guids = textArray([...new Set(orderGuids)]);
  await linkKnownDeals(executor, guids);
  const orders = await loadOrders(executor, guids);
  const { pipelines, defaultPipeline } = await loadPipelines(executor);
  const now = new Date().toISOString();
  await createDeals(executor, context, orders, { pipelines, defaultPipeline, now, assignTo: options.ownerId });
  await updateDeals(executor, context, orders, pipelines, now);
}

async function createDeals(
  executor: Executor,
  context: ApplyContext,
  orders: OrderState[],
  where: { pipelines: Map<string, PipelineStages>; defaultPipeline: string | null; now: string; assignTo?: string },
) {
  const { pipelines, defaultPipeline, now } = where;
  const stages = defaultPipeline ? pipelines.get(defaultPipeline) : undefined;
  if (!stages || !defaultPipeline) return;
  const created = [];
  const waiting = orders
    .filter((order) => !order.dealId && outcomeOf(order) !== "lost")
    .sort((a, b) => a.documentDate.localeCompare(b.documentDate) || a.guid.localeCompare(b.guid));
  // A company the exchange made without a manager goes to whoever its first order names, and its
  // later orders follow the company, as they would had they come one exchange after another.
  const handOver = new Map<string, string>();
  for (const order of waiting) {
    const owner = where.assignTo ?? order.mappedOwner;
    if (order.ownerUnknown && order.companyId && owner && !handOver.has(order.companyId))
      handOver.set(order.companyId, owner);
  }
  for (const order of waiting) {
    const recordOwner = order.ownerUnknown
      ? order.companyId
        ? (handOver.get(order.companyId) ?? null)
        : null
      : order.recordOwner;
    const ownerId = where.assignTo ?? recordOwner ?? order.mappedOwner;
    if (!ownerId) continue;
    const won = outcomeOf(order) === "won";
    created.push({
      id: randomUUID(),
      guid: order.guid,
      title: `Заказ № ${order.number} — ${order.counterpartyName}`.slice(0, 300),
      stage_id: won ? stages.won : stages.lastOpen,
      amount: order.amount,
      owner_id: ownerId,
      company_id: order.companyId,
      contact_id: order.companyId ? null : order.contactId,
      closed_at: won ? toIsoOrNull(order.paidAt) : null,
    });
  }
  if (created.length === 0) return;
  await executor.execute(
    sql`insert into deals (id, title, pipeline_id, stage_id, amount, owner_id, company_id, contact_id, closed_at,
                           stage_changed_at, source, external_id, created_by)
        select r.id, r.title, ${defaultPipeline}::uuid, r.stage_id, r.amount, r.owner_id, r.company_id, r.contact_id,
               r.closed_at, now(), '1С',
               case when exists (select 1 from deals taken where taken.external_id = r.guid) then null else r.guid end,
               ${context.actorId}::uuid
        from jsonb_to_recordset(${JSON.stringify(created)}::jsonb)
          as r(id uuid, guid text, title text, stage_id uuid, amount numeric, owner_id uuid, company_id uuid,
               contact_id uuid, closed_at timestamptz)`,
  );
  await executor.execute(
    sql`update one_c_orders o set deal_id = r.id
        from jsonb_to_recordset(${JSON.stringify(created.map(({ id, guid }) => ({ id, guid })))}::jsonb) as r(id uuid, guid text)
        where o.guid = r.guid`,
  );
  await recordStageChanges(
    executor,
    context,
    created.map((deal) => ({ deal_id: deal.id, from_stage_id: null, to_stage_id: deal.stage_id, changed_at: now })),
  );
  await auditDeals(
    executor,
    context,
    created.map((deal) => ({ id: deal.id, action: "create", changes: [] })),
  );
  const won = created.filter((deal) => deal.stage_id === stages.won).map((deal) => deal.id);
  await announceDealsWon(executor, won, recentWins());
  if (handOver.size > 0) {
    const handed = [...handOver].map(([company_id, owner_id]) => ({ company_id, owner_id }));
    await executor.execute(
      sql`with handed as (
            update companies c set owner_id = r.owner_id, version = c.version + 1, updated_at = now()
            from jsonb_to_recordset(${JSON.stringify(handed)}::jsonb) as r(company_id uuid, owner_id uuid)
            where c.id = r.company_id returning c.id)
          update one_c_counterparties set owner_unknown = false where company_id in (select id from handed)`,
    );
  }
}

async function updateDeals(
  executor: Executor,
  context: ApplyContext,
  orders: OrderState[],
  pipelines: Map<string, PipelineStages>,
  now: string,
) {
  const updates = [];
  const stageChanges = [];
  const audits = [];
  const wins = [];
  const wonDealIds: string[] = [];
  for (const order of orders) {
    if (!order.dealId || !order.pipelineId || !order.stageId) continue;
    const stages = pipelines.get(order.pipelineId);
    if (!stages) continue;
    const outcome = outcomeOf(order);
    let stageId = order.stageId;
    let closedAt: string | null = null;
    if (outcome === "won") {
      if (order.semantic !== "won") stageId = stages.won;
      closedAt = toIsoOrNull(order.paidAt);
    } else if (outcome === "lost") {
      if (order.semantic !== "lost") stageId = stages.lost;
      closedAt = order.semantic === "lost" ? toIsoOrNull(order.closedAt) : now;
    } else if (order.semantic !== "open") {
      stageId = stages.lastOpen;
    }
    const changes = [];
    if (stageId !== order.stageId) changes.push({ field: "stageId", old: order.stageId, new: stageId });
    if (order.dealAmount !== order.amount) changes.push({ field: "amount", old: order.dealAmount, new: order.amount });
    if (toIsoOrNull(order.closedAt) !== closedAt)
      changes.push({ field: "closedAt", old: toIsoOrNull(order.closedAt), new: closedAt });
    if (changes.length === 0) continue;
    updates.push({
      id: order.dealId,
      stage_id: stageId,
      amount: order.amount,
      closed_at: closedAt,
      stage_changed: stageId !== order.stageId,
    });
    audits.push({ id: order.dealId, action: "update", changes });
    if (stageId !== order.stageId) {
      stageChanges.push({ deal_id: order.dealId, from_stage_id: order.stageId, to_stage_id: stageId, changed_at: now });
      if (outcome === "won") wonDealIds.push(order.dealId);
      if (outcome === "won" && order.dealOwner)
        wins.push({
          userId: order.dealOwner,
          kind: "deal_won" as const,
          title: order.dealTitle ?? order.number,
          link: `/crm/deals/${order.dealId}`,
          actorId: context.actorId,
        });
    }
  }
  if (updates.length === 0) return;
  await executor.execute(
    sql`update deals d set stage_id = r.stage_id, amount = r.amount, closed_at = r.closed_at,
          stage_changed_at = case when r.stage_changed then now() else d.stage_changed_at end,
          version = d.version + 1, updated_at = now()
        from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb)
          as r(id uuid, stage_id uuid, amount numeric, closed_at timestamptz, stage_changed boolean)
        where d.id = r.id`,
  );
  await recordStageChanges(executor, context, stageChanges);
  await auditDeals(executor, context, audits);
  if (wins.length > 0) await notify(executor, wins);
  await announceDealsWon(executor, wonDealIds, recentWins());
}
