import { dayInTimeZone, exportSelectionLimit } from "@planerka/common";
import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { actorForUser } from "../../platform/auth/authenticate";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { exportDeals } from "./deal-export";
import { tengeFormat } from "./deal-export.columns";

type Fixture = Awaited<ReturnType<typeof createAccessFixture>>;

async function workbookOf(payload: Buffer | Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(payload as unknown as ArrayBuffer);
  return workbook;
}

/** The data rows of a sheet: below the header, down to the first blank row (totals follow it). */
function dataRows(sheet: ExcelJS.Worksheet): ExcelJS.CellValue[][] {
  const result: ExcelJS.CellValue[][] = [];
  for (let index = 2; index <= sheet.rowCount; index += 1) {
    const row = sheet.getRow(index);
    if (!row.hasValues) break;
    result.push((row.values as ExcelJS.CellValue[]).slice(1));
  }
  return result;
}

const csvLines = (body: string) =>
  body
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n");

/** The records of a semicolon CSV, quotes undone. */
const csvRecords = (body: string): string[][] =>
  parse(body, { delimiter: ";", bom: true, record_delimiter: "\r\n" }) as string[][];

describe("deal exports", () => {
  const context = useTestApp();
  let fixture: Fixture;
  let managerA1: Client;
  let managerA2: Client;
  let headA: Client;
  let headB: Client;
  let top: Client;
  let regionHead: Client;
  // The company's day (Almaty): after 19:00 UTC a deal created now is already on tomorrow there.
  const today = dayInTimeZone(new Date(), "Asia/Almaty");
  const period = `from=2020-01-01&to=${today.slice(0, 4)}-12-31`;
  const march = "from=2025-03-01&to=2025-03-31";

  const get = (client: Client, query: string) => client.request("GET", `/api/v1/exports/deals?${query}`);
  const getWorkbook = async (client: Client, query: string) => {
    const response = await context.app.inject({
      method: "GET",
      url: `/api/v1/exports/deals?${query}`,
      headers: { cookie: client.cookie },
    });
    expect(response.statusCode).toBe(200);
    return { response, workbook: await workbookOf(response.rawPayload) };
  };
  /** Titles of the deals the database holds for these owners, read independently of the export. */
  const titlesOf = async (ownerIds: string[]) =>
    (
      await rows<{ title: string }>(
        context.handle.db,
        sql`select title from deals where deleted_at is null and owner_id in (${sql.join(
          ownerIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
      )
    )
      .map((row) => row.title)
      .sort();
  const exportedTitles = (body: string) =>
    csvRecords(body)
      .slice(1)
      .map((record) => record[1]!)
      .sort();
  const asExported = (title: string) => (/^[=+\-@\t\r]/.test(title) ? `'${title}` : title);

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [managerA1, managerA2, headA, headB, top, regionHead] = await loginEach(context.app, [
      "manager-a1",
      "manager-a2",
      "head-a",
      "head-b",
      "top-user",
      "region-head",
    ]);
    await managerA1.request("POST", "/api/v1/deals", { title: '=HYPERLINK("http://evil")', amount: 10 });
    await managerA1.request("POST", "/api/v1/deals", { title: 'Электроды; партия "А"', amount: 1234.5 });
    await managerA2.request("POST", "/api/v1/deals", { title: "Сделка коллеги", amount: 99 });
    for (const title of ["+SUM(1)", "-2+3", "@cmd", "tab", "cr"])
      await managerA2.request("POST", "/api/v1/deals", { title, amount: 1 });
    // Leading tabs and carriage returns are trimmed by the API; a file import or SQL may still hold them.
    await context.handle.db.execute(sql`update deals set title = E'\\tcmd' where title = 'tab'`);
    await context.handle.db.execute(sql`update deals set title = E'\\rcmd' where title = 'cr'`);
    const types = (await managerA1.request("GET", "/api/v1/activity-types")).json().items;
    await managerA1.request("POST", "/api/v1/activities", {
      typeId: types[0].id,
      subject: "+7 701 звонок",
      dueAt: new Date().toISOString(),
    });

    // March 2025 for the totals: won deals closed in and around the month, open deals of any date.
    const stages = (await top.request("GET", "/api/v1/pipelines")).json().items[0].stages as {
      id: string;
      semantic: string;
    }[];
    const won = stages.find((stage) => stage.semantic === "won")!.id;
    const lost = stages.find((stage) => stage.semantic === "lost")!.id;
    const deals = [
      { ownerId: fixture.managerA1.id, stageId: won, amount: 1000.1, closedAt: "2025-03-10T10:00:00Z" },
      { ownerId: fixture.managerA1.id, stageId: won, amount: 0.2, closedAt: "2025-03-31T18:30:00Z" },
      // 28 Feb 20:00 UTC is 1 March in Almaty: in the month.
      { ownerId: fixture.managerA2.id, stageId: won, amount: 500, closedAt: "2025-02-28T20:00:00Z" },
      // 31 March 19:30 UTC is 1 April in Almaty: not in the month.
      { ownerId: fixture.managerA2.id, stageId: won, amount: 7, closedAt: "2025-03-31T19:30:00Z" },
      { ownerId: fixture.managerB1.id, stageId: won, amount: 300.33, closedAt: "2025-03-15T10:00:00Z" },
      { ownerId: fixture.managerB1.id, stageId: lost, amount: 50, closedAt: "2025-03-16T10:00:00Z" },
    ];
    for (const [index, deal] of deals.entries()) {
      const response = await top.request("POST", "/api/v1/deals", { title: `Март ${index}`, ...deal });
      expect(response.statusCode).toBe(201);
    }
  });

  it("exports only what the caller may export, as CSV with formulas made inert", async () => {
    const response = await get(managerA1, `${period}&format=csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("text/csv");
    expect(response.headers["content-disposition"]).toContain("attachment");
    const lines = csvLines(response.body);
    expect(lines[0]).toContain("Сделка");
    expect(lines).toHaveLength(5);
    expect(response.headers["x-total-count"]).toBe("4");
    expect(response.body).not.toContain("Сделка коллеги");
    expect(response.body).toContain(`'=HYPERLINK(""http://evil"")`);
    expect(response.body).toContain(`"Электроды; партия ""А"""`);
  });

  it("makes every formula-like cell inert in both formats", async () => {
    const csv = await get(managerA2, `${period}&format=csv`);
    const titles = exportedTitles(csv.body);
    expect(titles).toEqual(expect.arrayContaining(["'+SUM(1)", "'-2+3", "'@cmd", "'\tcmd", "'\rcmd"]));
    expect(titles.filter((title) => /^[=+\-@\t\r]/.test(title))).toEqual([]);
    const { workbook } = await getWorkbook(managerA2, period);
    const cells = dataRows(workbook.getWorksheet("Сделки")!).map((row) => row[1]);
    expect(cells.length).toBeGreaterThan(5);
    for (const cell of cells) {
      expect(typeof cell).toBe("string");
      expect(cell as string).not.toMatch(/^[=+\-@\t\r]/);
    }
    // An XML reader reads a carriage return in a cell as a line feed.
    expect(cells).toEqual(expect.arrayContaining(["'+SUM(1)", "'-2+3", "'@cmd", "'\tcmd", "'\ncmd"]));
  });

  it("writes a workbook of deals and activities with filters, frozen bold headers, tenge, dates and totals", async () => {
    const { response, workbook } = await getWorkbook(headA, period);
    const deals = workbook.getWorksheet("Сделки")!;
    const rowsOfDeals = dataRows(deals);
    const expected = await titlesOf([fixture.managerA1.id, fixture.managerA2.id, fixture.headA.id]);
    expect(rowsOfDeals.map((row) => row[1]).sort()).toEqual(
      expected.map((title) => asExported(title).replace(/\r/g, "\n")).sort(),
    );
    expect(deals.getRow(1).getCell(4).value).toBe("Сумма, ₸");
    expect(deals.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(deals.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(deals.autoFilter).toBe(`A1:K${rowsOfDeals.length + 1}`);
    expect(deals.getRow(2).getCell(4).numFmt).toBe(tengeFormat);
    expect(deals.getRow(2).getCell(8).value).toBeInstanceOf(Date);
    // The totals row after a blank one: the count and the exact sum of the amounts.
    const totals = deals.getRow(rowsOfDeals.length + 3);
    const [{ count, sum }] = (await rows<{ count: number; sum: string }>(
      context.handle.db,
      sql`select count(*)::int as count, sum(amount)::text as sum from deals
          where owner_id in (${fixture.managerA1.id}::uuid, ${fixture.managerA2.id}::uuid, ${fixture.headA.id}::uuid)`,
    )) as [{ count: number; sum: string }];
    expect(totals.getCell(1).value).toBe("Итого");
    expect(totals.getCell(2).value).toBe(count);
    expect(totals.getCell(4).value).toBe(Number(sum));
    expect(totals.getCell(4).numFmt).toBe(tengeFormat);
    const activities = workbook.getWorksheet("Дела")!;
    expect(activities.getRow(2).getCell(2).value).toBe("'+7 701 звонок");
    expect(activities.getRow(2).getCell(3).value).toBeInstanceOf(Date);
    expect(activities.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(activities.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(activities.autoFilter).toBe("A1:H2");
    expect(Number(response.headers["x-total-count"])).toBe(count + 1);
    const sibling = await get(headB, `${period}&format=csv`);
    expect(exportedTitles(sibling.body)).toEqual(
      (await titlesOf([fixture.managerB1.id, fixture.headB.id])).map(asExported).sort(),
    );
  });

  it("exports exactly the chosen employees and units, single or repeated", async () => {
    const cases: [string, string[]][] = [
      [`ownerId=${fixture.managerA1.id}&ownerId=${fixture.managerB1.id}`, [fixture.managerA1.id, fixture.managerB1.id]],
      [
        `unitId=${fixture.departmentB}&ownerId=${fixture.managerA2.id}`,
        [fixture.managerB1.id, fixture.headB.id, fixture.managerA2.id],
      ],
      [`unitId=${fixture.departmentA}`, [fixture.managerA1.id, fixture.managerA2.id, fixture.headA.id]],
      [
        `unitId=${fixture.departmentA}&unitId=${fixture.departmentB}&ownerId=${fixture.managerA1.id}`,
        [fixture.managerA1.id, fixture.managerA2.id, fixture.headA.id, fixture.managerB1.id, fixture.headB.id],
      ],
    ];
    for (const [selection, owners] of cases) {
      const response = await get(top, `${period}&format=csv&${selection}`);
      expect(response.statusCode, selection).toBe(200);
      const expected = (await titlesOf(owners)).map(asExported).sort();
      expect(exportedTitles(response.body), selection).toEqual(expected);
    }
    // The region's head reaches both departments; a whole-region choice equals the two of them.
    const region = await get(regionHead, `${period}&format=csv&unitId=${fixture.regionId}`);
    const both = await get(
      regionHead,
      `${period}&format=csv&unitId=${fixture.departmentA}&unitId=${fixture.departmentB}`,
    );
    expect(region.statusCode).toBe(200);
    expect(exportedTitles(region.body)).toEqual(exportedTitles(both.body));
  });

  it("answers 404 with no data when a head chooses a unit or employee outside their subtree", async () => {
    const stranger = "00000000-0000-4000-8000-000000000000";
    for (const selection of [
      `unitId=${fixture.departmentB}`,
      `unitId=${fixture.regionId}`,
      `ownerId=${fixture.managerB1.id}`,
      `ownerId=${fixture.managerA1.id}&ownerId=${fixture.managerB1.id}`,
      `unitId=${fixture.departmentA}&ownerId=${fixture.top.id}`,
      `ownerId=${stranger}`,
      `unitId=${stranger}`,
    ]) {
      for (const format of ["csv", "xlsx"]) {
        const response = await get(headA, `${period}&format=${format}&${selection}`);
        expect(response.statusCode, selection).toBe(404);
        expect(response.headers["content-type"]).toContain("application/problem+json");
        expect(response.headers["content-disposition"]).toBeUndefined();
        expect(response.body).not.toMatch(/Сделка|Март|HYPERLINK|Электроды/);
      }
    }
    // A manager may export only their own deals: choosing themselves works, a colleague is 404.
    expect((await get(managerA1, `${period}&format=csv&ownerId=${fixture.managerA1.id}`)).statusCode).toBe(200);
    expect((await get(managerA1, `${period}&format=csv&ownerId=${fixture.managerA2.id}`)).statusCode).toBe(404);
    expect((await get(managerA1, `${period}&format=csv&unitId=${fixture.departmentA}`)).statusCode).toBe(404);
  });

  it("gives per-owner totals equal to the cabinet's figures for the same month", async () => {
    const owners = [fixture.managerA1, fixture.managerA2, fixture.managerB1];
    const { workbook } = await getWorkbook(top, `${march}&${owners.map((owner) => `ownerId=${owner.id}`).join("&")}`);
    const summary = dataRows(workbook.getWorksheet("Итоги")!);
    expect(summary).toHaveLength(owners.length);
    let won = 0;
    for (const owner of owners) {
      const cabinet = (await top.request("GET", `/api/v1/cabinet/manager/${owner.id}?month=2025-03`)).json();
      const row = summary.find((entry) => entry[0] === cabinet.user.name)!;
      expect(row, cabinet.user.name).toBeDefined();
      expect(row[2]).toBe(cabinet.actual);
      expect(row[3]).toBe(cabinet.dealsInWork.count);
      expect(row[4]).toBe(cabinet.dealsInWork.amount);
      won += cabinet.actual;
    }
    expect(summary.map((row) => row[2])).toEqual(expect.arrayContaining([1000.3, 500, 300.33]));
    const sheet = workbook.getWorksheet("Итоги")!;
    expect(sheet.getRow(summary.length + 3).getCell(3).value).toBeCloseTo(won, 2);
    // The month's deals sheet: closed in the month in the company's zone, not the April one.
    const deals = dataRows(workbook.getWorksheet("Сделки")!).map((row) => row[1]);
    expect(deals.sort()).toEqual(["Март 0", "Март 1", "Март 2", "Март 4", "Март 5"]);
  });

  it("continues a full sheet on «Сделки (2)», «Дела (2)»", async () => {
    const types = (await managerA2.request("GET", "/api/v1/activity-types")).json().items;
    for (let index = 0; index < 6; index += 1) {
      const response = await managerA2.request("POST", "/api/v1/activities", {
        typeId: types[0].id,
        subject: `Звонок ${index}`,
        dueAt: new Date(Date.now() - index * 60_000).toISOString(),
      });
      expect(response.statusCode).toBe(201);
    }
    const actor = await actorForUser(context.handle.db, fixture.top.id);
    const stream = exportDeals(
      context.handle.db,
      actor,
      { from: "2020-01-01", to: `${today.slice(0, 4)}-12-31`, format: "xlsx" },
      { timeZone: "Asia/Almaty", rowsPerSheet: 5 },
    );
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const workbook = await workbookOf(Buffer.concat(chunks));
    const [{ count }] = (await rows<{ count: number }>(
      context.handle.db,
      sql`select count(*)::int as count from deals where deleted_at is null`,
    )) as [{ count: number }];
    const dealSheets = workbook.worksheets.filter((sheet) => sheet.name.startsWith("Сделки"));
    // Two data rows a sheet: a header above them, and room for the totals below on the last.
    expect(dealSheets.map((sheet) => sheet.name)).toEqual(
      Array.from({ length: Math.ceil(count / 2) }, (_, index) => (index === 0 ? "Сделки" : `Сделки (${index + 1})`)),
    );
    for (const sheet of dealSheets) {
      expect(sheet.rowCount).toBeLessThanOrEqual(5);
      expect(sheet.getRow(1).getCell(2).value).toBe("Сделка");
    }
    const numbers = dealSheets.flatMap((sheet) => dataRows(sheet).map((row) => row[0]));
    expect(numbers).toHaveLength(count);
    expect(new Set(numbers).size).toBe(count);
    expect(
      dealSheets
        .at(-1)!
        .getRow(dataRows(dealSheets.at(-1)!).length + 3)
        .getCell(2).value,
    ).toBe(count);
    // Four data rows a sheet of activities: 7 activities fill «Дела» and «Дела (2)».
    const activitySheets = workbook.worksheets.filter((sheet) => sheet.name.startsWith("Дела"));
    expect(activitySheets.map((sheet) => sheet.name)).toEqual(["Дела", "Дела (2)"]);
    expect(activitySheets.map((sheet) => dataRows(sheet).length)).toEqual([4, 3]);
    expect(activitySheets[1]!.autoFilter).toBe("A1:H4");
    expect(workbook.worksheets.map((sheet) => sheet.name)).toContain("Итоги");
  });

  it("writes no formula in any text column: names, stages, types, sources, subjects and results", async () => {
    const formulaLike = /^[=+\-@\t\r]/;
    const company = (await managerA1.request("POST", "/api/v1/companies", { name: "=cmd|' /C calc'!A0" })).json();
    const contact = (
      await managerA1.request("POST", "/api/v1/contacts", { name: "+7 контакт", companyId: company.id })
    ).json();
    const deal = (
      await managerA1.request("POST", "/api/v1/deals", {
        title: "Формулы в каждой колонке",
        source: "-источник",
        amount: 5,
        companyId: company.id,
        contactId: contact.id,
      })
    ).json();
    const types = (await managerA1.request("GET", "/api/v1/activity-types")).json().items;
    const now = new Date().toISOString();
    const activity = await managerA1.request("POST", "/api/v1/activities", {
      typeId: types[1].id,
      subject: '=HYPERLINK("http://evil","x")',
      dueAt: now,
      completedAt: now,
      result: "@SUM(A1)",
      dealId: deal.id,
      companyId: company.id,
    });
    expect(activity.statusCode).toBe(201);
    // Names the API keeps elsewhere (the directory, the settings) are changed in the database here.
    await context.handle.db.execute(sql`update users set name = '=' || name where id = ${fixture.managerA1.id}`);
    await context.handle.db.execute(sql`update units set name = '-' || name where id = ${fixture.departmentA}`);
    await context.handle.db.execute(sql`update stages set name = '+' || name where id = ${deal.stage.id}`);
    await context.handle.db.execute(sql`update activity_types set name = '@' || name where id = ${types[1].id}`);
    const [names] = (await rows<{ owner: string; unit: string; stage: string; type: string }>(
      context.handle.db,
      sql`select (select name from users where id = ${fixture.managerA1.id}) as owner,
                 (select name from units where id = ${fixture.departmentA}) as unit,
                 (select name from stages where id = ${deal.stage.id}) as stage,
                 (select name from activity_types where id = ${types[1].id}) as type`,
    )) as [{ owner: string; unit: string; stage: string; type: string }];

    const { workbook } = await getWorkbook(managerA1, period);
    const texts: string[] = [];
    for (const sheet of workbook.worksheets)
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type, `${sheet.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
          expect(cell.formula, `${sheet.name}!${cell.address}`).toBeUndefined();
          if (typeof cell.value === "string") {
            expect(cell.type, `${sheet.name}!${cell.address}`).toBe(ExcelJS.ValueType.String);
            expect(cell.value, `${sheet.name}!${cell.address}`).not.toMatch(formulaLike);
            texts.push(cell.value);
          }
        }),
      );
    const [dealRow] = dataRows(workbook.getWorksheet("Сделки")!).filter((row) => row[1] === "Формулы в каждой колонке");
    expect(dealRow!.slice(1, 7)).toEqual([
      "Формулы в каждой колонке",
      `'${names.stage}`,
      5,
      "'=cmd|' /C calc'!A0",
      "'+7 контакт",
      `'${names.owner}`,
    ]);
    expect(dealRow![10]).toBe("'-источник");
    const [activityRow] = dataRows(workbook.getWorksheet("Дела")!).filter(
      (row) => row[1] === `'=HYPERLINK("http://evil","x")`,
    );
    expect([activityRow![0], activityRow![4], activityRow![5], activityRow![6], activityRow![7]]).toEqual([
      `'${names.type}`,
      "'@SUM(A1)",
      `'${names.owner}`,
      "Формулы в каждой колонке",
      "'=cmd|' /C calc'!A0",
    ]);
    const summary = dataRows(workbook.getWorksheet("Итоги")!).find((row) => row[0] === `'${names.owner}`);
    expect(summary?.[1]).toBe(`'${names.unit}`);

    // CSV: the same cells with the quote; amounts stay plain numbers, with a decimal comma.
    const csv = csvRecords((await get(managerA1, `${period}&format=csv`)).body);
    for (const record of csv) for (const field of record) expect(field).not.toMatch(formulaLike);
    const csvDeal = csv.find((record) => record[1] === "Формулы в каждой колонке")!;
    expect([csvDeal[2], csvDeal[3], csvDeal[4], csvDeal[5], csvDeal[6], csvDeal[10]]).toEqual([
      `'${names.stage}`,
      "5,00",
      "'=cmd|' /C calc'!A0",
      "'+7 контакт",
      `'${names.owner}`,
      "'-источник",
    ]);
  });

  it("refuses bad input with 400 naming the field", async () => {
    const pathsOf = async (query: string) => {
      const response = await get(managerA1, query);
      expect(response.statusCode, query).toBe(400);
      return (response.json().errors as { path: string }[]).map((error) => error.path);
    };
    expect(await pathsOf("from=2026-12-01&to=2026-01-01")).toContain("query.to");
    expect(await pathsOf("from=yesterday&to=2026-01-01")).toContain("query.from");
    expect((await pathsOf(`${period}&format=pdf`))[0]).toMatch(/^query\.format/);
    expect((await pathsOf(`${period}&ownerId=not-a-uuid`))[0]).toMatch(/^query\.ownerId/);
    expect((await pathsOf(`${period}&ownerId=${fixture.managerA1.id}&ownerId=42`))[0]).toMatch(/^query\.ownerId/);
    const many = Array.from(
      { length: exportSelectionLimit + 1 },
      (_, index) => `unitId=00000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
    ).join("&");
    expect((await pathsOf(`${period}&${many}`))[0]).toMatch(/^query\.unitId/);
  });
});
