import { beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";

describe("what others do to a person's work reaches their notifications", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let head: Client;
  let manager: Client;
  let other: Client;
  let typeId: string;

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [head, manager, other] = await loginEach(context.app, ["head-a", "manager-a1", "manager-a2"] as const);
    typeId = (await head.request("GET", "/api/v1/activity-types")).json().items[0].id;
  });

  it("notifies the owner of a call a head planned for them, with a link to its deal", async () => {
    const deal = await manager.request("POST", "/api/v1/deals", { title: "Сварочные аппараты", amount: 100000 });
    expect(deal.statusCode, deal.body).toBe(201);
    const created = await head.request("POST", "/api/v1/activities", {
      typeId,
      subject: "Позвонить по КП",
      dueAt: new Date(Date.now() + 3_600_000).toISOString(),
      ownerId: fixture.managerA1.id,
      dealId: deal.json().id,
    });
    expect(created.statusCode, created.body).toBe(201);
    const page = (await manager.request("GET", "/api/v1/notifications")).json();
    expect(page.items[0]).toMatchObject({
      kind: "activity_assigned",
      title: "Позвонить по КП",
      link: `/crm/deals/${deal.json().id}`,
      actor: { id: fixture.headA.id },
    });
    // Nobody else hears of it.
    expect((await other.request("GET", "/api/v1/notifications")).json().total).toBe(0);
  });

  it("does not notify anyone of one's own activity", async () => {
    const before = (await other.request("GET", "/api/v1/notifications")).json().total;
    const created = await other.request("POST", "/api/v1/activities", {
      typeId,
      subject: "Свой звонок",
      dueAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(created.statusCode, created.body).toBe(201);
    expect((await other.request("GET", "/api/v1/notifications")).json().total).toBe(before);
  });

  it("tells the owner when someone else moves their deal to a won stage", async () => {
    const deal = (await manager.request("POST", "/api/v1/deals", { title: "Выигранная сделка", amount: 5000 })).json();
    const stages = (await head.request("GET", "/api/v1/pipelines")).json().items[0].stages as {
      id: string;
      semantic: string;
    }[];
    const won = stages.find((stage) => stage.semantic === "won")!;
    const moved = await head.request("PATCH", `/api/v1/deals/${deal.id}`, { version: deal.version, stageId: won.id });
    expect(moved.statusCode, moved.body).toBe(200);
    const page = (await manager.request("GET", "/api/v1/notifications")).json();
    expect(page.items[0]).toMatchObject({
      kind: "deal_won",
      title: "Выигранная сделка",
      link: `/crm/deals/${deal.id}`,
    });
  });

  it("tells the owner of a record about a comment someone else left on it", async () => {
    const deal = (
      await manager.request("POST", "/api/v1/deals", { title: "Сделка с комментарием", amount: 700 })
    ).json();
    const before = (await manager.request("GET", "/api/v1/notifications")).json().total;
    expect(
      (await manager.request("POST", `/api/v1/deals/${deal.id}/comments`, { body: "Своя заметка" })).statusCode,
    ).toBe(201);
    expect((await manager.request("GET", "/api/v1/notifications")).json().total).toBe(before);
    const commented = await head.request("POST", `/api/v1/deals/${deal.id}/comments`, { body: "Дожми до пятницы" });
    expect(commented.statusCode, commented.body).toBe(201);
    const page = (await manager.request("GET", "/api/v1/notifications")).json();
    expect(page.items[0]).toMatchObject({
      kind: "record_comment",
      title: "Сделка с комментарием",
      body: "Дожми до пятницы",
      link: `/crm/deals/${deal.id}`,
    });
  });
});
