import type {
  DealOneC,
  oneCManagerNameWriteSchema,
  oneCSettingsPatchSchema,
  oneCUnassignedOrderSchema,
  oneCUpsertBodySchema,
} from "@planerka/common";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { toIso, toIsoOrNull } from "../../platform/db/sql-values";
import { invalid, notFound } from "../../platform/errors/problem";
import { assertAssignableOwnerOrThrow, findResource } from "../crm/crm-resource";
import { dealSpec } from "../crm/deal.resource";
import { getSettingsOrThrow } from "../settings/settings.service";
import { applyRecords } from "./one-c-apply";
import { syncDeals } from "./one-c-deals";
import type { IncomingRecord } from "./one-c-records";
import { oneCSessionColumns, presentSession, type SessionRow } from "./one-c-session.presenter";

export const exchangePath = "/api/v1/integrations/1c/exchange";

export async function startSession(
  executor: Executor,
  input: { kind: "sale" | "catalog" | "upsert" | "handover"; userId: string; cookieHash?: string },
) {
  const [row] = await rows<{ id: string }>(
    executor,
    sql`insert into one_c_sessions (kind, user_id, cookie_hash, directions)
        values (${input.kind}, ${input.userId}, ${input.cookieHash ?? null}, '{}') returning id`,
  );
  return row!.id;
}

export async function markSucceeded(executor: Executor, sessionId: string) {
  await executor.execute(
    sql`update one_c_sessions set status = 'succeeded', finished_at = now(), last_seen_at = now() where id = ${sessionId}`,
  );
  await executor.execute(sql`update one_c_state set last_success_at = now() where id = 1`);
}

/** The JSON bulk upsert: all or nothing, one result per record. */
export async function upsertOrThrow(db: Database, actor: Actor, body: z.infer<typeof oneCUpsertBodySchema>) {
  const items: IncomingRecord[] = [
    ...body.counterparties.map((record) => ({ kind: "counterparty" as const, record })),
    ...body.orders.map((record) => ({ kind: "order" as const, record })),
    ...body.payments.map((record) => ({ kind: "payment" as const, record })),
  ];
  return db.transaction(async (tx) => {
    const { timeZone } = await getSettingsOrThrow(tx);
    const sessionId = await startSession(tx, { kind: "upsert", userId: actor.user.id });
    await tx.execute(sql`update one_c_sessions set directions = '{in}' where id = ${sessionId}`);
    const outcome = await applyRecords(tx, { sessionId, actorId: actor.user.id, timeZone, fileName: null }, items);
    await markSucceeded(tx, sessionId);
    return { sessionId, ...outcome };
  });
}

export async function listSessions(db: Database, page: { limit: number; offset: number }) {
  const items = await rows<SessionRow>(
    db,
    sql`select ${oneCSessionColumns} from one_c_sessions s left join users u on u.id = s.user_id
        order by s.started_at desc, s.id limit ${page.limit} offset ${page.offset}`,
  );
  const [count] = await rows<{ total: number }>(db, sql`select count(*)::int as total from one_c_sessions`);
  return { items: items.map(presentSession), total: count?.total ?? 0 };
}

export async function listRejectionsOrThrow(db: Database, sessionId: string, page: { limit: number; offset: number }) {
  const [session] = await rows<{ id: string }>(db, sql`select id from one_c_sessions where id = ${sessionId}`);
  if (!session) throw notFound();
  const items = await rows<{
    fileName: string | null;
    kind: "counterparty" | "order" | "payment";
    guid: string | null;
    reason: string;
  }>(
    db,
    sql`select file_name as "fileName", kind, guid, reason from one_c_rejections where session_id = ${sessionId}
        order by id limit ${page.limit} offset ${page.offset}`,
  );
  const [count] = await rows<{ total: number }>(
    db,
    sql`select count(*)::int as total from one_c_rejections where session_id = ${sessionId}`,
  );
  return { items, total: count?.total ?? 0 };
}

export async function exchangeStatus(db: Database, origin: string) {
  const [state] = await rows<{
    lastSuccessAt: string | null;
    staleAfterHours: number;
    stale: boolean;
    unassigned: number;
  }>(
    db,
    sql`select last_success_at as "lastSuccessAt", stale_after_hours as "staleAfterHours",
               (last_success_at is not null and last_success_at < now() - make_interval(hours => stale_after_hours)) as stale,
               (select count(*)::int from one_c_orders where deal_id is null and not deleted and not cancelled) as unassigned
        from one_c_state where id = 1`,
  );
  return {
    exchangeUrl: `${origin}${exchangePath}`,
    lastSuccessAt: toIsoOrNull(state?.lastSuccessAt),
    staleAfterHours: state?.staleAfterHours ?? 26,
    stale: state?.stale ?? false,
    unassignedOrders: state?.unassigned ?? 0,
  };
}

export async function updateExchangeSettings(
  db: Database,
  actor: Actor,
  patch: z.infer<typeof oneCSettingsPatchSchema>,
) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`update one_c_state set stale_after_hours = ${patch.staleAfterHours} where id = 1`);
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "one_c_settings",
      entityId: "1",
      action: "update",
      changes: [{ field: "staleAfterHours", old: null, new: patch.staleAfterHours }],
    });
  });
}

