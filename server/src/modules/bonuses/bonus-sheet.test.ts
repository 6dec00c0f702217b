/**
 * Bonuses from confirmed revenue (issue #17), checked against an independent computation: the base
 * from the test's own 1C documents (paid in full by a payment dated in the period, Almaty time),
 * the plan from the test's own plans, the coefficient from the working days DESIGN.md lists, and
 * the formula from testing/bonus-reference.ts. Band edges at exactly 80 % and 100 %, linear
 * interpolation, a cap, a coefficient above and at its floor, a payment half an hour into Q2 in
 * Almaty (still Q1 in UTC), and a refund in the next month after the sheet was approved.
 */
import { formatTenge } from "@planerka/common";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { type Client, login, loginEach, useTestApp } from "../../testing/test-app";
import { expectedBase, h1, money, orders, payments, planOf, plans, q1, refund, tiyn } from "./testing/bonus-documents";
import { type ReferenceScheme, referenceBonus } from "./testing/bonus-reference";

const context = useTestApp({ workflowWorker: false, outboxWorker: false });
let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
let admin: Client;
let headA: Client;
let headB: Client;
let managerA1: Client;
let top: Client;

const managerScheme: ReferenceScheme = {
  bands: [
    { fromCompletion: 80, rate: 1 },
    { fromCompletion: 100, rate: 2 },
    { fromCompletion: 120, rate: 3 },
  ],
  mode: "step",
};
const a2Scheme: ReferenceScheme = { ...managerScheme, mode: "linear", coefficientFloor: 50, cap: 1_000_000 };
const headsScheme: ReferenceScheme = { bands: [{ fromCompletion: 0, rate: 10 }], mode: "step", cap: 123_456.78 };
const halfScheme: ReferenceScheme = {
  bands: [
    { fromCompletion: 50, rate: 0.5 },
    { fromCompletion: 100, rate: 1.5 },
  ],
  mode: "linear",
  fixed: 50_000,
  // Head A has done no activities: a coefficient of 0, so the floor is the multiplier.
  coefficientFloor: 80,
};

/** A2's coefficient: one type with a norm of 0.1 a day, 5 done over Q1's 57 working days (19 + 20 + 18). */
const a2Coefficient = Math.round((5 / (0.1 * 57)) * 10_000) / 100;

async function upsert(body: Record<string, unknown>) {
  const response = await admin.request("POST", "/api/v1/integrations/1c/upsert", body);
  expect(response.statusCode, response.body).toBe(200);
}

