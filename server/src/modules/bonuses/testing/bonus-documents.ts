/**
 * The 1C documents and plans of bonus-sheet.test.ts, and the base they give computed on their own:
 * an order counts in a period when its payments (refunds taken back) reach its amount, by the
 * Almaty day of the payment that did it.
 */
export interface Order {
  guid: string;
  number: string;
  date: string;
  counterpartyGuid: string;
  amount: string;
  posted: boolean;
  owner: "A1" | "A2" | "B1";
}
export interface Payment {
  guid: string;
  orderGuid: string;
  number: string;
  date: string;
  amount: string;
  refund: boolean;
}

export const tiyn = (amount: string) => BigInt(amount.replace(".", ""));
export const money = (value: bigint) => Number(value) / 100;

export const orders: Order[] = [
  {
    guid: "b-o1",
    number: "101",
    date: "2026-02-05T10:00:00",
    counterpartyGuid: "b-cp-a1",
    amount: "4000000.00",
    posted: true,
    owner: "A1",
  },
  {
    guid: "b-o2",
    number: "102",
    date: "2026-03-20T10:00:00",
    counterpartyGuid: "b-cp-a1",
    amount: "2500000.00",
    posted: true,
    owner: "A1",
  },
  {
    guid: "b-o3",
    number: "103",
    date: "2026-03-25T10:00:00",
    counterpartyGuid: "b-cp-a1",
    amount: "1234567.89",
    posted: true,
    owner: "A1",
  },
  {
    guid: "b-o4",
    number: "104",
    date: "2026-03-02T10:00:00",
    counterpartyGuid: "b-cp-a1",
    amount: "1000000.00",
    posted: true,
    owner: "A1",
  },
  {
    guid: "b-o5",
    number: "105",
    date: "2026-01-15T10:00:00",
    counterpartyGuid: "b-cp-a1",
    amount: "700000.00",
    posted: true,
    owner: "A1",
  },
  {
    guid: "b-o6",
    number: "106",
    date: "2026-01-20T10:00:00",
    counterpartyGuid: "b-cp-a1",
    amount: "500000.00",
    posted: false,
    owner: "A1",
  },
  {
    guid: "b-o7",
    number: "107",
    date: "2026-01-10T10:00:00",
    counterpartyGuid: "b-cp-a2",
    amount: "8000000.00",
    posted: true,
    owner: "A2",
  },
  // The half-year's edge: the last ten minutes of June in Almaty, and the first ten of July (30 June in UTC).
  {
    guid: "b-o9",
    number: "109",
    date: "2026-06-20T10:00:00",
    counterpartyGuid: "b-cp-a2",
    amount: "610000.00",
    posted: true,
    owner: "A2",
  },
  {
    guid: "b-o10",
    number: "110",
    date: "2026-06-22T10:00:00",
    counterpartyGuid: "b-cp-a2",
    amount: "390000.00",
    posted: true,
    owner: "A2",
  },
  {
    guid: "b-o8",
    number: "108",
    date: "2026-02-03T10:00:00",
    counterpartyGuid: "b-cp-b1",
    amount: "5000000.00",
    posted: true,
    owner: "B1",
  },
];
export const payments: Payment[] = [
  { guid: "b-p1", orderGuid: "b-o1", number: "П-1", date: "2026-02-10T12:00:00", amount: "4000000.00", refund: false },
  // The last half hour of Q1 in Almaty, and the first half hour of Q2 (still 31 March in UTC).
  { guid: "b-p2", orderGuid: "b-o2", number: "П-2", date: "2026-03-31T23:30:00", amount: "2500000.00", refund: false },
  { guid: "b-p3", orderGuid: "b-o3", number: "П-3", date: "2026-04-01T00:30:00", amount: "1234567.89", refund: false },
  { guid: "b-p4", orderGuid: "b-o4", number: "П-4", date: "2026-03-05T12:00:00", amount: "1000000.00", refund: false },
  { guid: "b-p5", orderGuid: "b-o5", number: "П-5", date: "2026-01-16T12:00:00", amount: "300000.00", refund: false },
  { guid: "b-p6", orderGuid: "b-o6", number: "П-6", date: "2026-01-21T12:00:00", amount: "500000.00", refund: false },
  { guid: "b-p7", orderGuid: "b-o7", number: "П-7", date: "2026-01-12T12:00:00", amount: "8000000.00", refund: false },
  { guid: "b-p9", orderGuid: "b-o9", number: "П-9", date: "2026-06-30T23:50:00", amount: "610000.00", refund: false },
  {
    guid: "b-p10",
    orderGuid: "b-o10",
    number: "П-10",
    date: "2026-07-01T00:10:00",
    amount: "390000.00",
    refund: false,
  },
  { guid: "b-p8", orderGuid: "b-o8", number: "П-8", date: "2026-02-04T12:00:00", amount: "5000000.00", refund: false },
];
/** The refund that arrives in April, after the Q1 sheet was approved. */
export const refund: Payment = {
  guid: "b-r4",
  orderGuid: "b-o4",
  number: "В-4",
  date: "2026-04-10T12:00:00",
  amount: "1000000.00",
  refund: true,
};

/** Local Almaty wall-clock dates compare as text: a payment's day is its own. */
export function expectedBase(owner: Order["owner"], firstDay: string, lastDay: string, known: Payment[]): bigint {
  let base = 0n;
  for (const order of orders.filter((candidate) => candidate.owner === owner && candidate.posted)) {
    let paid = 0n;
    let completedOn: string | null = null;
    for (const payment of known.filter((candidate) => candidate.orderGuid === order.guid)) {
      paid += payment.refund ? -tiyn(payment.amount) : tiyn(payment.amount);
      completedOn = paid >= tiyn(order.amount) ? (completedOn ?? payment.date) : null;
    }
    const day = completedOn?.slice(0, 10);
    if (day && day >= firstDay && day <= lastDay) base += tiyn(order.amount);
  }
  return base;
}

export const plans: Record<"A1" | "A2" | "B1", Record<string, string>> = {
  A1: { "2026-01": "3000000.00", "2026-02": "3000000.00", "2026-03": "3000000.00", "2026-04": "3000000.00" },
  A2: { "2026-01": "4000000.00", "2026-02": "3000000.00", "2026-03": "3000000.00" },
  B1: { "2026-02": "5000000.00" },
};
export const planOf = (owners: ("A1" | "A2" | "B1")[], months: string[]) =>
  owners.reduce((sum, owner) => sum + months.reduce((part, month) => part + tiyn(plans[owner][month] ?? "0"), 0n), 0n);
export const q1 = ["2026-01", "2026-02", "2026-03"];
export const h1 = [...q1, "2026-04", "2026-05", "2026-06"];