export async function listManagerNames(db: Database) {
  return rows<{ name: string; userId: string; userName: string }>(
    db,
    sql`select m.name, m.user_id as "userId", u.name as "userName" from one_c_manager_names m
        join users u on u.id = m.user_id order by m.name`,
  );
}

async function unassignedGuids(executor: Executor, where: ReturnType<typeof sql>) {
  const found = await rows<{ guid: string }>(
    executor,
    sql`select guid from one_c_orders where deal_id is null and not deleted and not cancelled and ${where}`,
  );
  return found.map((row) => row.guid);
}

/** Saving a name also hands that manager the orders that waited for them. */
export async function putManagerNameOrThrow(
  db: Database,
  actor: Actor,
  input: z.infer<typeof oneCManagerNameWriteSchema>,
) {
  return db.transaction(async (tx) => {
    const [user] = await rows<{ id: string }>(tx, sql`select id from users where id = ${input.userId} and active`);
    if (!user) throw invalid("userId", "Choose an active employee");
    await tx.execute(
      sql`insert into one_c_manager_names (name, user_id) values (${input.name}, ${input.userId})
          on conflict (name) do update set user_id = excluded.user_id`,
    );
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "one_c_manager_name",
      entityId: input.name,
      action: "update",
      changes: [{ field: "userId", old: null, new: input.userId }],
    });
    const { timeZone } = await getSettingsOrThrow(tx);
    const waiting = await unassignedGuids(tx, sql`manager_name = ${input.name}`);
    if (waiting.length > 0) {
      const sessionId = await startSession(tx, { kind: "handover", userId: actor.user.id });
      await syncDeals(tx, { sessionId, actorId: actor.user.id, timeZone, fileName: null }, waiting);
      await markSucceeded(tx, sessionId);
    }
    return { assigned: waiting.length };
  });
}

export async function deleteManagerName(db: Database, actor: Actor, name: string) {
  await db.transaction(async (tx) => {
    const deleted = await rows(tx, sql`delete from one_c_manager_names where name = ${name} returning name`);
    if (deleted.length === 0) throw notFound();
    await recordAudit(tx, { actorId: actor.user.id, entity: "one_c_manager_name", entityId: name, action: "delete" });
  });
}

export async function listUnassigned(db: Database, page: { limit: number; offset: number }) {
  const filter = sql`o.deal_id is null and not o.deleted and not o.cancelled`;
  const items = await rows<z.infer<typeof oneCUnassignedOrderSchema>>(
    db,
    sql`select o.guid, o.number, o.document_date as date, o.amount::text as amount, c.name as "counterpartyName",
               c.company_id as "companyId", o.manager_name as "managerName", o.paid_amount::text as "paidAmount"
        from one_c_orders o left join one_c_counterparties c on c.guid = o.counterparty_guid
        where ${filter} order by o.document_date desc, o.guid limit ${page.limit} offset ${page.offset}`,
  );
  const [count] = await rows<{ total: number }>(
    db,
    sql`select count(*)::int as total from one_c_orders o where ${filter}`,
  );
  return {
    items: items.map((item) => ({ ...item, date: toIso(item.date) })),
    total: count?.total ?? 0,
  };
}

/** A head gives an order nobody owned to one of their people; its deal appears in that person's cabinet. */
export async function assignOrderOrThrow(db: Database, actor: Actor, guid: string, ownerId: string) {
  return db.transaction(async (tx) => {
    const waiting = await unassignedGuids(tx, sql`guid = ${guid}`);
    if (waiting.length === 0) throw notFound();
    await assertAssignableOwnerOrThrow(tx, actor.scope, dealSpec, ownerId);
    const { timeZone } = await getSettingsOrThrow(tx);
    const sessionId = await startSession(tx, { kind: "handover", userId: actor.user.id });
    await syncDeals(tx, { sessionId, actorId: actor.user.id, timeZone, fileName: null }, waiting, { ownerId });
    await markSucceeded(tx, sessionId);
    const [order] = await rows<{ dealId: string }>(
      tx,
      sql`select deal_id as "dealId" from one_c_orders where guid = ${guid}`,
    );
    return { dealId: order!.dealId };
  });
}

/** The deal card's 1C block: 404 unless the caller sees the deal, and when it has no 1C order. */
export async function dealOneCOrThrow(db: Database, actor: Actor, dealId: string) {
  const deal = await findResource(db, dealSpec, actor.scope, dealId);
  if (!deal) throw notFound();
  const [order] = await rows<DealOneC>(
    db,
    sql`select number as "orderNumber", document_date as "orderDate", amount::text as amount,
               paid_amount::text as "paidAmount", paid_at as "paidAt", payment_number as "paymentNumber",
               posted, deleted, cancelled
        from one_c_orders where deal_id = ${dealId}`,
  );
  if (!order) throw notFound("This deal has no 1C order");
  return {
    ...order,
    orderDate: toIso(order.orderDate),
    paidAt: toIsoOrNull(order.paidAt),
  };
}
