/**
 * Who may set bonus schemes and read whose bonus; bad schemes refused with the field named and
 * nothing written; a company that never exchanged with 1C pays on won deals; the XLSX export
 * holds exactly the visible lines, as values.
 */

import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture, createUser, setUnitHead } from "../../testing/factories";
import { type Client, login, loginEach, useTestApp } from "../../testing/test-app";
import { type ReferenceScheme, referenceBonus } from "./testing/bonus-reference";

const context = useTestApp({ workflowWorker: false, outboxWorker: false });
let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
let admin: Client;
let top: Client;
let headA: Client;
let headB: Client;
let regionHead: Client;
let managerA1: Client;
let managerA2: Client;
let rootHead: Client;

const month = "2026-05";
const scheme: ReferenceScheme = {
  bands: [
    { fromCompletion: 50, rate: 1.2345 },
    { fromCompletion: 100, rate: 2.5 },
  ],
  mode: "linear",
  fixed: 10_000,
};
const body = {
  name: "Менеджеры, месяц",
  period: "month",
  appliesTo: { role: "manager" },
  base: "own",
  bands: scheme.bands,
  mode: scheme.mode,
  fixed: scheme.fixed,
};

const schemeCount = async () =>
  (await rows<{ count: number }>(context.handle.db, sql`select count(*)::int as count from bonus_schemes`))[0]!.count;

async function wonDeal(owner: string, title: string, amount: number, closedAt: string) {
  const pipelines = (await admin.request("GET", "/api/v1/pipelines")).json().items as {
    id: string;
    stages: { id: string; semantic: string }[];
  }[];
  const won = pipelines[0]!.stages.find((stage) => stage.semantic === "won")!;
  const response = await admin.request("POST", "/api/v1/deals", {
    title,
    pipelineId: pipelines[0]!.id,
    stageId: won.id,
    amount,
    ownerId: owner,
    closedAt,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

beforeAll(async () => {
  fixture = await createAccessFixture(context.handle.db);
  const chief = await createUser(context.handle.db, { role: "head", unitId: fixture.rootUnitId, login: "root-head" });
  await setUnitHead(context.handle.db, fixture.rootUnitId, chief.id);
  [admin, top, headA, headB, regionHead, managerA1, managerA2, rootHead] = await loginEach(context.app, [
    "admin-user",
    "top-user",
    "head-a",
    "head-b",
    "region-head",
    "manager-a1",
    "manager-a2",
    "root-head",
  ]);
});

describe("bonus schemes", () => {
  it("are set by admins, tops and the head of the top unit only", async () => {
    expect((await managerA1.request("GET", "/api/v1/bonus-schemes")).statusCode).toBe(403);
    expect((await headA.request("GET", "/api/v1/bonus-schemes")).statusCode).toBe(404);
    expect((await regionHead.request("POST", "/api/v1/bonus-schemes", body)).statusCode).toBe(404);
    expect(await schemeCount()).toBe(0);
    for (const client of [admin, top, rootHead]) {
      const created = await client.request("POST", "/api/v1/bonus-schemes", { ...body, active: false });
      expect(created.statusCode, created.body).toBe(201);
    }
    expect((await rootHead.request("GET", "/api/v1/me")).json().abilities.configureBonuses).toBe(true);
    expect((await regionHead.request("GET", "/api/v1/me")).json().abilities.configureBonuses).toBe(false);
    for (const { id } of (await admin.request("GET", "/api/v1/bonus-schemes")).json().items)
      expect((await admin.request("DELETE", `/api/v1/bonus-schemes/${id}`)).statusCode).toBe(204);
  });

  it("refuses a bad scheme with the field named, and writes nothing", async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...body, bands: [body.bands[1], body.bands[0]] }, 400, "body.bands"],
      [{ ...body, appliesTo: {} }, 400, "body.appliesTo"],
      [{ ...body, bands: [{ fromCompletion: 80, rate: 1.23456 }] }, 400, "body.bands.0.rate"],
      [{ ...body, period: "week" }, 400, "body.period"],
      [{ ...body, fixed: -1 }, 400, "body.fixed"],
      [{ ...body, coefficient: { floor: 200 } }, 400, "body.coefficient.floor"],
      [{ ...body, appliesTo: { unitId: "00000000-0000-4000-8000-000000000000" } }, 422, "appliesTo.unitId"],
      [
        { ...body, appliesTo: { userIds: [fixture.managerA1.id, "00000000-0000-4000-8000-000000000000"] } },
        422,
        "appliesTo.userIds.1",
      ],
    ];
    for (const [bad, status, path] of cases) {
      const response = await admin.request("POST", "/api/v1/bonus-schemes", bad);
      expect(`${path}: ${response.statusCode}`).toBe(`${path}: ${status}`);
      expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(path);
    }
    expect(await schemeCount()).toBe(0);
  });

  it("changes with its version, audited; a stale version changes nothing", async () => {
    const created = (await admin.request("POST", "/api/v1/bonus-schemes", body)).json();
    const changed = await admin.request("PATCH", `/api/v1/bonus-schemes/${created.id}`, { version: 1, cap: 500_000 });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ version: 2, cap: 500_000, bands: scheme.bands });
    const stale = await admin.request("PATCH", `/api/v1/bonus-schemes/${created.id}`, { version: 1, cap: 1 });
    expect(stale.statusCode).toBe(409);
    expect((await admin.request("GET", `/api/v1/bonus-schemes/${created.id}`)).json().cap).toBe(500_000);
    const audit = await rows<{ action: string; changes: { field: string }[] }>(
      context.handle.db,
      sql`select action, changes from audit_log where entity = 'bonus_scheme' and entity_id = ${created.id} order by id`,
    );
    expect(audit.map((entry) => entry.action)).toEqual(["create", "update"]);
    expect(audit[1]!.changes.map((change) => change.field)).toEqual(["cap"]);
    // Back without the cap for the sheets below.
    await admin.request("PATCH", `/api/v1/bonus-schemes/${created.id}`, { version: 2, cap: null });
  });
});

