import { beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";

describe("leads and activities", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let managerA1: Client;
  let managerA2: Client;
  let headA: Client;
  let admin: Client;
  let types: { id: string; code: string; name: string; category: string; dailyNorm: number | null; weight: number }[];

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [managerA1, managerA2, headA, admin] = await loginEach(context.app, [
      "manager-a1",
      "manager-a2",
      "head-a",
      "admin-user",
    ]);
    types = (await managerA1.request("GET", "/api/v1/activity-types")).json().items;
  });

  it("ships the eleven default activity types with the norms of DESIGN.md", () => {
    expect(types.map((type) => type.name)).toEqual([
      "Исходящий холодный звонок",
      "Исходящий звонок потенциально активному",
      "Исходящий звонок по текущей сделке",
      "Входящий звонок нового клиента",
      "Входящий звонок знакомого клиента",
      "Встреча холодная",
      "Встреча с потенциально активным",
      "Встреча с активным клиентом",
      "Демонстрация",
      "Письмо входящее",
      "Письмо исходящее",
    ]);
    expect(types.map((type) => type.dailyNorm)).toEqual([10, 5, 5, null, null, 1, 1, 1, 0.5, null, null]);
    expect(types.map((type) => type.weight)).toEqual([1, 1, 1, 1, 1, 3, 3, 3, 2, 1, 1]);
  });

  it("converts a lead into a deal with a new company and contact, carrying its activities", async () => {
    const lead = (
      await managerA1.request("POST", "/api/v1/leads", {
        title: "Запрос на сварочные полуавтоматы",
        source: "сайт",
        contactName: "Ержан Касымов",
        companyName: "ТОО Металлстрой",
        phone: "87015550000",
      })
    ).json();
    expect(lead.phone).toBe("+77015550000");
    await managerA1.request("POST", "/api/v1/activities", {
      typeId: types[3]!.id,
      subject: "Входящий звонок",
      dueAt: new Date().toISOString(),
      leadId: lead.id,
    });
    const converted = await managerA1.request("POST", `/api/v1/leads/${lead.id}/convert`, {
      newCompany: { name: "ТОО Металлстрой", city: "Караганда" },
      newContact: { name: "Ержан Касымов", phones: ["87015550000"] },
      deal: { title: "Полуавтоматы MIG-250, 4 шт.", amount: 1_240_000 },
      version: lead.version,
    });
    expect(converted.statusCode, converted.body).toBe(201);
    const { dealId, companyId, contactId } = converted.json();
    const deal = (await managerA1.request("GET", `/api/v1/deals/${dealId}`)).json();
    expect(deal).toMatchObject({
      companyId,
      contactId,
      amount: 1_240_000,
      ownerId: fixture.managerA1.id,
      source: "сайт",
    });
    const contact = (await managerA1.request("GET", `/api/v1/contacts/${contactId}`)).json();
    expect(contact.companyId).toBe(companyId);
    expect((await managerA1.request("GET", `/api/v1/leads/${lead.id}`)).json()).toMatchObject({
      status: "converted",
      convertedDealId: dealId,
    });
    const dealTimeline = (await managerA1.request("GET", `/api/v1/deals/${dealId}/timeline`)).json();
    expect(dealTimeline.items.some((item: { kind: string }) => item.kind === "activity")).toBe(true);
    const again = await managerA1.request("POST", `/api/v1/leads/${lead.id}/convert`, {
      deal: { title: "x" },
      version: lead.version + 1,
    });
    expect(again.statusCode).toBe(409);
  });

  it("lets a head assign a call to a subordinate, but not a manager to a colleague", async () => {
    const call = await headA.request("POST", "/api/v1/activities", {
      typeId: types[0]!.id,
      subject: "Позвонить в ТОО Казсталь",
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
      ownerId: fixture.managerA2.id,
    });
    expect(call.statusCode).toBe(201);
    expect(call.json()).toMatchObject({ ownerId: fixture.managerA2.id, createdBy: fixture.headA.id, state: "active" });
    const mine = (
      await managerA2.request("GET", `/api/v1/activities?state=open&ownerId=${fixture.managerA2.id}`)
    ).json();
    expect(mine.items.map((item: { id: string }) => item.id)).toContain(call.json().id);
    const refused = await managerA1.request("POST", "/api/v1/activities", {
      typeId: types[0]!.id,
      subject: "x",
      dueAt: new Date().toISOString(),
      ownerId: fixture.managerA2.id,
    });
    expect(refused.statusCode).toBe(422);
    expect((await managerA1.request("GET", `/api/v1/activities/${call.json().id}`)).statusCode).toBe(404);
  });

  it("completes, reschedules and reports state: active, overdue, completed", async () => {
    const overdue = (
      await managerA1.request("POST", "/api/v1/activities", {
        typeId: types[5]!.id,
        subject: "Встреча на объекте",
        dueAt: new Date(Date.now() - 3_600_000).toISOString(),
      })
    ).json();
    expect(overdue.state).toBe("overdue");
    const moved = await managerA1.request("PATCH", `/api/v1/activities/${overdue.id}`, {
      dueAt: new Date(Date.now() + 3_600_000).toISOString(),
      version: overdue.version,
    });
    expect(moved.json().state).toBe("active");
    const done = await managerA1.request("POST", `/api/v1/activities/${overdue.id}/complete`, {
      result: "Договорились о КП",
      version: moved.json().version,
    });
    expect(done.json()).toMatchObject({ state: "completed", result: "Договорились о КП" });
    const stale = await managerA1.request("POST", `/api/v1/activities/${overdue.id}/complete`, {
      version: moved.json().version,
    });
    expect(stale.statusCode).toBe(409);
    const bad = await managerA1.request("POST", "/api/v1/activities", {
      typeId: types[0]!.id,
      subject: "x",
      dueAt: "tomorrow",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe("body.dueAt");
  });

  it("lets an administrator edit pipelines and activity types, and nobody else", async () => {
    const created = await admin.request("POST", "/api/v1/pipelines", {
      name: "Сервисные контракты",
      stages: [
        { name: "Заявка", color: "#228be6", semantic: "open" },
        { name: "Подписан", color: "#40c057", semantic: "won" },
        { name: "Отказ", color: "#fa5252", semantic: "lost" },
      ],
    });
    expect(created.statusCode).toBe(201);
    const pipeline = created.json();
    expect(pipeline.stages.map((stage: { sort: number }) => stage.sort)).toEqual([0, 1, 2]);
    const reordered = await admin.request("PATCH", `/api/v1/pipelines/${pipeline.id}`, {
      stages: [
        pipeline.stages[0],
        { name: "Согласование", color: "#fab005", semantic: "open" },
        pipeline.stages[1],
        pipeline.stages[2],
      ].map(({ sort: _sort, ...stage }) => stage),
      version: pipeline.version,
    });
    expect(reordered.json().stages.map((stage: { name: string }) => stage.name)).toEqual([
      "Заявка",
      "Согласование",
      "Подписан",
      "Отказ",
    ]);
    expect((await managerA1.request("POST", "/api/v1/pipelines", { name: "x", stages: [] })).statusCode).toBe(403);
    const noWon = await admin.request("POST", "/api/v1/pipelines", {
      name: "x",
      stages: [
        { name: "a", color: "#000000", semantic: "open" },
        { name: "b", color: "#000000", semantic: "lost" },
      ],
    });
    expect(noWon.statusCode).toBe(400);

    const type = types[0]!;
    const edited = await admin.request("PATCH", `/api/v1/activity-types/${type.id}`, { dailyNorm: 12, version: 1 });
    // Only the named field changes: the others keep their values, not the create-time defaults.
    expect(edited.json()).toMatchObject({ dailyNorm: 12, name: type.name, inWeeklyTable: true, weight: 1, sort: 10 });
    expect(
      (await headA.request("PATCH", `/api/v1/activity-types/${type.id}`, { dailyNorm: 1, version: 2 })).statusCode,
    ).toBe(403);
  });
});
