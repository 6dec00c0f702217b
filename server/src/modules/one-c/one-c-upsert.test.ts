import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, login, useTestApp } from "../../testing/test-app";

const context = useTestApp({ workflowWorker: false, outboxWorker: false });
let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
let admin: Client;
let headA: Client;
let managerA1: Client;
let managerB1: Client;

const upsert = (body: unknown, client = admin) => client.request("POST", "/api/v1/integrations/1c/upsert", body);
const actualOf = async (userId: string, month: string) =>
  (await admin.request("GET", `/api/v1/cabinet/manager/${userId}?month=${month}&date=${month}-28`)).json()
    .actual as number;

async function snapshot() {
  const [row] = await rows<{ audit: number; versions: number; changes: number; companies: number }>(
    context.handle.db,
    sql`select (select count(*)::int from audit_log) as audit, (select coalesce(sum(version), 0)::int from deals) as versions,
               (select count(*)::int from deal_stage_changes) as changes, (select coalesce(sum(version), 0)::int from companies) as companies`,
  );
  return row!;
}

beforeAll(async () => {
  fixture = await createAccessFixture(context.handle.db);
  [admin, headA, managerA1, managerB1] = await Promise.all([
    login(context.app, "admin-user"),
    login(context.app, "head-a"),
    login(context.app, "manager-a1"),
    login(context.app, "manager-b1"),
  ]);
});

const bins = { steel: "940140000385", weld: "990140004654" };

