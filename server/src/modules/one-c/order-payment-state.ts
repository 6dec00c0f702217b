import { toTiyn } from "@planerka/common";

export interface PaymentForState {
  guid: string;
  number: string;
  documentDate: Date;
  amount: string;
  refund: boolean;
}

export interface OrderForState {
  amount: string;
  posted: boolean;
  deleted: boolean;
  cancelled: boolean;
}

export interface OrderPaymentState {
  paidTiyn: bigint;
  /** The payment after which the order stayed paid in full; null while it is not. */
  completedBy: PaymentForState | null;
  outcome: "won" | "lost" | "open";
}

function byDocumentOrder(a: PaymentForState, b: PaymentForState): number {
  const time = a.documentDate.getTime() - b.documentDate.getTime();
  if (time !== 0) return time;
  if (a.number !== b.number) return a.number < b.number ? -1 : 1;
  return a.guid < b.guid ? -1 : a.guid > b.guid ? 1 : 0;
}

/**
 * DESIGN.md section 7: a deal is won when its order is posted and paid in full, on the date of the
 * payment that completed it. Payments count when posted and not marked for deletion; refunds take
 * their amount back, so a refund after the completing payment moves completion to the payment
 * that paid the order in full again (or to none).
 */
export function orderPaymentState(order: OrderForState, payments: readonly PaymentForState[]): OrderPaymentState {
  const ordered = [...payments].sort(byDocumentOrder);
  const amount = toTiyn(order.amount);
  let paid = 0n;
  let completedBy: PaymentForState | null = null;
  for (const payment of ordered) {
    const signed = payment.refund ? -toTiyn(payment.amount) : toTiyn(payment.amount);
    const wasPaid = paid >= amount;
    paid += signed;
    if (paid >= amount && !wasPaid) completedBy = payment;
    if (paid < amount) completedBy = null;
  }
  const paidInFull = amount > 0n && paid >= amount && completedBy !== null;
  const outcome = order.deleted || order.cancelled ? "lost" : order.posted && paidInFull ? "won" : "open";
  return { paidTiyn: paid, completedBy: paidInFull ? completedBy : null, outcome };
}
