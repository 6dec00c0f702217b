import type { OneCCounts, OneCRecordResult } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { Executor } from "../../platform/db/database";
import type { ApplyContext } from "./one-c-context";
import { applyCounterparties } from "./one-c-counterparties";
import { syncDeals } from "./one-c-deals";
import { applyOrders, applyPayments, recomputePaidState } from "./one-c-orders";
import { type IncomingRecord, type Rejection, validateRecords } from "./one-c-records";

/** Every writer of 1C data takes this lock for its transaction, so two exchanges never interleave. */
export const oneCApplyLock = sql`select pg_advisory_xact_lock(hashtext('planerka:1c-apply'))`;

export interface ApplyOutcome {
  results: OneCRecordResult[];
  counts: OneCCounts;
}

export function countOutcomes(results: readonly OneCRecordResult[]): OneCCounts {
  const counts: OneCCounts = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  for (const result of results) counts[result.outcome] += 1;
  return counts;
}

async function storeRejections(executor: Executor, context: ApplyContext, rejected: readonly Rejection[]) {
  if (rejected.length === 0) return;
  const payload = rejected.map((item) => ({ kind: item.kind, guid: item.guid, reason: item.reason }));
  await executor.execute(
    sql`insert into one_c_rejections (session_id, file_name, kind, guid, reason)
        select ${context.sessionId}::uuid, ${context.fileName}, r.kind, r.guid, r.reason
        from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as r(kind text, guid text, reason text)`,
  );
}

/**
 * Applies one batch of 1C records in the caller's transaction: counterparties, then orders, then
 * payments, then each touched order's paid state and deal. Bad records are rejected with their
 * reason and the rest apply; what is unchanged writes nothing, so a batch applied twice is a no-op.
 */
export async function applyRecords(
  executor: Executor,
  context: ApplyContext,
  items: readonly IncomingRecord[],
): Promise<ApplyOutcome> {
  await executor.execute(oneCApplyLock);
  const valid = validateRecords(items, context.timeZone);
  const rejected = valid.rejected;
  const counterparties = await applyCounterparties(executor, context, valid.counterparties);
  const orders = await applyOrders(executor, valid.orders, rejected);
  const payments = await applyPayments(executor, valid.payments, rejected);
  const touched = [...new Set([...orders.changed, ...payments.affectedOrders])];
  await recomputePaidState(executor, touched);
  await syncDeals(executor, context, touched);
  await storeRejections(executor, context, rejected);
  const results = [
    ...counterparties,
    ...orders.results,
    ...payments.results,
    ...rejected.map((item): OneCRecordResult => ({ ...item, outcome: "rejected" })),
  ];
  const counts = countOutcomes(results);
  await executor.execute(
    sql`update one_c_sessions set created = created + ${counts.created}, updated = updated + ${counts.updated},
          unchanged = unchanged + ${counts.unchanged}, rejected = rejected + ${counts.rejected}, last_seen_at = now()
        where id = ${context.sessionId}`,
  );
  return { results, counts };
}