describe("a company without 1C", () => {
  let deals: Record<string, string>;
  beforeAll(async () => {
    await admin.request("PUT", `/api/v1/plans/${fixture.managerA1.id}/${month}`, { amount: 1_000_000 });
    await admin.request("PUT", `/api/v1/plans/${fixture.managerA2.id}/${month}`, { amount: 2_000_000 });
    await admin.request("PUT", `/api/v1/plans/${fixture.managerB1.id}/${month}`, { amount: 500_000 });
    deals = {
      a1: await wonDeal(fixture.managerA1.id, '=HYPERLINK("x") Инверторы', 700_000.55, "2026-05-12T10:00:00+05:00"),
      // The last minute of May in Almaty counts in May; the first minute of June does not.
      a1Late: await wonDeal(fixture.managerA1.id, "Горелки", 150_000, "2026-05-31T23:59:00+05:00"),
      a1June: await wonDeal(fixture.managerA1.id, "Электроды", 90_000, "2026-06-01T00:01:00+05:00"),
      a2: await wonDeal(fixture.managerA2.id, "Полуавтоматы", 2_400_000, "2026-05-20T10:00:00+05:00"),
      b1: await wonDeal(fixture.managerB1.id, "Маски", 100_000, "2026-05-03T10:00:00+05:00"),
    };
  });

  it("pays on won deals by their close date, as the independent computation gives", async () => {
    const found = (await admin.request("GET", `/api/v1/bonuses?period=${month}`)).json();
    expect(found.source).toBe("won");
    const expected = [
      [fixture.managerA1.id, 100_000_000n, 70_000_055n + 15_000_000n],
      [fixture.managerA2.id, 200_000_000n, 240_000_000n],
      [fixture.managerB1.id, 50_000_000n, 10_000_000n],
    ] as const;
    let total = 0n;
    for (const [userId, plan, base] of expected) {
      const item = found.items.find((entry: { userId: string }) => entry.userId === userId);
      const bonus = referenceBonus(scheme, plan, base, null);
      expect({ base: item.base, bonus: item.bonus }).toEqual({ base: Number(base) / 100, bonus: Number(bonus) / 100 });
      total += bonus;
    }
    expect(found.items).toHaveLength(3);
    expect(found.total).toBe(Number(total) / 100);
    const a1 = found.items.find((entry: { userId: string }) => entry.userId === fixture.managerA1.id);
    expect(a1.deals.map((deal: { dealId: string }) => deal.dealId).sort()).toEqual([deals.a1, deals.a1Late].sort());
    expect(a1.excluded).toEqual([]);
  });

  it("shows a manager only their own line, a head their people; another unit is 404", async () => {
    const own = (await managerA2.request("GET", `/api/v1/bonuses?period=${month}`)).json();
    expect(own.items.map((item: { userId: string }) => item.userId)).toEqual([fixture.managerA2.id]);
    expect(
      (await managerA2.request("GET", `/api/v1/bonuses?period=${month}&unitId=${fixture.departmentA}`)).statusCode,
    ).toBe(404);
    const b = (await headB.request("GET", `/api/v1/bonuses?period=${month}`)).json();
    expect(b.items.map((item: { userId: string }) => item.userId)).toEqual([fixture.managerB1.id]);
    expect(JSON.stringify(b)).not.toContain(deals.a1);
    expect(
      (await headB.request("GET", `/api/v1/bonuses?period=${month}&unitId=${fixture.departmentA}`)).statusCode,
    ).toBe(404);
    expect(
      (await headB.request("GET", `/api/v1/bonus-sheets?period=${month}&unitId=${fixture.departmentA}`)).statusCode,
    ).toBe(404);
    expect(
      (await headB.request("GET", `/api/v1/bonuses/export.xlsx?period=${month}&unitId=${fixture.departmentA}`))
        .statusCode,
    ).toBe(404);
    const a = (await headA.request("GET", `/api/v1/bonuses?period=${month}`)).json();
    expect(a.items.map((item: { userId: string }) => item.userId).sort()).toEqual(
      [fixture.managerA1.id, fixture.managerA2.id].sort(),
    );
    // One person's line, and the lines without their deal lists (the counts stay).
    const one = (await headA.request("GET", `/api/v1/bonuses?period=${month}&userId=${fixture.managerA1.id}`)).json();
    expect(one.items.map((item: { userId: string }) => item.userId)).toEqual([fixture.managerA1.id]);
    expect(one.items[0].deals).toHaveLength(2);
    const light = (await headA.request("GET", `/api/v1/bonuses?period=${month}&deals=none`)).json();
    const lightA1 = light.items.find((item: { userId: string }) => item.userId === fixture.managerA1.id);
    expect([lightA1.deals, lightA1.dealCount, lightA1.bonus]).toEqual([[], 2, one.items[0].bonus]);
    expect(
      (await headB.request("GET", `/api/v1/bonuses?period=${month}&userId=${fixture.managerA1.id}`)).statusCode,
    ).toBe(404);
    expect(
      (await managerA2.request("GET", `/api/v1/bonuses?period=${month}&userId=${fixture.managerA1.id}`)).statusCode,
    ).toBe(404);
    const bad = await headA.request("GET", "/api/v1/bonuses?period=2026-13");
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("period");
  });

  it("exports the visible lines as values, the deals with them, formulas inert", async () => {
    const read = async (client: Client, query: string) => {
      const response = await client.request("GET", `/api/v1/bonuses/export.xlsx?${query}`);
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toContain("spreadsheetml");
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
      return workbook;
    };
    const json = (await headA.request("GET", `/api/v1/bonuses?period=${month}&unitId=${fixture.departmentA}`)).json();
    const workbook = await read(headA, `period=${month}&unitId=${fixture.departmentA}`);
    const people = workbook.getWorksheet("Ведомость")!;
    const values: unknown[][] = [];
    people.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
    for (const item of json.items) {
      const row = values.find((cells) => cells[0] === item.userName)!;
      expect(row.slice(3, 10)).toEqual([
        item.plan,
        item.base,
        item.completion,
        item.coefficient,
        item.rate,
        item.fixed,
        item.bonus,
      ]);
    }
    expect(values.at(-1)!.at(-1)).toBe(json.total);
    people.eachRow((row) => row.eachCell((cell) => expect(cell.formula).toBeUndefined()));
    const deals: unknown[][] = [];
    workbook.getWorksheet("Сделки")!.eachRow((row) => deals.push((row.values as unknown[]).slice(1)));
    expect(deals.some((cells) => cells[1] === '\'=HYPERLINK("x") Инверторы')).toBe(true);

    const own = await read(managerA1, `period=${month}`);
    const names: unknown[] = [];
    own.getWorksheet("Ведомость")!.eachRow((row, index) => index > 2 && names.push(row.getCell(1).value));
    expect(names).toEqual([
      json.items.find((item: { userId: string }) => item.userId === fixture.managerA1.id).userName,
      "Итого",
    ]);
  });

  it("reports that the company does not exchange with 1C on the reconciliation", async () => {
    const response = await headA.request("GET", `/api/v1/reconciliation?period=${month}`);
    expect(response.json()).toEqual({ period: month, connected: false, items: [], total: 0 });
    const session = await login(context.app, "manager-a1");
    expect(
      (await session.request("POST", "/api/v1/reconciliation/accept", { period: month, key: "x:y", comment: "ok" }))
        .statusCode,
    ).toBe(403);
  });
});
