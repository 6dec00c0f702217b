import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";

describe("deal exports", () => {
  const context = useTestApp();
  let managerA1: Client;
  let managerA2: Client;
  let headA: Client;
  let headB: Client;
  const today = new Date().toISOString().slice(0, 10);
  const period = `from=2020-01-01&to=${today.slice(0, 4)}-12-31`;

  beforeAll(async () => {
    await createAccessFixture(context.handle.db);
    [managerA1, managerA2, headA, headB] = await loginEach(context.app, [
      "manager-a1",
      "manager-a2",
      "head-a",
      "head-b",
    ]);
    await managerA1.request("POST", "/api/v1/deals", { title: '=HYPERLINK("http://evil")', amount: 10 });
    await managerA1.request("POST", "/api/v1/deals", { title: 'Электроды; партия "А"', amount: 1234.5 });
    await managerA2.request("POST", "/api/v1/deals", { title: "Сделка коллеги", amount: 99 });
    const types = (await managerA1.request("GET", "/api/v1/activity-types")).json().items;
    await managerA1.request("POST", "/api/v1/activities", {
      typeId: types[0].id,
      subject: "+7 701 звонок",
      dueAt: new Date().toISOString(),
    });
  });

  it("exports only what the caller may export, as CSV with formulas made inert", async () => {
    const response = await managerA1.request("GET", `/api/v1/exports/deals?${period}&format=csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("text/csv");
    expect(response.headers["content-disposition"]).toContain("attachment");
    const lines = response.body
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toContain("Сделка");
    expect(lines).toHaveLength(3);
    expect(response.body).not.toContain("Сделка коллеги");
    expect(response.body).toContain(`'=HYPERLINK(""http://evil"")`);
    expect(response.body).toContain(`"Электроды; партия ""А"""`);
  });

  it("exports a head's subtree as a workbook with deals and activities", async () => {
    const response = await context.app.inject({
      method: "GET",
      url: `/api/v1/exports/deals?${period}`,
      headers: { cookie: headA.cookie },
    });
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const deals = workbook.getWorksheet("Сделки")!;
    const titles = deals.getColumn(2).values.slice(2) as string[];
    expect(titles.sort()).toEqual(['\'=HYPERLINK("http://evil")', "Сделка коллеги", 'Электроды; партия "А"'].sort());
    expect(deals.getRow(1).getCell(4).value).toBe("Сумма, ₸");
    const activities = workbook.getWorksheet("Дела")!;
    expect(activities.getRow(2).getCell(2).value).toBe("'+7 701 звонок");
    const sibling = await context.app.inject({
      method: "GET",
      url: `/api/v1/exports/deals?${period}&format=csv`,
      headers: { cookie: headB.cookie },
    });
    expect(
      sibling.body
        .replace(/^\uFEFF/, "")
        .trim()
        .split("\r\n"),
    ).toHaveLength(1);
  });

  it("refuses a backwards or malformed period", async () => {
    expect((await managerA1.request("GET", "/api/v1/exports/deals?from=2026-12-01&to=2026-01-01")).statusCode).toBe(
      422,
    );
    expect((await managerA1.request("GET", "/api/v1/exports/deals?from=yesterday&to=2026-01-01")).statusCode).toBe(400);
    expect((await managerA1.request("GET", `/api/v1/exports/deals?${period}&format=pdf`)).statusCode).toBe(400);
  });
});
