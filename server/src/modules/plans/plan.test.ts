import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture, createUnit } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";

describe("plans, norms and who may read the cabinets", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let managerA1: Client;
  let headA: Client;
  let headB: Client;
  let regionHead: Client;
  let top: Client;

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [managerA1, headA, headB, regionHead, top] = await loginEach(context.app, [
      "manager-a1",
      "head-a",
      "head-b",
      "region-head",
      "top-user",
    ]);
  });

  it("lets a head set their people's plans, keeping every change, but nobody their own", async () => {
    const url = `/api/v1/plans/${fixture.managerA1.id}/2026-11`;
    expect((await headA.request("PUT", url, { amount: 5_000_000 })).statusCode).toBe(200);
    expect((await headA.request("PUT", url, { amount: 5_500_000.5 })).json()).toEqual({
      userId: fixture.managerA1.id,
      month: "2026-11",
      amount: 5_500_000.5,
    });
    expect((await managerA1.request("PUT", url, { amount: 1 })).statusCode).toBe(403);
    expect((await headA.request("PUT", `/api/v1/plans/${fixture.headA.id}/2026-11`, { amount: 1 })).statusCode).toBe(
      403,
    );
    expect((await headB.request("PUT", url, { amount: 1 })).statusCode).toBe(404);
    expect(
      (await top.request("PUT", `/api/v1/plans/${fixture.headA.id}/2026-11`, { amount: 9_000_000 })).statusCode,
    ).toBe(200);
    expect((await headA.request("PUT", url, { amount: 1.234 })).statusCode).toBe(400);
    expect(
      (await headA.request("PUT", `/api/v1/plans/${fixture.managerA1.id}/2026-13`, { amount: 1 })).statusCode,
    ).toBe(400);
    const history = (await managerA1.request("GET", `/api/v1/plans/${fixture.managerA1.id}/history`)).json();
    expect(
      history.items.map((item: { newAmount: number; oldAmount: number | null }) => [item.oldAmount, item.newAmount]),
    ).toEqual([
      [5_000_000, 5_500_000.5],
      [null, 5_000_000],
    ]);
    expect((await managerA1.request("GET", `/api/v1/plans/${fixture.managerA2.id}/history`)).statusCode).toBe(404);
  });

  it("lists plans within the caller's reach, editable only where they may set them", async () => {
    const own = (await managerA1.request("GET", "/api/v1/plans?month=2026-11")).json();
    expect(own.items.map((item: { user: { id: string } }) => item.user.id)).toEqual([fixture.managerA1.id]);
    expect(own.items[0]).toMatchObject({ months: { "2026-11": 5_500_000.5 }, editable: false });
    const head = (await headA.request("GET", "/api/v1/plans?year=2026")).json();
    expect(head.months).toHaveLength(12);
    const logins = head.items.map((item: { user: { id: string } }) => item.user.id).sort();
    expect(logins).toEqual([fixture.headA.id, fixture.managerA1.id, fixture.managerA2.id].sort());
    expect(head.items.find((item: { user: { id: string } }) => item.user.id === fixture.headA.id).editable).toBe(false);
    const sibling = (await headB.request("GET", `/api/v1/plans?month=2026-11&unitId=${fixture.departmentA}`)).json();
    expect(sibling.items).toEqual([]);
  });

  it("copies last month's plans where none are set yet", async () => {
    await headA.request("PUT", `/api/v1/plans/${fixture.managerA2.id}/2026-10`, { amount: 700_000 });
    await headA.request("PUT", `/api/v1/plans/${fixture.managerA1.id}/2026-10`, { amount: 100 });
    const copied = await headA.request("POST", "/api/v1/plans/copy", { from: "2026-10", to: "2026-11" });
    expect(copied.json()).toEqual({ copied: 1 });
    const november = (await headA.request("GET", "/api/v1/plans?month=2026-11")).json();
    const byUser = Object.fromEntries(
      november.items.map((item: { user: { id: string }; months: Record<string, number> }) => [
        item.user.id,
        item.months["2026-11"],
      ]),
    );
    expect(byUser[fixture.managerA2.id]).toBe(700_000);
    expect(byUser[fixture.managerA1.id]).toBe(5_500_000.5);
  });

  it("imports plans from a workbook, only for people the importer may set them for", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Планы");
    sheet.addRow(["Логин", "Месяц", "Сумма"]);
    sheet.addRow(["manager-a2", "12.2026", "3 200 000"]);
    sheet.addRow(["head-a", "2026-12", 100]);
    sheet.addRow(["manager-b1", "2026-12", 100]);
    sheet.addRow(["manager-a1", "декабрь", 100]);
    const data = Buffer.from(await workbook.xlsx.writeBuffer());
    const boundary = "----plans";
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="plans.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const response = await context.app.inject({
      method: "POST",
      url: "/api/v1/plans/import",
      payload,
      headers: { cookie: headA.cookie, "content-type": `multipart/form-data; boundary=${boundary}` },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().saved).toBe(1);
    expect(response.json().errors.map((error: { row: number }) => error.row)).toEqual([3, 4, 5]);
    // Codes and fields for the web app to translate, whatever the language of the file.
    expect(response.json().errors[2]).toMatchObject({
      field: "month",
      code: "notAMonth",
      params: { value: "декабрь" },
      message: 'month: "декабрь" is not a month',
    });
    expect(response.json().errors[0]).toMatchObject({ field: "login", code: "unknownEmployee" });
    const december = (await headA.request("GET", "/api/v1/plans?month=2026-12")).json();
    const planOf = (id: string) =>
      december.items.find((item: { user: { id: string } }) => item.user.id === id)?.months["2026-12"];
    expect(planOf(fixture.managerA2.id)).toBe(3_200_000);
    expect(planOf(fixture.headA.id)).toBeUndefined();
  });

  it("resolves norms user → unit → type, set by heads for their subtree only", async () => {
    const types = (await headA.request("GET", "/api/v1/activity-types")).json().items;
    const cold = types[0];
    const unitNorm = await regionHead.request("PUT", "/api/v1/activity-norms", {
      typeId: cold.id,
      unitId: fixture.departmentA,
      dailyNorm: 12,
    });
    expect(unitNorm.statusCode).toBe(200);
    const forUser = (await headA.request("GET", `/api/v1/activity-norms?userId=${fixture.managerA1.id}`)).json();
    expect(forUser.items[0]).toMatchObject({ typeId: cold.id, effective: 12, source: "unit", typeDefault: 10 });
    await headA.request("PUT", "/api/v1/activity-norms", {
      typeId: cold.id,
      userId: fixture.managerA1.id,
      dailyNorm: 7,
    });
    const own = (await managerA1.request("GET", `/api/v1/activity-norms?userId=${fixture.managerA1.id}`)).json();
    expect(own.items[0]).toMatchObject({ own: 7, effective: 7, source: "user" });
    expect(
      (
        await headB.request("PUT", "/api/v1/activity-norms", {
          typeId: cold.id,
          unitId: fixture.departmentA,
          dailyNorm: 1,
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await managerA1.request("PUT", "/api/v1/activity-norms", {
          typeId: cold.id,
          userId: fixture.managerA1.id,
          dailyNorm: 1,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await headA.request("PUT", "/api/v1/activity-norms", {
          typeId: cold.id,
          userId: fixture.headA.id,
          dailyNorm: 1,
        })
      ).statusCode,
    ).toBe(403);
  });

  it("lets nobody set a norm that applies to themselves: not their own, nor their unit's or one above it", async () => {
    const types = (await headA.request("GET", "/api/v1/activity-types")).json().items;
    const typeId = types[1].id;
    const norms = () =>
      rows<{ unitId: string | null; userId: string | null; dailyNorm: number }>(
        context.handle.db,
        sql`select unit_id as "unitId", user_id as "userId", daily_norm::int as "dailyNorm"
            from activity_norms where type_id = ${typeId} order by daily_norm`,
      );
    const put = (client: Client, target: { unitId?: string; userId?: string }, dailyNorm = 1) =>
      client.request("PUT", "/api/v1/activity-norms", { typeId, ...target, dailyNorm });
    const before = await norms();
    expect((await put(headA, { unitId: fixture.departmentA })).statusCode).toBe(403);
    expect((await put(regionHead, { unitId: fixture.regionId })).statusCode).toBe(403);
    // Above the region head's reach altogether: hidden, as every unit outside it.
    expect((await put(regionHead, { unitId: fixture.rootUnitId })).statusCode).toBe(404);
    expect((await put(top, { userId: fixture.top.id })).statusCode).toBe(403);
    expect(await norms()).toEqual(before);
    const ownUnit = await headA.request("GET", `/api/v1/activity-norms?unitId=${fixture.departmentA}`);
    expect(ownUnit.json().editable).toBe(false);

    const team = await createUnit(context.handle.db, { name: "Team A1", parentId: fixture.departmentA });
    expect((await headA.request("GET", `/api/v1/activity-norms?unitId=${team}`)).json().editable).toBe(true);
    expect((await put(headA, { unitId: team }, 3)).statusCode).toBe(200);
    expect((await put(regionHead, { unitId: fixture.departmentA }, 4)).statusCode).toBe(200);
    expect((await put(top, { unitId: fixture.regionId }, 5)).statusCode).toBe(200);
    expect(await norms()).toEqual([
      ...before,
      { unitId: team, userId: null, dailyNorm: 3 },
      { unitId: fixture.departmentA, userId: null, dailyNorm: 4 },
      { unitId: fixture.regionId, userId: null, dailyNorm: 5 },
    ]);
  });

  it("opens a cabinet to its owner, their heads and the top — 404 for anyone else", async () => {
    const own = `/api/v1/cabinet/manager/${fixture.managerA1.id}?month=2026-11&date=2026-11-23`;
    expect((await managerA1.request("GET", own)).json()).toMatchObject({
      plan: 5_500_000.5,
      month: "2026-11",
      date: "2026-11-23",
    });
    expect((await headA.request("GET", own)).statusCode).toBe(200);
    expect((await regionHead.request("GET", own)).statusCode).toBe(200);
    expect((await top.request("GET", own)).statusCode).toBe(200);
    expect((await headB.request("GET", own)).statusCode).toBe(404);
    const colleague = `/api/v1/cabinet/manager/${fixture.managerA2.id}`;
    expect((await managerA1.request("GET", colleague)).statusCode).toBe(404);
    expect((await managerA1.request("GET", `${colleague}/week`)).statusCode).toBe(404);
    expect(
      (await headB.request("GET", `/api/v1/cabinet/manager/${fixture.managerA1.id}/week?week=2026-W48`)).statusCode,
    ).toBe(404);
    expect((await managerA1.request("GET", `/api/v1/cabinet/units/${fixture.departmentA}`)).statusCode).toBe(404);
    expect((await headB.request("GET", `/api/v1/cabinet/units/${fixture.departmentA}`)).statusCode).toBe(404);
    expect((await headA.request("GET", `/api/v1/cabinet/units/${fixture.regionId}`)).statusCode).toBe(404);
    const region = (await regionHead.request("GET", `/api/v1/cabinet/units/${fixture.regionId}?month=2026-11`)).json();
    expect(region.children.map((child: { unit: { name: string } }) => child.unit.name)).toEqual([
      "Department A",
      "Department B",
    ]);
    expect(region.totals.plan).toBe(5_500_000.5 + 700_000 + 9_000_000);
    expect((await top.request("GET", `/api/v1/cabinet/units/${fixture.rootUnitId}?month=2026-11`)).statusCode).toBe(
      200,
    );
    expect((await top.request("GET", `/api/v1/cabinet/manager/${fixture.managerA1.id}?month=2026-13`)).statusCode).toBe(
      400,
    );
    expect(
      (await top.request("GET", `/api/v1/cabinet/manager/${fixture.managerA1.id}/week?week=2026-W60`)).statusCode,
    ).toBe(400);
  });

  it("reads a unit's norms by the access matrix: a head narrowed to their own plans reads no unit's", async () => {
    const unitNorms = `/api/v1/activity-norms?unitId=${fixture.departmentA}`;
    expect((await headA.request("GET", unitNorms)).statusCode).toBe(200);
    await context.handle.db.execute(
      sql`insert into access_rules (role, entity, action, level) values ('head', 'plans', 'read', 'own')`,
    );
    try {
      expect((await headA.request("GET", unitNorms)).statusCode).toBe(404);
      expect((await headA.request("GET", `/api/v1/activity-norms?userId=${fixture.headA.id}`)).statusCode).toBe(200);
    } finally {
      await context.handle.db.execute(sql`delete from access_rules where role = 'head' and entity = 'plans'`);
    }
  });
});
