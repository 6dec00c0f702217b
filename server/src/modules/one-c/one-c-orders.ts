import { type OneCOrder, type OneCPayment, type OneCRecordResult, tiynToText } from "@planerka/common";
import { sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";
import { textArray } from "../../platform/db/sql-values";
import type { Rejection } from "./one-c-records";
import { orderPaymentState, type PaymentForState } from "./order-payment-state";

type TimedOrder = OneCOrder & { instant: Date };
type TimedPayment = OneCPayment & { instant: Date };

async function knownGuids(executor: Executor, table: "one_c_counterparties" | "one_c_orders", guids: string[]) {
  if (guids.length === 0) return new Set<string>();
  const found = await rows<{ guid: string }>(
    executor,
    sql`select guid from ${sql.identifier(table)} where guid = any(${textArray([...new Set(guids)])})`,
  );
  return new Set(found.map((row) => row.guid));
}

function outcomes(kind: "order" | "payment", guids: readonly string[], changed: Map<string, boolean>) {
  return guids.map(
    (guid): OneCRecordResult => ({
      kind,
      guid,
      outcome: changed.has(guid) ? (changed.get(guid) ? "created" : "updated") : "unchanged",
    }),
  );
}

/**
 * Stores orders as 1C sent them; an order naming a counterparty 1C never sent is rejected with
 * its reason while the rest apply. Returns the results and the GUIDs of new or changed orders.
 */
export async function applyOrders(executor: Executor, list: readonly TimedOrder[], rejected: Rejection[]) {
  const known = await knownGuids(
    executor,
    "one_c_counterparties",
    list.map((order) => order.counterpartyGuid),
  );
  const accepted = list.filter((order) => {
    if (known.has(order.counterpartyGuid)) return true;
    rejected.push({
      kind: "order",
      guid: order.guid,
      reason: `Контрагент ${order.counterpartyGuid} заказа № ${order.number} не передан из 1С`,
    });
    return false;
  });
  if (accepted.length === 0) return { results: [] as OneCRecordResult[], changed: [] as string[] };
  const payload = accepted.map((order) => ({
    guid: order.guid,
    number: order.number,
    document_date: order.instant.toISOString(),
    counterparty_guid: order.counterpartyGuid,
    amount: order.amount,
    posted: order.posted,
    deleted: order.deleted,
    cancelled: order.cancelled,
    manager_name: order.managerName ?? null,
    comment: order.comment ?? null,
  }));
  const changedRows = await rows<{ guid: string; inserted: boolean }>(
    executor,
    sql`insert into one_c_orders as o (guid, number, document_date, counterparty_guid, amount, posted, deleted, cancelled, manager_name, comment)
        select r.guid, r.number, r.document_date, r.counterparty_guid, r.amount, r.posted, r.deleted, r.cancelled, r.manager_name, r.comment
        from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb)
          as r(guid text, number text, document_date timestamptz, counterparty_guid text, amount numeric,
               posted boolean, deleted boolean, cancelled boolean, manager_name text, comment text)
        on conflict (guid) do update set number = excluded.number, document_date = excluded.document_date,
          counterparty_guid = excluded.counterparty_guid, amount = excluded.amount, posted = excluded.posted,
          deleted = excluded.deleted, cancelled = excluded.cancelled, manager_name = excluded.manager_name,
          comment = excluded.comment, updated_at = now()
        where (o.number, o.document_date, o.counterparty_guid, o.amount, o.posted, o.deleted, o.cancelled, o.manager_name, o.comment)
          is distinct from (excluded.number, excluded.document_date, excluded.counterparty_guid, excluded.amount,
                            excluded.posted, excluded.deleted, excluded.cancelled, excluded.manager_name, excluded.comment)
        returning o.guid, (o.xmax = 0) as inserted`,
  );
  const changed = new Map(changedRows.map((row) => [row.guid, row.inserted]));
  return {
    results: outcomes(
      "order",
      accepted.map((order) => order.guid),
      changed,
    ),
    changed: [...changed.keys()],
  };
}

/** Stores payments; returns the orders whose payments changed (a payment moved to another order counts for both). */
export async function applyPayments(executor: Executor, list: readonly TimedPayment[], rejected: Rejection[]) {
  const known = await knownGuids(
    executor,
    "one_c_orders",
    list.map((payment) => payment.orderGuid),
  );
  const accepted = list.filter((payment) => {
    if (known.has(payment.orderGuid)) return true;
    rejected.push({
      kind: "payment",
      guid: payment.guid,
      reason: `Заказ-основание ${payment.orderGuid} оплаты № ${payment.number} не передан из 1С`,
    });
    return false;
  });
  if (accepted.length === 0) return { results: [] as OneCRecordResult[], affectedOrders: [] as string[] };
  const previous = await rows<{ order_guid: string }>(
    executor,
    sql`select order_guid from one_c_payments where guid = any(${textArray(accepted.map((payment) => payment.guid))})`,
  );
  const payload = accepted.map((payment) => ({
    guid: payment.guid,
    order_guid: payment.orderGuid,
    number: payment.number,
    document_date: payment.instant.toISOString(),
    amount: payment.amount,
    refund: payment.refund,
    posted: payment.posted,
    deleted: payment.deleted,
  }));
  const changedRows = await rows<{ guid: string; inserted: boolean; order_guid: string }>(
    executor,
    sql`insert into one_c_payments as p (guid, order_guid, number, document_date, amount, refund, posted, deleted)
        select r.guid, r.order_guid, r.number, r.document_date, r.amount, r.refund, r.posted, r.deleted
        from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb)
          as r(guid text, order_guid text, number text, document_date timestamptz, amount numeric,
               refund boolean, posted boolean, deleted boolean)
        on conflict (guid) do update set order_guid = excluded.order_guid, number = excluded.number,
          document_date = excluded.document_date, amount = excluded.amount, refund = excluded.refund,
          posted = excluded.posted, deleted = excluded.deleted, updated_at = now()
        where (p.order_guid, p.number, p.document_date, p.amount, p.refund, p.posted, p.deleted)
          is distinct from (excluded.order_guid, excluded.number, excluded.document_date, excluded.amount,
                            excluded.refund, excluded.posted, excluded.deleted)
        returning p.guid, (p.xmax = 0) as inserted, p.order_guid`,
  );
  const changed = new Map(changedRows.map((row) => [row.guid, row.inserted]));
  const affectedOrders = new Set(changedRows.map((row) => row.order_guid));
  if (changedRows.length > 0) for (const row of previous) affectedOrders.add(row.order_guid);
  return {
    results: outcomes(
      "payment",
      accepted.map((payment) => payment.guid),
      changed,
    ),
    affectedOrders: [...affectedOrders],
  };
}

/** Recomputes the paid amount and the completing payment of each order from its payments. */
export async function recomputePaidState(executor: Executor, orderGuids: readonly string[]) {
  if (orderGuids.length === 0) return;
  const guids = textArray([...new Set(orderGuids)]);
  const payments = await rows<PaymentForState & { orderGuid: string }>(
    executor,
    sql`select guid, order_guid as "orderGuid", number, document_date as "documentDate", amount::text as amount, refund
        from one_c_payments where order_guid = any(${guids}) and posted and not deleted`,
  );
  const orders = await rows<{ guid: string; amount: string; posted: boolean; deleted: boolean; cancelled: boolean }>(
    executor,
    sql`select guid, amount::text as amount, posted, deleted, cancelled from one_c_orders where guid = any(${guids})`,
  );
  const byOrder = new Map<string, PaymentForState[]>();
  for (const payment of payments) {
    const list = byOrder.get(payment.orderGuid) ?? [];
    list.push({ ...payment, documentDate: new Date(payment.documentDate) });
    byOrder.set(payment.orderGuid, list);
  }
  const payload = orders.map((order) => {
    const state = orderPaymentState(order, byOrder.get(order.guid) ?? []);
    return {
      guid: order.guid,
      paid_amount: tiynToText(state.paidTiyn),
      paid_at: state.completedBy?.documentDate.toISOString() ?? null,
      payment_number: state.completedBy?.number ?? null,
    };
  });
  await executor.execute(
    sql`update one_c_orders o set paid_amount = r.paid_amount, paid_at = r.paid_at, payment_number = r.payment_number
        from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb)
          as r(guid text, paid_amount numeric, paid_at timestamptz, payment_number text)
        where o.guid = r.guid and (o.paid_amount, o.paid_at, o.payment_number)
          is distinct from (r.paid_amount, r.paid_at, r.payment_number)`,
  );
}
