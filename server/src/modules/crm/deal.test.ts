import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";

describe("deals", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let managerA1: Client;
  let managerA2: Client;
  let headA: Client;
  let headB: Client;
  let regionHead: Client;
  let admin: Client;
  let stages: { id: string; name: string; semantic: string }[];
  const stageOf = (semantic: string, index = 0) => stages.filter((stage) => stage.semantic === semantic)[index]!.id;

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [managerA1, managerA2, headA, headB, regionHead, admin] = await loginEach(context.app, [
      "manager-a1",
      "manager-a2",
      "head-a",
      "head-b",
      "region-head",
      "admin-user",
    ]);
    stages = (await managerA1.request("GET", "/api/v1/pipelines")).json().items[0].stages;
  });

  const createDeal = async (client: Client, body: Record<string, unknown> = {}) => {
    const response = await client.request("POST", "/api/v1/deals", {
      title: "Инвертор Ресанта САИ-250",
      amount: 150000.5,
      ...body,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };

  it("creates a deal in the first stage of the default pipeline, owned by its author", async () => {
    const deal = await createDeal(managerA1);
    expect(deal).toMatchObject({
      ownerId: fixture.managerA1.id,
      stageId: stages[0]!.id,
      amount: 150000.5,
      closedAt: null,
      version: 1,
    });
    expect(deal.number).toBeGreaterThan(0);
    expect(deal.stage.name).toBe("Новая");
  });

  it("sets closedAt on entering won or lost and clears it on leaving", async () => {
    const deal = await createDeal(managerA1);
    const won = (
      await managerA1.request("PATCH", `/api/v1/deals/${deal.id}`, { stageId: stageOf("won"), version: 1 })
    ).json();
    expect(won.closedAt).not.toBeNull();
    expect(Math.abs(Date.parse(won.closedAt) - Date.now())).toBeLessThan(60_000);
    const reopened = (
      await managerA1.request("PATCH", `/api/v1/deals/${deal.id}`, { stageId: stageOf("open", 2), version: 2 })
    ).json();
    expect(reopened.closedAt).toBeNull();
    const given = "2026-10-31T18:59:00.000Z";
    const lost = (
      await managerA1.request("PATCH", `/api/v1/deals/${deal.id}`, {
        stageId: stageOf("lost"),
        closedAt: given,
        version: 3,
      })
    ).json();
    expect(lost.closedAt).toBe(given);
    const openWithDate = await managerA1.request("POST", "/api/v1/deals", { title: "x", closedAt: given });
    expect(openWithDate.statusCode).toBe(422);
    expect(openWithDate.json().errors[0].path).toBe("closedAt");
    const changes = await rows<{ to_stage_id: string }>(
      context.handle.db,
      sql`select to_stage_id from deal_stage_changes where deal_id = ${deal.id} order by id`,
    );
    expect(changes.map((row) => row.to_stage_id)).toEqual([
      stages[0]!.id,
      stageOf("won"),
      stageOf("open", 2),
      stageOf("lost"),
    ]);
  });

  it("refuses a stale version and changes nothing", async () => {
    const deal = await createDeal(managerA1);
    expect((await managerA1.request("PATCH", `/api/v1/deals/${deal.id}`, { amount: 1, version: 1 })).statusCode).toBe(
      200,
    );
    const stale = await managerA1.request("PATCH", `/api/v1/deals/${deal.id}`, { amount: 999, version: 1 });
    expect(stale.statusCode).toBe(409);
    expect((await managerA1.request("GET", `/api/v1/deals/${deal.id}`)).json().amount).toBe(1);
  });

  it("hides another manager's deal everywhere: detail, list, search, count, timeline, history, edits", async () => {
    const secret = await createDeal(managerA2, { title: "Секретная сделка 7731" });
    const before = (await managerA2.request("GET", `/api/v1/deals/${secret.id}`)).json();
    for (const [method, url, body] of [
      ["GET", `/api/v1/deals/${secret.id}`],
      ["GET", `/api/v1/deals/${secret.id}/timeline`],
      ["GET", `/api/v1/deals/${secret.id}/history`],
      ["PATCH", `/api/v1/deals/${secret.id}`, { title: "mine now", version: 1 }],
      ["DELETE", `/api/v1/deals/${secret.id}`],
      ["POST", `/api/v1/deals/${secret.id}/comments`, { body: "hello" }],
    ] as const) {
      const response = await managerA1.request(method, url, body);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
    }
    const search = (await managerA1.request("GET", "/api/v1/deals?q=7731")).json();
    expect(search).toEqual({ items: [], total: 0 });
    const all = (await managerA1.request("GET", "/api/v1/deals?limit=500")).json();
    expect(all.items.every((deal: { ownerId: string }) => deal.ownerId === fixture.managerA1.id)).toBe(true);
    const kanban = (await managerA1.request("GET", "/api/v1/deals/kanban")).json();
    const kanbanIds = kanban.columns.flatMap((column: { items: { id: string }[] }) =>
      column.items.map((item) => item.id),
    );
    expect(kanbanIds).not.toContain(secret.id);
    expect(kanban.columns.reduce((sum: number, column: { count: number }) => sum + column.count, 0)).toBe(all.total);
    const bulk = await managerA1.request("POST", "/api/v1/deals/bulk", { action: "delete", ids: [secret.id] });
    expect(bulk.statusCode).toBe(404);
    expect((await managerA2.request("GET", `/api/v1/deals/${secret.id}`)).json()).toEqual(before);
  });

  it("shows a head the deals of their subtree and nothing of the sibling department", async () => {
    const deal = await createDeal(managerA2, { title: "Сварочная проволока ER70S-6" });
    expect((await headA.request("GET", `/api/v1/deals/${deal.id}`)).statusCode).toBe(200);
    expect((await regionHead.request("GET", `/api/v1/deals/${deal.id}`)).statusCode).toBe(200);
    expect((await headB.request("GET", `/api/v1/deals/${deal.id}`)).statusCode).toBe(404);
    const headBList = (await headB.request("GET", "/api/v1/deals?limit=500")).json();
    expect(headBList.total).toBe(0);
    const unitFilter = (
      await regionHead.request("GET", `/api/v1/deals?unitId=${fixture.departmentA}&limit=500`)
    ).json();
    expect(unitFilter.items.length).toBeGreaterThan(0);
    expect(
      unitFilter.items.every((item: { ownerId: string }) =>
        [fixture.managerA1.id, fixture.managerA2.id].includes(item.ownerId),
      ),
    ).toBe(true);
  });

  it("reassigns only between owners the caller may manage", async () => {
    const deal = await createDeal(managerA1);
    const toSibling = await headA.request("POST", "/api/v1/deals/bulk", {
      action: "reassign",
      ids: [deal.id],
      ownerId: fixture.managerB1.id,
    });
    expect(toSibling.statusCode).toBe(422);
    const byManager = await managerA1.request("POST", "/api/v1/deals/bulk", {
      action: "reassign",
      ids: [deal.id],
      ownerId: fixture.managerA2.id,
    });
    expect(byManager.statusCode).toBe(422);
    const ok = await headA.request("POST", "/api/v1/deals/bulk", {
      action: "reassign",
      ids: [deal.id],
      ownerId: fixture.managerA2.id,
    });
    expect(ok.json()).toEqual({ affected: 1 });
    expect((await managerA1.request("GET", `/api/v1/deals/${deal.id}`)).statusCode).toBe(404);
    const history = (await headA.request("GET", `/api/v1/deals/${deal.id}/history`)).json();
    expect(history.items[0].changes).toEqual([
      { field: "ownerId", old: fixture.managerA1.id, new: fixture.managerA2.id },
    ]);
    const createForOther = await managerA1.request("POST", "/api/v1/deals", {
      title: "x",
      ownerId: fixture.managerA2.id,
    });
    expect(createForOther.statusCode).toBe(422);
  });

  it("deletes softly and lets an administrator restore", async () => {
    const deal = await createDeal(managerA1);
    expect((await managerA1.request("DELETE", `/api/v1/deals/${deal.id}`)).statusCode).toBe(204);
    expect((await managerA1.request("GET", `/api/v1/deals/${deal.id}`)).statusCode).toBe(404);
    const trash = (await admin.request("GET", "/api/v1/deals?deleted=true")).json();
    expect(trash.items.map((item: { id: string }) => item.id)).toContain(deal.id);
    expect((await managerA1.request("POST", `/api/v1/deals/${deal.id}/restore`)).statusCode).toBe(403);
    const restored = await admin.request("POST", `/api/v1/deals/${deal.id}/restore`);
    expect(restored.statusCode).toBe(200);
    expect((await managerA1.request("GET", `/api/v1/deals/${deal.id}`)).statusCode).toBe(200);
  });

  it("builds the card's timeline: creation, stage changes, comments and activities, newest first", async () => {
    const deal = await createDeal(managerA1);
    await managerA1.request("PATCH", `/api/v1/deals/${deal.id}`, { stageId: stages[1]!.id, version: 1 });
    await managerA1.request("POST", `/api/v1/deals/${deal.id}/comments`, { body: "Клиент просит скидку 5%" });
    const types = (await managerA1.request("GET", "/api/v1/activity-types")).json().items;
    await managerA1.request("POST", "/api/v1/activities", {
      typeId: types[2].id,
      subject: "Позвонить по КП",
      dueAt: new Date(Date.now() + 3_600_000).toISOString(),
      dealId: deal.id,
    });
    const timeline = (await managerA1.request("GET", `/api/v1/deals/${deal.id}/timeline`)).json();
    const kinds = timeline.items.map((item: { kind: string }) => item.kind);
    expect(kinds).toEqual(expect.arrayContaining(["activity", "comment", "stage", "created"]));
    const times = timeline.items.map((item: { at: string }) => item.at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("sorts and filters only by allowlisted fields, naming the bad one", async () => {
    await createDeal(managerA1, { amount: 10 });
    await createDeal(managerA1, { amount: 20 });
    const byAmount = (await managerA1.request("GET", "/api/v1/deals?sort=-amount,title&amountMax=20")).json();
    const amounts = byAmount.items.map((item: { amount: number }) => item.amount);
    expect(amounts).toEqual([...amounts].sort((left, right) => right - left));
    expect(Math.max(...amounts)).toBeLessThanOrEqual(20);
    const bad = await managerA1.request("GET", "/api/v1/deals?sort=amount;drop%20table%20deals");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe("query.sort");
    expect((await managerA1.request("GET", "/api/v1/deals?amountMin=abc")).statusCode).toBe(400);
    expect((await managerA1.request("POST", "/api/v1/deals", { title: "x", amount: 1.234 })).statusCode).toBe(400);
  });
});
