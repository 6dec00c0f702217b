import { parse } from "csv-parse/sync";
import { type SQL, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { pageSize } from "./keyset-pages";

type Fixture = Awaited<ReturnType<typeof createAccessFixture>>;

/**
 * An export of a period holds exactly the period's rows, across keyset pages: more deals than a
 * page, many created at the same instant, instants with microseconds, the period's edges at the
 * company's midnight (Almaty), deals created before and closed in it, deleted ones.
 */
describe("an export of a period", () => {
  const context = useTestApp();
  let fixture: Fixture;
  let top: Client;
  let managerA1: Client;
  const query = "from=2025-04-01&to=2025-04-10";
  // The period in the company's zone, written out independently of the export's code.
  const from = "2025-04-01T00:00:00+05:00";
  const to = "2025-04-11T00:00:00+05:00";

  const inPeriod = (column: string) =>
    sql`(${sql.raw(column)} >= ${from}::timestamptz and ${sql.raw(column)} < ${to}::timestamptz)`;
  const expectedNumbers = async (owners: SQL) =>
    (
      await rows<{ number: number }>(
        context.handle.db,
        sql`select number::int as number from deals
            where deleted_at is null and ${owners} and (${inPeriod("created_at")} or ${inPeriod("closed_at")})`,
      )
    )
      .map((row) => row.number)
      .sort((left, right) => left - right);
  const exportedNumbers = async (client: Client) => {
    const response = await client.request("GET", `/api/v1/exports/deals?${query}&format=csv`);
    expect(response.statusCode).toBe(200);
    const records = parse(response.body, { delimiter: ";", bom: true, record_delimiter: "\r\n" }) as string[][];
    return { numbers: records.slice(1).map((record) => Number(record[0])), total: response.headers["x-total-count"] };
  };

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [top, managerA1] = await loginEach(context.app, ["top-user", "manager-a1"]);
    const owners = sql`array[${fixture.managerA1.id}::uuid, ${fixture.managerA2.id}::uuid, ${fixture.managerB1.id}::uuid]`;
    const db = context.handle.db;
    // Twelve thousand deals from 25 March to mid-April, three at each instant, some a few
    // microseconds later; every fourth closes 0–12 days after it was created.
    await db.execute(sql`insert into deals (title, pipeline_id, stage_id, amount, owner_id, created_at, closed_at)
      select 'Период ' || g, s.pipeline_id, s.id, g, (${owners})[1 + g % 3],
             timestamptz '2025-03-25 00:00:00+05' + (g / 3) * interval '466 seconds'
               + case when g % 5 = 0 then interval '17 microseconds' else interval '0' end,
             case when g % 4 = 1 then timestamptz '2025-03-25 00:00:00+05' + (g / 3) * interval '466 seconds'
               + (g % 13) * interval '1 day' end
      from generate_series(1, 12000) g cross join (select id, pipeline_id from stages order by sort limit 1) s`);
    await db.execute(
      sql`update deals set deleted_at = now() where title like 'Период %' and substr(title, 8)::int % 50 = 0`,
    );
    // The edges: the first instant is in, the next midnight and the instant before the first are out.
    await db.execute(sql`insert into deals (title, pipeline_id, stage_id, owner_id, created_at, closed_at)
      select t.title, s.pipeline_id, s.id, ${fixture.managerA1.id}, t.created::timestamptz, t.closed::timestamptz
      from (values ('Край: начало', '2025-04-01T00:00:00+05:00', null),
                   ('Край: конец', '2025-04-11T00:00:00+05:00', null),
                   ('Край: до', '2025-03-31T23:59:59.999999+05:00', null),
                   ('Край: закрыта в конце', '2025-01-10T00:00:00+05:00', '2025-04-10T23:59:59.999999+05:00'),
                   ('Край: закрыта после', '2025-01-10T00:00:00+05:00', '2025-04-11T00:00:00+05:00')) t(title, created, closed)
      cross join (select id, pipeline_id from stages order by sort limit 1) s`);
    // Twelve thousand activities over the same weeks, two at each instant.
    await db.execute(sql`insert into activities (type_id, subject, due_at, owner_id)
      select t.id, 'Дело ' || g, timestamptz '2025-03-28 00:00:00+05' + (g / 2) * interval '200 seconds'
               + case when g % 3 = 0 then interval '3 microseconds' else interval '0' end,
             (${owners})[1 + g % 3]
      from generate_series(1, 12000) g cross join (select id from activity_types order by sort limit 1) t`);
  }, 120_000);

  it("lists each deal created or closed in the period once, and no other, across pages", async () => {
    const expected = await expectedNumbers(sql`true`);
    expect(expected.length).toBeGreaterThan(pageSize);
    const { numbers, total } = await exportedNumbers(top);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect([...numbers].sort((left, right) => left - right)).toEqual(expected);
    expect(Number(total)).toBe(expected.length);
    const [edges] = (await rows<{ numbers: number[] }>(
      context.handle.db,
      sql`select array_agg(number::int order by title) as numbers from deals where title like 'Край:%'`,
    )) as [{ numbers: number[] }];
    // Sorted by title: до, закрыта в конце, закрыта после, конец, начало.
    const [before, closedAtEnd, closedAfter, atEnd, atStart] = edges.numbers;
    expect(numbers).toEqual(expect.arrayContaining([closedAtEnd, atStart]));
    for (const outside of [before, closedAfter, atEnd]) expect(numbers).not.toContain(outside);
  });

  it("gives a manager only their own deals of the period", async () => {
    const { numbers } = await exportedNumbers(managerA1);
    expect([...numbers].sort((left, right) => left - right)).toEqual(
      await expectedNumbers(sql`owner_id = ${fixture.managerA1.id}`),
    );
  });

  it("says the same of each deal in the CSV as in the workbook", async () => {
    const csv = await top.request("GET", `/api/v1/exports/deals?${query}&format=csv`);
    const records = (parse(csv.body, { delimiter: ";", bom: true, record_delimiter: "\r\n" }) as string[][]).slice(1);
    const workbook = new ExcelJS.Workbook();
    const xlsx = await context.app.inject({
      method: "GET",
      url: `/api/v1/exports/deals?${query}&format=xlsx`,
      headers: { cookie: top.cookie },
    });
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    // The workbook's cells written as the CSV writes them: dates as wall-clock text, amounts with a comma.
    const asCsv = (value: ExcelJS.CellValue) =>
      value === null || value === undefined
        ? ""
        : value instanceof Date
          ? value.toISOString().slice(0, 16).replace("T", " ")
          : String(value);
    const fromWorkbook = new Map<string, string[]>();
    for (const sheet of workbook.worksheets.filter((each) => each.name.startsWith("Сделки"))) {
      sheet.eachRow((row, index) => {
        if (index === 1 || typeof row.getCell(1).value !== "number") return;
        const cells = Array.from({ length: 11 }, (_, column) => asCsv(row.getCell(column + 1).value));
        cells[3] = (row.getCell(4).value as number).toFixed(2).replace(".", ",");
        cells[9] = cells[9]!.slice(0, 10);
        fromWorkbook.set(cells[0]!, cells);
      });
    }
    expect(records.length).toBeGreaterThan(pageSize);
    expect(fromWorkbook.size).toBe(records.length);
    for (const record of records) expect(record, record[0]).toEqual(fromWorkbook.get(record[0]!));
  });

  it("writes each activity due in the period once in the workbook", async () => {
    const response = await context.app.inject({
      method: "GET",
      url: `/api/v1/exports/deals?${query}&format=xlsx`,
      headers: { cookie: top.cookie },
    });
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const subjects: string[] = [];
    for (const sheet of workbook.worksheets.filter((each) => each.name.startsWith("Дела"))) {
      sheet.eachRow((row, index) => {
        if (index > 1 && typeof row.getCell(2).value === "string") subjects.push(row.getCell(2).value as string);
      });
    }
    const expected = await rows<{ subject: string }>(
      context.handle.db,
      sql`select subject from activities where deleted_at is null and ${inPeriod("due_at")}`,
    );
    expect(expected.length).toBeGreaterThan(pageSize);
    expect(new Set(subjects).size).toBe(subjects.length);
    expect(subjects.sort()).toEqual(expected.map((row) => row.subject).sort());
  });
});
