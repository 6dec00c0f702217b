/**
 * The reconciliation of the CRM against 1C for a period: each of the four kinds of difference
 * appears for exactly the deal or order that has it, only to those who may read its owner; a
 * difference is accepted with a comment (audited) by a head who sees it, and by nobody else.
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";

const context = useTestApp({ workflowWorker: false, outboxWorker: false });
let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
let admin: Client;
let headA: Client;
let headB: Client;
let managerA1: Client;
let managerA2: Client;
let top: Client;
const period = "2026-Q1";
let dealOf: Record<string, string>;
let manualDeal: string;

interface Line {
  key: string;
  kind: string;
  dealId: string | null;
  orderGuid: string | null;
  crmAmount: number | null;
  oneCAmount: number | null;
  accepted: { comment: string; by: string } | null;
}

async function lines(client: Client, query = "") {
  const response = await client.request("GET", `/api/v1/reconciliation?period=${period}${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { connected: boolean; items: Line[]; total: number };
}

const summary = (items: Line[]) => items.map((line) => `${line.kind} ${line.dealId ?? line.orderGuid}`).sort();

beforeAll(async () => {
  fixture = await createAccessFixture(context.handle.db);
  [admin, headA, headB, managerA1, managerA2, top] = await loginEach(context.app, [
    "admin-user",
    "head-a",
    "head-b",
    "manager-a1",
    "manager-a2",
    "top-user",
  ]);
  await admin.request("PUT", "/api/v1/integrations/1c/managers", { name: "А1", userId: fixture.managerA1.id });
  await admin.request("PUT", "/api/v1/integrations/1c/managers", { name: "Б1", userId: fixture.managerB1.id });
  const order = (
    guid: string,
    counterpartyGuid: string,
    amount: string,
    managerName: string | null,
    date = "2026-02-02T10:00:00",
  ) => ({
    guid,
    number: guid.toUpperCase(),
    date,
    counterpartyGuid,
    amount,
    posted: true,
    deleted: false,
    managerName,
  });
  const paid = (orderGuid: string, amount: string, date: string) => ({
    guid: `${orderGuid}-p`,
    orderGuid,
    number: `П-${orderGuid}`,
    date,
    amount,
    refund: false,
    posted: true,
    deleted: false,
  });
  const response = await admin.request("POST", "/api/v1/integrations/1c/upsert", {
    counterparties: [
      { guid: "r-a1", name: "ТОО Сверка А1", managerName: "А1" },
      { guid: "r-b1", name: "ТОО Сверка Б1", managerName: "Б1" },
      { guid: "r-x", name: "ТОО Ничей" },
    ],
    orders: [
      order("r-ok", "r-a1", "100000.00", "А1"),
      order("r-amount", "r-a1", "200000.00", "А1"),
      order("r-date", "r-a1", "300000.00", "А1"),
      order("r-b", "r-b1", "400000.00", "Б1"),
      order("r-nobody", "r-x", "500000.00", "Неизвестный"),
    ],
    payments: [
      paid("r-ok", "100000.00", "2026-02-10T12:00:00"),
      paid("r-amount", "200000.00", "2026-02-11T12:00:00"),
      paid("r-date", "300000.00", "2026-03-30T12:00:00"),
      paid("r-b", "400000.00", "2026-02-12T12:00:00"),
      paid("r-nobody", "500000.00", "2026-02-13T12:00:00"),
    ],
  });
  expect(response.statusCode, response.body).toBe(200);
  const linked = await rows<{ guid: string; dealId: string }>(
    context.handle.db,
    sql`select guid, deal_id as "dealId" from one_c_orders where deal_id is not null`,
  );
  dealOf = Object.fromEntries(linked.map((row) => [row.guid, row.dealId]));
  // The CRM drifts from 1C where only the database can make it (the deal service refuses these edits):
  // an amount typed before the link, and a close date moved into April.
  await context.handle.db.execute(sql`update deals set amount = 210000 where id = ${dealOf["r-amount"]!}`);
  await context.handle.db.execute(
    sql`update deals set closed_at = '2026-04-02T10:00:00+05:00' where id = ${dealOf["r-date"]!}`,
  );
  const pipelines = (await admin.request("GET", "/api/v1/pipelines")).json().items;
  const won = pipelines[0].stages.find((stage: { semantic: string }) => stage.semantic === "won");
  const created = await admin.request("POST", "/api/v1/deals", {
    title: "Выиграна без оплаты",
    pipelineId: pipelines[0].id,
    stageId: won.id,
    amount: 77_000,
    ownerId: fixture.managerA1.id,
    closedAt: "2026-03-03T10:00:00+05:00",
  });
  expect(created.statusCode, created.body).toBe(201);
  manualDeal = created.json().id;
});

describe("the reconciliation with 1C", () => {
  it("finds each kind of difference exactly where it is", async () => {
    const found = await lines(top);
    expect(found.connected).toBe(true);
    expect(summary(found.items)).toEqual(
      [
        `amount_mismatch ${dealOf["r-amount"]}`,
        `date_mismatch ${dealOf["r-date"]}`,
        "paid_without_deal r-nobody",
        `won_without_payment ${manualDeal}`,
      ].sort(),
    );
    const amount = found.items.find((line) => line.kind === "amount_mismatch")!;
    expect([amount.crmAmount, amount.oneCAmount]).toEqual([210_000, 200_000]);
  });

  it("shows a manager their own lines, a head their subtree's; another unit is 404", async () => {
    expect(summary((await lines(managerA1)).items)).toEqual(
      [
        `amount_mismatch ${dealOf["r-amount"]}`,
        `date_mismatch ${dealOf["r-date"]}`,
        `won_without_payment ${manualDeal}`,
      ].sort(),
    );
    expect((await lines(managerA2)).items).toEqual([]);
    // Head B has nothing of department A's, only the order nobody owns (as in «Не распределено»).
    expect(summary((await lines(headB)).items)).toEqual(["paid_without_deal r-nobody"]);
    const other = await headB.request("GET", `/api/v1/reconciliation?period=${period}&unitId=${fixture.departmentA}`);
    expect(other.statusCode).toBe(404);
    expect(summary((await lines(headA, `&unitId=${fixture.departmentA}`)).items)).toHaveLength(3);
  });

  it("accepts a difference with a comment from a head who sees it, audited; others change nothing", async () => {
    const key = `amount_mismatch:${dealOf["r-amount"]}`;
    const acceptBody = { period, key, comment: "Скидка согласована, 1С верна" };
    expect((await managerA1.request("POST", "/api/v1/reconciliation/accept", acceptBody)).statusCode).toBe(403);
    expect((await headB.request("POST", "/api/v1/reconciliation/accept", acceptBody)).statusCode).toBe(404);
    const empty = await headA.request("POST", "/api/v1/reconciliation/accept", { ...acceptBody, comment: " " });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain("comment");
    const [none] = await rows<{ count: number }>(
      context.handle.db,
      sql`select count(*)::int as count from reconciliation_acceptances`,
    );
    expect(none!.count).toBe(0);

    const accepted = await headA.request("POST", "/api/v1/reconciliation/accept", acceptBody);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().accepted).toMatchObject({ comment: acceptBody.comment });
    // Accepted lines leave the open list and stay in the full one.
    expect((await lines(headA)).items.map((line) => line.key)).not.toContain(key);
    const all = (await lines(headA, "&includeAccepted=true")).items.find((line) => line.key === key)!;
    expect(all.accepted).toMatchObject({ comment: acceptBody.comment, by: `Test head-a` });
    const audit = await rows<{ action: string; actorId: string }>(
      context.handle.db,
      sql`select action, actor_id as "actorId" from audit_log where entity = 'reconciliation'`,
    );
    expect(audit).toEqual([{ action: "accept", actorId: fixture.headA.id }]);
    const unknown = await headA.request("POST", "/api/v1/reconciliation/accept", {
      ...acceptBody,
      key: "amount_mismatch:nope",
    });
    expect(unknown.statusCode).toBe(404);
  });
});