describe("the JSON upsert from 1C", () => {
  it("links counterparties by BIN, gives deals to the company's owner or the mapped manager, and wins them when paid", async () => {
    const company = await managerA1.request("POST", "/api/v1/companies", { name: "ТОО Сталь", bin: bins.steel });
    expect(company.statusCode).toBe(201);
    expect(
      (
        await admin.request("PUT", "/api/v1/integrations/1c/managers", {
          name: "Иванов И.",
          userId: fixture.managerB1.id,
        })
      ).statusCode,
    ).toBe(200);

    const response = await upsert({
      counterparties: [
        { guid: "cp-steel", name: "Сталь ТОО", bin: bins.steel },
        { guid: "cp-weld", name: "ТОО Сварка", bin: bins.weld, managerName: "Иванов И." },
        { guid: "cp-person", name: "Петров Пётр", kind: "person" },
      ],
      orders: [
        { guid: "o-1", number: "001", date: "2026-03-02T10:00:00", counterpartyGuid: "cp-steel", amount: "1000000.50" },
        { guid: "o-2", number: "002", date: "2026-03-05", counterpartyGuid: "cp-steel", amount: 250000 },
        {
          guid: "o-3",
          number: "003",
          date: "2026-03-06",
          counterpartyGuid: "cp-weld",
          amount: "400000",
          managerName: "Иванов И.",
        },
        {
          guid: "o-4",
          number: "004",
          date: "2026-03-07",
          counterpartyGuid: "cp-person",
          amount: "90000",
          managerName: "Никто",
        },
        { guid: "o-bad", number: "005", date: "2026-03-07", counterpartyGuid: "cp-missing", amount: "1" },
        { guid: "o-worse", number: "006", date: "2026-03-07", counterpartyGuid: "cp-steel", amount: "12.345" },
      ],
      payments: [
        // o-1 is paid in two parts; the second, in April, completes it.
        { guid: "p-1", orderGuid: "o-1", number: "П1", date: "2026-03-20T12:00:00", amount: "500000" },
        { guid: "p-2", orderGuid: "o-1", number: "П2", date: "2026-04-01T00:30:00", amount: "500000.50" },
        // o-2 is only partly paid: it stays open.
        { guid: "p-3", orderGuid: "o-2", number: "П3", date: "2026-03-21", amount: "100000" },
        // o-3 is paid in full at 23:30 on 31 March in Almaty, which is still March there.
        { guid: "p-4", orderGuid: "o-3", number: "П4", date: "2026-03-31T23:30:00", amount: "400000" },
      ],
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.counts).toEqual({ created: 11, updated: 0, unchanged: 0, rejected: 2 });
    const rejected = body.results.filter((result: { outcome: string }) => result.outcome === "rejected");
    expect(rejected.map((result: { guid: string }) => result.guid).sort()).toEqual(["o-bad", "o-worse"]);
    expect(rejected.find((result: { guid: string }) => result.guid === "o-bad").reason).toContain("cp-missing");
    expect(rejected.find((result: { guid: string }) => result.guid === "o-worse").reason).toContain("Сумма");

    // Independent: Факт = the fully paid posted orders, by the month of the payment that completed them.
    expect(await actualOf(fixture.managerA1.id, "2026-03")).toBe(0);
    expect(await actualOf(fixture.managerA1.id, "2026-04")).toBe(1000000.5);
    expect(await actualOf(fixture.managerB1.id, "2026-03")).toBe(400000);

    const [steel] = await rows<{ count: number; external_id: string }>(
      context.handle.db,
      sql`select count(*)::int as count, max(external_id) as external_id from companies where bin = ${bins.steel}`,
    );
    expect(steel).toEqual({ count: 1, external_id: "cp-steel" });
    const [weld] = await rows<{ owner_id: string }>(
      context.handle.db,
      sql`select owner_id from companies where bin = ${bins.weld}`,
    );
    expect(weld!.owner_id).toBe(fixture.managerB1.id);
    const [person] = await rows<{ count: number }>(
      context.handle.db,
      sql`select count(*)::int as count from contacts where external_id = 'cp-person'`,
    );
    expect(person!.count).toBe(1);
  });

  it("changes nothing when the same records come again", async () => {
    const before = await snapshot();
    const again = await upsert({
      counterparties: [{ guid: "cp-steel", name: "Сталь ТОО", bin: bins.steel }],
      orders: [
        { guid: "o-1", number: "001", date: "2026-03-02T10:00:00", counterpartyGuid: "cp-steel", amount: "1000000.50" },
      ],
      payments: [{ guid: "p-2", orderGuid: "o-1", number: "П2", date: "2026-04-01T00:30:00", amount: "500000.50" }],
    });
    expect(again.json().counts).toEqual({ created: 0, updated: 0, unchanged: 3, rejected: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it("sends a deal back when 1C un-posts its order, and loses it when 1C deletes it", async () => {
    const order = { guid: "o-3", number: "003", date: "2026-03-06", counterpartyGuid: "cp-weld", amount: "400000" };
    await upsert({ orders: [{ ...order, managerName: "Иванов И.", posted: false }] });
    expect(await actualOf(fixture.managerB1.id, "2026-03")).toBe(0);
    await upsert({ orders: [{ ...order, managerName: "Иванов И.", posted: true }] });
    expect(await actualOf(fixture.managerB1.id, "2026-03")).toBe(400000);
    await upsert({ orders: [{ ...order, managerName: "Иванов И.", deleted: true }] });
    expect(await actualOf(fixture.managerB1.id, "2026-03")).toBe(0);
    const [deal] = await rows<{ semantic: string }>(
      context.handle.db,
      sql`select s.semantic from deals d join stages s on s.id = d.stage_id where d.external_id = 'o-3'`,
    );
    expect(deal!.semantic).toBe("lost");
    const audits = await rows<{ via: string }>(
      context.handle.db,
      sql`select a.via from audit_log a join deals d on d.id::text = a.entity_id where d.external_id = 'o-3'`,
    );
    expect(audits.length).toBeGreaterThan(1);
    expect(audits.every((entry) => entry.via === "1c")).toBe(true);
    const [dealRow] = await rows<{ id: string }>(
      context.handle.db,
      sql`select id from deals where external_id = 'o-3'`,
    );
    const history = (await admin.request("GET", `/api/v1/deals/${dealRow!.id}/history`)).json().items;
    expect(history.length).toBeGreaterThan(1);
    expect(history.every((entry: { via: string | null }) => entry.via === "1c")).toBe(true);
  });

  it("queues an order nobody owns for heads, who give it to one of their people", async () => {
    const queue = await headA.request("GET", "/api/v1/integrations/1c/unassigned");
    expect(queue.statusCode).toBe(200);
    expect(queue.json().items.map((item: { guid: string }) => item.guid)).toEqual(["o-4"]);
    expect((await managerA1.request("GET", "/api/v1/integrations/1c/unassigned")).statusCode).toBe(403);
    // What /me tells the web agrees with what the routes allow.
    expect((await headA.request("GET", "/api/v1/me")).json().abilities).toMatchObject({
      assignOneCOrders: true,
      exchangeWith1C: false,
    });
    expect((await managerA1.request("GET", "/api/v1/me")).json().abilities).toMatchObject({
      assignOneCOrders: false,
      exchangeWith1C: false,
    });
    expect((await admin.request("GET", "/api/v1/me")).json().abilities.exchangeWith1C).toBe(true);
    const outside = await headA.request("POST", "/api/v1/integrations/1c/unassigned/o-4/assign", {
      ownerId: fixture.managerB1.id,
    });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().errors[0].path).toBe("ownerId");
    const assigned = await headA.request("POST", "/api/v1/integrations/1c/unassigned/o-4/assign", {
      ownerId: fixture.managerA2.id,
    });
    expect(assigned.statusCode).toBe(200);
    const dealId = assigned.json().dealId;
    const manager = await login(context.app, "manager-a2");
    expect((await manager.request("GET", `/api/v1/deals/${dealId}`)).statusCode).toBe(200);
    expect(
      (await headA.request("POST", "/api/v1/integrations/1c/unassigned/o-4/assign", { ownerId: fixture.managerA2.id }))
        .statusCode,
    ).toBe(404);
  });

  it("shows the deal's 1C order only to whoever sees the deal", async () => {
    const [deal] = await rows<{ id: string }>(context.handle.db, sql`select id from deals where external_id = 'o-1'`);
    const own = await managerA1.request("GET", `/api/v1/deals/${deal!.id}/one-c`);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({
      orderNumber: "001",
      amount: "1000000.50",
      paidAmount: "1000000.50",
      paymentNumber: "П2",
    });
    expect(new Date(own.json().paidAt).toISOString()).toBe("2026-03-31T19:30:00.000Z");
    expect((await managerB1.request("GET", `/api/v1/deals/${deal!.id}/one-c`)).statusCode).toBe(404);
  });

  it("lets nobody win, lose or re-price a deal by hand that a 1C order decides", async () => {
    const [deal] = await rows<{ id: string }>(context.handle.db, sql`select id from deals where external_id = 'o-2'`);
    const url = `/api/v1/deals/${deal!.id}`;
    const pipelines = (await managerA1.request("GET", "/api/v1/pipelines")).json().items;
    const stages: { id: string; semantic: string }[] = pipelines[0].stages;
    const won = stages.find((stage) => stage.semantic === "won")!;
    const firstOpen = stages.find((stage) => stage.semantic === "open")!;
    const version = async () => (await managerA1.request("GET", url)).json().version;
    const winning = await managerA1.request("PATCH", url, { version: await version(), stageId: won.id });
    expect(winning.statusCode).toBe(422);
    expect(winning.json().errors[0].path).toBe("stageId");
    const repricing = await admin.request("PATCH", url, { version: await version(), amount: 1 });
    expect(repricing.statusCode).toBe(422);
    expect(repricing.json().errors[0].path).toBe("amount");
    const moving = await managerA1.request("PATCH", url, {
      version: await version(),
      stageId: firstOpen.id,
      title: "Заказ 002",
    });
    expect(moving.statusCode).toBe(200);
    expect(await actualOf(fixture.managerA1.id, "2026-03")).toBe(0);
  });

  it("is for administrators: others are refused and nothing changes", async () => {
    const before = await snapshot();
    const refused = await upsert({ orders: [] }, managerA1);
    expect(refused.statusCode).toBe(403);
    expect((await headA.request("GET", "/api/v1/integrations/1c/sessions")).statusCode).toBe(403);
    const tooMany = await upsert({ orders: Array.from({ length: 10_001 }, () => ({})) });
    expect(tooMany.statusCode).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it("logs each call with its counts and rejections", async () => {
    const sessions = (await admin.request("GET", "/api/v1/integrations/1c/sessions?limit=50")).json();
    const first = sessions.items.at(-1);
    expect(first.counts.rejected).toBe(2);
    const rejections = (await admin.request("GET", `/api/v1/integrations/1c/sessions/${first.id}/rejections`)).json();
    expect(rejections.items.map((item: { guid: string }) => item.guid).sort()).toEqual(["o-bad", "o-worse"]);
    const status = (await managerA1.request("GET", "/api/v1/integrations/1c/status")).json();
    expect(status.lastSuccessAt).not.toBeNull();
    expect(status.stale).toBe(false);
  });
});