async function sheet(client: Client, query: string) {
  const response = await client.request("GET", `/api/v1/bonuses?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as {
    source: string;
    total: number;
    items: {
      userId: string;
      schemeId: string;
      plan: number;
      base: number;
      completion: number | null;
      coefficient: number | null;
      multiplier: number;
      bonus: number;
      deals: { dealId: string; title: string; document: string | null; confirmedAt: string }[];
      excluded: { title: string; reason: string; document: string | null }[];
    }[];
  };
}

async function createScheme(body: Record<string, unknown>) {
  const response = await admin.request("POST", "/api/v1/bonus-schemes", body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string };
}

const schemeBody = (
  name: string,
  period: string,
  appliesTo: Record<string, unknown>,
  scheme: ReferenceScheme,
  base = "own",
) => ({
  name,
  period,
  appliesTo,
  base,
  bands: scheme.bands,
  mode: scheme.mode,
  fixed: scheme.fixed ?? 0,
  cap: scheme.cap ?? null,
  coefficient: scheme.coefficientFloor === undefined ? null : { floor: scheme.coefficientFloor },
});

let ids: Record<"A1" | "A2" | "B1" | "headA" | "headB" | "region", string>;
let schemes: Record<string, string>;

beforeAll(async () => {
  fixture = await createAccessFixture(context.handle.db);
  [admin, headA, headB, managerA1, top] = await loginEach(context.app, [
    "admin-user",
    "head-a",
    "head-b",
    "manager-a1",
    "top-user",
  ]);
  ids = {
    A1: fixture.managerA1.id,
    A2: fixture.managerA2.id,
    B1: fixture.managerB1.id,
    headA: fixture.headA.id,
    headB: fixture.headB.id,
    region: fixture.regionHead.id,
  };
  for (const owner of ["A1", "A2", "B1"] as const) {
    await admin.request("PUT", "/api/v1/integrations/1c/managers", { name: `Менеджер ${owner}`, userId: ids[owner] });
    for (const [month, amount] of Object.entries(plans[owner])) {
      const response = await admin.request("PUT", `/api/v1/plans/${ids[owner]}/${month}`, { amount: Number(amount) });
      expect(response.statusCode, response.body).toBe(200);
    }
  }
  // A2's norms: only the cold call counts, at 0.1 a day; five of them done in Q1.
  const types = (await admin.request("GET", "/api/v1/activity-types")).json().items as { id: string; code: string }[];
  for (const type of types) {
    const dailyNorm = type.code === "call_out_cold" ? 0.1 : 0;
    const response = await admin.request("PUT", "/api/v1/activity-norms", {
      typeId: type.id,
      userId: ids.A2,
      dailyNorm,
    });
    expect(response.statusCode, response.body).toBe(200);
  }
  const cold = types.find((type) => type.code === "call_out_cold")!;
  for (const day of ["2026-01-12", "2026-02-03", "2026-02-17", "2026-03-10", "2026-03-31"]) {
    const response = await admin.request("POST", "/api/v1/activities", {
      typeId: cold.id,
      subject: `Холодный звонок ${day}`,
      dueAt: `${day}T10:00:00+05:00`,
      completedAt: `${day}T11:00:00+05:00`,
      ownerId: ids.A2,
    });
    expect(response.statusCode, response.body).toBe(201);
  }
  await upsert({
    counterparties: [
      { guid: "b-cp-a1", name: "ТОО Сварка-А1", managerName: "Менеджер A1" },
      { guid: "b-cp-a2", name: "ТОО Сварка-А2", managerName: "Менеджер A2" },
      { guid: "b-cp-b1", name: "ТОО Сварка-Б1", managerName: "Менеджер B1" },
    ],
    orders: orders.map(({ owner, ...order }) => ({ ...order, managerName: `Менеджер ${owner}`, deleted: false })),
    payments: payments.map((payment) => ({ ...payment, posted: true, deleted: false })),
  });
  schemes = {
    managers: (await createScheme(schemeBody("Менеджеры, квартал", "quarter", { role: "manager" }, managerScheme))).id,
    a2: (await createScheme(schemeBody("Ведущий менеджер", "quarter", { userIds: [ids.A2] }, a2Scheme))).id,
    heads: (await createScheme(schemeBody("Руководители, квартал", "quarter", { role: "head" }, headsScheme, "unit")))
      .id,
    half: (
      await createScheme(schemeBody("Отдел А, полугодие", "half", { unitId: fixture.departmentA }, halfScheme, "unit"))
    ).id,
  };
});

describe("bonuses from 1C's confirmed revenue", () => {
  it("pays every person of Q1 what the independent computation gives, band edges included", async () => {
    const found = await sheet(admin, "period=2026-Q1");
    expect(found.source).toBe("1c");
    const byUser = new Map(found.items.map((item) => [item.userId, item]));
    const expectations: [keyof typeof ids, string, ReferenceScheme, bigint, bigint, number | null][] = [
      [
        "A1",
        schemes.managers!,
        managerScheme,
        planOf(["A1"], q1),
        expectedBase("A1", "2026-01-01", "2026-03-31", payments),
        null,
      ],
      [
        "A2",
        schemes.a2!,
        a2Scheme,
        planOf(["A2"], q1),
        expectedBase("A2", "2026-01-01", "2026-03-31", payments),
        a2Coefficient,
      ],
      [
        "B1",
        schemes.managers!,
        managerScheme,
        planOf(["B1"], q1),
        expectedBase("B1", "2026-01-01", "2026-03-31", payments),
        null,
      ],
      [
        "headA",
        schemes.heads!,
        headsScheme,
        planOf(["A1", "A2"], q1),
        expectedBase("A1", "2026-01-01", "2026-03-31", payments) +
          expectedBase("A2", "2026-01-01", "2026-03-31", payments),
        null,
      ],
      [
        "headB",
        schemes.heads!,
        headsScheme,
        planOf(["B1"], q1),
        expectedBase("B1", "2026-01-01", "2026-03-31", payments),
        null,
      ],
    ];
    // The edges: A2 stands at exactly 80 %, B1 at exactly 100 %; the heads' 10 % is capped.
    expect(expectations[1]![4] * 100n).toBe(expectations[1]![3] * 80n);
    expect(expectations[2]![4]).toBe(expectations[2]![3]);
    let total = 0n;
    for (const [who, schemeId, scheme, plan, base, coefficient] of expectations) {
      const item = byUser.get(ids[who]);
      expect(item, who).toBeDefined();
      const bonus = referenceBonus(scheme, plan, base, coefficient);
      expect({ who, schemeId: item!.schemeId, plan: item!.plan, base: item!.base, bonus: item!.bonus }).toEqual({
        who,
        schemeId,
        plan: money(plan),
        base: money(base),
        bonus: money(bonus),
      });
      total += bonus;
    }
    expect(byUser.get(ids.A2)!.coefficient).toBe(a2Coefficient);
    expect(byUser.get(ids.A2)!.completion).toBe(80);
    expect(byUser.get(ids.B1)!.completion).toBe(100);
    expect(byUser.get(ids.headB)!.bonus).toBe(123_456.78);
    // The region head is a head too: the whole region's revenue, under the same cap.
    const region = byUser.get(ids.region)!;
    expect(region.base).toBe(money(expectations[3]![4] + expectations[4]![4]));
    total += referenceBonus(headsScheme, planOf(["A1", "A2", "B1"], q1), tiyn(region.base.toFixed(2)), null);
    expect(found.items).toHaveLength(6);
    expect(found.total).toBe(money(total));
  });

  it("lists each counted deal with its 1C document and payment date, and the others with why", async () => {
    const a1 = (await sheet(admin, "period=2026-Q1")).items.find((item) => item.userId === ids.A1)!;
    expect(a1.deals.map((deal) => deal.document).sort()).toEqual(["101", "102", "104"]);
    // 23:30 on 31 March in Almaty is 18:30 UTC: the payment date is that instant.
    expect(a1.deals.find((deal) => deal.document === "102")!.confirmedAt).toBe("2026-03-31T18:30:00.000Z");
    expect(Object.fromEntries(a1.excluded.map((deal) => [deal.document, deal.reason]))).toEqual({
      "103": "outside_period",
      "105": "unpaid",
      "106": "not_posted",
    });
  });

  it("counts the half-year with its own scheme: linear between bands, a fixed part, Q2's first half hour in", async () => {
    const found = await sheet(admin, `period=2026-H1&unitId=${fixture.departmentA}`);
    const item = found.items.find((entry) => entry.userId === ids.headA)!;
    const base =
      expectedBase("A1", "2026-01-01", "2026-06-30", payments) +
      expectedBase("A2", "2026-01-01", "2026-06-30", payments);
    expect(item.base).toBe(money(base));
    expect(item.coefficient).toBe(0);
    expect(item.multiplier).toBe(0.8);
    expect(item.bonus).toBe(money(referenceBonus(halfScheme, planOf(["A1", "A2"], h1), base, 0)));
    // Everyone in department A falls under the half-year scheme of the unit (no one else).
    expect(found.items.map((entry) => entry.userId).sort()).toEqual([ids.A1, ids.A2, ids.headA].sort());
    // 109 counts in H1, 110 (paid ten minutes into July in Almaty) does not: paid in another period.
    const documents = item.deals.map((deal) => deal.document);
    expect(documents).toContain("109");
    expect(documents).not.toContain("110");
    expect(item.excluded.filter((deal) => deal.document === "110").map((deal) => deal.reason)).toEqual([
      "outside_period",
    ]);
    const h2 = await sheet(admin, `period=2026-H2&unitId=${fixture.departmentA}`);
    expect(h2.items.find((entry) => entry.userId === ids.headA)!.base).toBe(390_000);
    const q2 = await sheet(admin, `period=2026-Q2&unitId=${fixture.departmentA}`);
    expect(q2.items.find((entry) => entry.userId === ids.A1)!.base).toBe(1_234_567.89);
  });

  it("freezes an approved sheet; a refund in April shows only as «what would change now»", async () => {
    const before = await sheet(headA, `period=2026-Q1&unitId=${fixture.departmentA}`);
    const approve = await headA.request("POST", "/api/v1/bonus-sheets", {
      period: "2026-Q1",
      unitId: fixture.departmentA,
    });
    expect(approve.statusCode, approve.body).toBe(201);
    expect(approve.json().total).toBe(before.total);
    // The person on the sheet is told, with their own approved bonus; the second approval tells nobody.
    const line = before.items.find((item) => item.userId === ids.A1)!;
    const told = (await managerA1.request("GET", "/api/v1/notifications"))
      .json()
      .items.filter((item: { kind: string }) => item.kind === "bonus_approved");
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ title: "2026-Q1", body: formatTenge(line.bonus), link: "/bonuses?period=2026-Q1" });
    const again = await headA.request("POST", "/api/v1/bonus-sheets", {
      period: "2026-Q1",
      unitId: fixture.departmentA,
    });
    expect(again.statusCode).toBe(409);
    expect(
      (await managerA1.request("GET", "/api/v1/notifications"))
        .json()
        .items.filter((item: { kind: string }) => item.kind === "bonus_approved"),
    ).toHaveLength(1);

    await upsert({ payments: [{ ...refund, posted: true, deleted: false }] });

    const approved = await headA.request("GET", `/api/v1/bonus-sheets?period=2026-Q1&unitId=${fixture.departmentA}`);
    expect(approved.statusCode).toBe(200);
    const body = approved.json();
    expect(body.sheet.total).toBe(before.total);
    expect(body.sheet.items).toEqual(before.items);
    const now = await sheet(headA, `period=2026-Q1&unitId=${fixture.departmentA}`);
    const a1Now = now.items.find((item) => item.userId === ids.A1)!;
    const base = expectedBase("A1", "2026-01-01", "2026-03-31", [...payments, refund]);
    expect(a1Now.base).toBe(money(base));
    expect(a1Now.bonus).toBe(money(referenceBonus(managerScheme, planOf(["A1"], q1), base, null)));
    expect(a1Now.excluded.find((deal) => deal.document === "104")!.reason).toBe("returned");
    expect(body.totalNow).toBe(now.total);
    const a1Change = body.changes.find((change: { userId: string }) => change.userId === ids.A1);
    expect(a1Change).toMatchObject({
      approved: { base: before.items.find((item) => item.userId === ids.A1)!.base },
      now: { base: money(base), bonus: a1Now.bonus },
    });
    expect(a1Change.dealsRemoved).toHaveLength(1);
    expect(a1Change.dealsRemoved[0]).toContain("104");

    // The manager sees the approval of their own line only.
    const own = await managerA1.request("GET", "/api/v1/bonus-sheets?period=2026-Q1");
    expect(own.json().sheet.items.map((item: { userId: string }) => item.userId)).toEqual([ids.A1]);
    expect(own.json().changes.map((change: { userId: string }) => change.userId)).toEqual([ids.A1]);

    // The export writes the sheet as approved: order 104 still counted, the approved total.
    const exported = await headA.request(
      "GET",
      `/api/v1/bonuses/export.xlsx?period=2026-Q1&unitId=${fixture.departmentA}`,
    );
    expect(exported.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const people = workbook.getWorksheet("Ведомость")!;
    expect(String(people.getRow(1).getCell(2).value)).toMatch(/^Утверждено: /);
    expect(people.getRow(people.rowCount).getCell(10).value).toBe(before.total);
    const dealRows: unknown[][] = [];
    workbook.getWorksheet("Сделки")!.eachRow((row) => dealRows.push((row.values as unknown[]).slice(1)));
    expect(dealRows.find((cells) => cells[4] === "104")?.[6]).toBe("да");
  });

  it("lets only the unit's heads and tops approve", async () => {
    const refused = await headB.request("POST", "/api/v1/bonus-sheets", {
      period: "2026-Q2",
      unitId: fixture.departmentA,
    });
    expect(refused.statusCode).toBe(404);
    const manager = await managerA1.request("POST", "/api/v1/bonus-sheets", {
      period: "2026-Q2",
      unitId: fixture.departmentA,
    });
    expect(manager.statusCode).toBe(403);
    const byTop = await top.request("POST", "/api/v1/bonus-sheets", { period: "2026-Q1", unitId: fixture.departmentB });
    expect(byTop.statusCode).toBe(201);
    const bad = await top.request("POST", "/api/v1/bonus-sheets", { period: "2026-Q5", unitId: fixture.departmentB });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("period");
  });
});

describe("what /me tells the screens", () => {
  it("says who configures, approves and reconciles", async () => {
    const me = await (await login(context.app, "manager-a1")).request("GET", "/api/v1/me");
    expect(me.json().abilities).toMatchObject({ configureBonuses: false, approveBonuses: false, reconcileOneC: false });
    const head = await headA.request("GET", "/api/v1/me");
    expect(head.json().abilities).toMatchObject({ configureBonuses: false, approveBonuses: true, reconcileOneC: true });
  });
});
