/**
 * The figures test of the 1C exchange: after random orders and payments arrive (in parts, with
 * refunds, un-posted and deleted documents, several exchanges), each manager's «Факт» for each
 * month equals the sum of their orders that are posted, not deleted and paid in full, counted in
 * the month (company time) of the payment that completed them — computed here on its own, in tiyn.
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, login, useTestApp } from "../../testing/test-app";

const context = useTestApp({ workflowWorker: false, outboxWorker: false });
let admin: Client;
let fixture: Awaited<ReturnType<typeof createAccessFixture>>;

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

interface Order {
  guid: string;
  number: string;
  date: string;
  counterpartyGuid: string;
  amount: string;
  posted: boolean;
  deleted: boolean;
  managerName: string;
}
interface Payment {
  guid: string;
  orderGuid: string;
  number: string;
  date: string;
  amount: string;
  refund: boolean;
  posted: boolean;
  deleted: boolean;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const tiyn = (amount: string) => BigInt(amount.replace(".", ""));
const text = (value: bigint) => `${value / 100n}.${String(value % 100n).padStart(2, "0")}`;
/** Almaty is UTC+5 all year: a wall-clock time's month is its own, the date is written in that zone. */
const monthOf = (localDate: string) => localDate.slice(0, 7);

/** The independent reference: posted, live orders whose live posted payments reach the amount. */
function expectedActuals(orders: Order[], payments: Payment[], owners: Map<string, string>) {
  const actuals = new Map<string, bigint>();
  for (const order of orders) {
    if (!order.posted || order.deleted) continue;
    const own = payments
      .filter((payment) => payment.orderGuid === order.guid && payment.posted && !payment.deleted)
      .sort((a, b) => compare(a.date, b.date) || compare(a.number, b.number) || compare(a.guid, b.guid));
    let paid = 0n;
    let completedOn: string | null = null;
    for (const payment of own) {
      const before = paid;
      paid += payment.refund ? -tiyn(payment.amount) : tiyn(payment.amount);
      if (before < tiyn(order.amount) && paid >= tiyn(order.amount)) completedOn = payment.date;
      if (paid < tiyn(order.amount)) completedOn = null;
    }
    if (!completedOn || tiyn(order.amount) === 0n) continue;
    const key = `${owners.get(order.managerName)}|${monthOf(completedOn)}`;
    actuals.set(key, (actuals.get(key) ?? 0n) + tiyn(order.amount));
  }
  return actuals;
}

beforeAll(async () => {
  fixture = await createAccessFixture(context.handle.db);
  admin = await login(context.app, "admin-user");
});

describe("«Факт» from 1C", () => {
  it("equals each manager's fully paid posted orders by the month of the completing payment", async () => {
    const next = random(20261206);
    const people = [fixture.managerA1, fixture.managerA2, fixture.managerB1];
    const owners = new Map<string, string>();
    for (const [index, person] of people.entries()) {
      owners.set(`Менеджер ${index}`, person.id);
      await admin.request("PUT", "/api/v1/integrations/1c/managers", { name: `Менеджер ${index}`, userId: person.id });
    }
    const counterparties = Array.from({ length: 8 }, (_, index) => ({
      guid: `fig-cp-${index}`,
      name: `ТОО Фигура ${index}`,
      managerName: `Менеджер ${index % 3}`,
    }));
    const orders: Order[] = [];
    const payments: Payment[] = [];
    for (let index = 0; index < 80; index++) {
      const cp = counterparties[index % counterparties.length]!;
      const amount = BigInt(Math.floor(next() * 50_000_000) + 100);
      const day = 1 + Math.floor(next() * 27);
      orders.push({
        guid: `fig-o-${index}`,
        number: String(index),
        date: `2026-0${1 + Math.floor(next() * 3)}-${String(day).padStart(2, "0")}T10:00:00`,
        counterpartyGuid: cp.guid,
        amount: text(amount),
        posted: next() > 0.1,
        deleted: next() < 0.05,
        managerName: cp.managerName,
      });
      // Up to three payments, one maybe a refund, landing on month edges at late hours.
      const parts = Math.floor(next() * 4);
      let left = amount;
      for (let part = 0; part < parts; part++) {
        const share = part === parts - 1 && next() > 0.3 ? left : BigInt(Math.floor(Number(left) * next()));
        left -= share;
        const month = 1 + Math.floor(next() * 4);
        const edge = next() > 0.5;
        payments.push({
          guid: `fig-p-${index}-${part}`,
          orderGuid: `fig-o-${index}`,
          number: `${index}-${part}`,
          date: `2026-0${month}-${edge ? (month === 2 ? "28" : "30") : "15"}T${edge ? "23:45" : "12:00"}:00`,
          amount: text(share),
          refund: next() < 0.08,
          posted: next() > 0.05,
          deleted: next() < 0.03,
        });
      }
    }
    // The counterparties follow their companies' owners (each has a mapped manager), and the owner of
    // each order is thus the counterparty's manager: the reference uses the order's manager name.
    const send = async (body: Record<string, unknown>) => {
      const response = await admin.request("POST", "/api/v1/integrations/1c/upsert", body);
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    await send({ counterparties, orders: orders.slice(0, 40), payments: payments.slice(0, payments.length / 2) });
    await send({ orders: orders.slice(40), payments: payments.slice(payments.length / 2) });
    // A later exchange changes some documents: un-posts, deletes, and re-posts.
    for (const order of orders.slice(0, 10)) order.posted = !order.posted;
    for (const payment of payments.slice(0, 12)) payment.deleted = !payment.deleted;
    await send({ orders: orders.slice(0, 10), payments: payments.slice(0, 12) });

    const expected = expectedActuals(orders, payments, owners);
    expect(expected.size).toBeGreaterThan(4);
    for (const person of people) {
      for (const month of ["2026-01", "2026-02", "2026-03", "2026-04"]) {
        const cabinet = await admin.request(
          "GET",
          `/api/v1/cabinet/manager/${person.id}?month=${month}&date=${month}-28`,
        );
        const actual = cabinet.json().actual as number;
        const want = expected.get(`${person.id}|${month}`) ?? 0n;
        expect(`${month} ${actual.toFixed(2)}`).toBe(`${month} ${text(want)}`);
      }
    }
    const [unassigned] = await rows<{ count: number }>(
      context.handle.db,
      sql`select count(*)::int as count from one_c_orders where deal_id is null and not deleted`,
    );
    expect(unassigned!.count).toBe(0);
  });
});
