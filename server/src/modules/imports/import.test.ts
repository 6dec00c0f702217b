import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { holdAdvisoryLock, rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { multipart as formData } from "../../testing/multipart";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { declareSize, workbookWith } from "../../testing/xlsx-archives";
import { resumeInterruptedImports, waitForImports } from "./import-runner";

function multipart(fields: Record<string, string>, file: { name: string; data: Buffer; type: string }) {
  const boundary = "----planerka-test-boundary";
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
    ),
    file.data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(parts), headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

const companiesCsv = [
  "Код 1С;Наименование;БИН;Телефон;Город;Ответственный",
  "GUID-1;ТОО «Альфа Сварка»;940140000385;8 701 555 12 34;Алматы;",
  "GUID-2;ТОО «Бета Металл»;990140004654;+7 702 111 22 33;Астана;manager-a2",
  "GUID-3;ТОО «Гамма»;123456789012;;Тараз;",
  "GUID-4;ТОО «Дельта»;;;Шымкент;manager-b1",
].join("\n");

describe("imports", () => {
  const context = useTestApp();
  let headA: Client;
  let managerA1: Client;

  beforeAll(async () => {
    await createAccessFixture(context.handle.db);
    [headA, managerA1] = await loginEach(context.app, ["head-a", "manager-a1"]);
  });

  const upload = async (client: Client, entity: string, name: string, data: Buffer, type = "text/csv") => {
    const body = multipart({ entity }, { name, data, type });
    return context.app.inject({
      method: "POST",
      url: "/api/v1/imports",
      payload: body.payload,
      headers: { ...body.headers, cookie: client.cookie },
    });
  };
  const importPlans = (name: string, data: Buffer) => {
    const body = formData({}, { name, data, type: "application/octet-stream" });
    return headA.request("POST", "/api/v1/plans/import", body.payload, body.headers);
  };
  const runToEnd = async (client: Client, name: string, data: Buffer, entity = "companies", type?: string) => {
    const uploaded = await upload(client, entity, name, data, type);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const job = uploaded.json();
    const started = await client.request("POST", `/api/v1/imports/${job.id}/start`, { mapping: job.suggestedMapping });
    expect(started.statusCode, started.body).toBe(202);
    await waitForImports();
    return (await client.request("GET", `/api/v1/imports/${job.id}`)).json();
  };

  it("previews a CSV with a suggested mapping from Russian headers", async () => {
    const response = await upload(headA, "companies", "clients.csv", Buffer.from(companiesCsv));
    expect(response.statusCode).toBe(201);
    const job = response.json();
    expect(job).toMatchObject({
      status: "uploaded",
      total: 4,
      columns: ["Код 1С", "Наименование", "БИН", "Телефон", "Город", "Ответственный"],
    });
    expect(job.suggestedMapping).toEqual({
      "Код 1С": "externalId",
      Наименование: "name",
      БИН: "bin",
      Телефон: "phones",
      Город: "city",
      Ответственный: "ownerLogin",
    });
    expect(job.sampleRows[0][1]).toBe("ТОО «Альфа Сварка»");
  });

  it("imports within the importer's scope, reports bad rows, and changes nothing the second time", async () => {
    const first = await runToEnd(headA, "clients.csv", Buffer.from(companiesCsv));
    expect(first).toMatchObject({ status: "done", processed: 4, created: 2, updated: 0, unchanged: 0, failed: 2 });
    expect(first.errors.map((error: { row: number }) => error.row)).toEqual([4, 5]);
    // A stable code and the field for the web app to translate, and English for API users.
    expect(first.errors[0]).toMatchObject({
      row: 4,
      field: "bin",
      code: "invalidBin",
      params: { value: "123456789012" },
    });
    expect(first.errors[0].message).toMatch(/^bin: /);
    expect(first.errors[1]).toMatchObject({
      row: 5,
      field: "ownerLogin",
      code: "unknownOwner",
      params: { value: "manager-b1" },
    });
    const imported = await rows<{ name: string; phones: string[]; owner: string }>(
      context.handle.db,
      sql`select c.name, c.phones, u.login as owner from companies c join users u on u.id = c.owner_id where c.external_id like 'GUID-%' order by c.external_id`,
    );
    expect(imported).toEqual([
      { name: "ТОО «Альфа Сварка»", phones: ["+77015551234"], owner: "head-a" },
      { name: "ТОО «Бета Металл»", phones: ["+77021112233"], owner: "manager-a2" },
    ]);
    const second = await runToEnd(headA, "clients.csv", Buffer.from(companiesCsv));
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 2, failed: 2 });
    const changed = companiesCsv.replace("Алматы", "Алматы, Медеуский район");
    const third = await runToEnd(headA, "clients.csv", Buffer.from(changed));
    expect(third).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    const [{ count }] = (await rows<{ count: number }>(
      context.handle.db,
      sql`select count(*)::int as count from companies where external_id like 'GUID-%'`,
    )) as [{ count: number }];
    expect(count).toBe(2);
  });

  it("imports deals from an XLSX workbook, linking companies and applying the close-date rule", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Заказы");
    sheet.addRow(["Код 1С", "Сделка", "Сумма", "Этап", "Код компании", "Дата закрытия"]);
    sheet.addRow(["ORDER-1", "Электроды ОК 46.00", "1 250 000,50", "Успешно", "GUID-1", "31.10.2026"]);
    sheet.addRow(["ORDER-2", "Проволока ER70S-6", 480000, "Переговоры", "GUID-1", ""]);
    sheet.addRow(["ORDER-3", "Неизвестный этап", 1, "Космос", "", ""]);
    const data = Buffer.from(await workbook.xlsx.writeBuffer());
    const uploaded = (
      await upload(
        headA,
        "deals",
        "orders.xlsx",
        data,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      )
    ).json();
    expect(uploaded.suggestedMapping).toMatchObject({
      "Код 1С": "externalId",
      Сделка: "title",
      Сумма: "amount",
      Этап: "stage",
      "Код компании": "companyExternalId",
      "Дата закрытия": "closedAt",
    });
    await headA.request("POST", `/api/v1/imports/${uploaded.id}/start`, { mapping: uploaded.suggestedMapping });
    await waitForImports();
    const job = (await headA.request("GET", `/api/v1/imports/${uploaded.id}`)).json();
    expect(job).toMatchObject({ created: 2, failed: 1 });
    expect(job.errors).toEqual([
      {
        row: 4,
        field: "stage",
        code: "unknownStage",
        params: { value: "Космос" },
        message: 'stage: no stage "Космос"',
      },
    ]);
    const deals = (await headA.request("GET", "/api/v1/deals?sort=number&limit=10")).json().items;
    const won = deals.find((deal: { title: string }) => deal.title === "Электроды ОК 46.00");
    expect(won).toMatchObject({
      amount: 1_250_000.5,
      closedAt: "2026-10-30T19:00:00.000Z",
      company: { name: "ТОО «Альфа Сварка»" },
    });
    expect(won.stage.semantic).toBe("won");
    expect(deals.find((deal: { title: string }) => deal.title === "Проволока ER70S-6").closedAt).toBeNull();
    // The same workbook again changes nothing: the won deal's close day compares equal to the stored one.
    const again = await runToEnd(
      headA,
      "orders.xlsx",
      data,
      "deals",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, failed: 1 });
    expect((await headA.request("GET", `/api/v1/deals/${won.id}`)).json().version).toBe(won.version);
  });

  it("keeps jobs personal and validates the mapping", async () => {
    const job = (await upload(headA, "companies", "c.csv", Buffer.from(companiesCsv))).json();
    expect((await managerA1.request("GET", `/api/v1/imports/${job.id}`)).statusCode).toBe(404);
    expect((await managerA1.request("POST", `/api/v1/imports/${job.id}/start`, { mapping: {} })).statusCode).toBe(404);
    const missingName = await headA.request("POST", `/api/v1/imports/${job.id}/start`, { mapping: { БИН: "bin" } });
    expect(missingName.statusCode).toBe(422);
    const twice = await headA.request("POST", `/api/v1/imports/${job.id}/start`, {
      mapping: { Наименование: "name", БИН: "name" },
    });
    expect(twice.statusCode).toBe(422);
    expect((await upload(headA, "companies", "virus.exe", Buffer.from("MZ"))).statusCode).toBe(422);
    expect((await upload(headA, "planets", "c.csv", Buffer.from(companiesCsv))).statusCode).toBe(422);
  });

  it("refuses a header of 16,000 columns quickly with a 422, on both import routes", async () => {
    const wide = Buffer.from(`${Array.from({ length: 16_000 }, () => "a").join(",")}\n1\n`);
    const started = performance.now();
    const response = await upload(managerA1, "companies", "wide.csv", wide);
    expect(response.statusCode, response.body).toBe(422);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    expect(response.json().errors[0]).toMatchObject({ path: "file", code: "tooManyColumns", params: { max: 500 } });
    const plans = await importPlans("wide.csv", wide);
    expect(plans.statusCode, plans.body).toBe(422);
    expect(plans.json().errors[0].code).toBe("tooManyColumns");
    // Numbering 16,000 equal names took seconds of a blocked event loop; refusing them takes little.
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it("refuses a CSV with a NUL byte with a 422 naming the row", async () => {
    const response = await upload(managerA1, "companies", "nul.csv", Buffer.from("name\nАльфа\nБе\u0000та\n"));
    expect(response.statusCode, response.body).toBe(422);
    expect(response.json().errors[0]).toMatchObject({ path: "file", code: "nulByte", params: { row: 3 } });
  });

  it("refuses zip bombs and giant cells, and keeps job listings small", async () => {
    const xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    const zeros = await workbookWith({ "xl/media/image1.png": Buffer.alloc(8 * 1024 ** 2) });
    const bomb = await upload(managerA1, "companies", "bomb.xlsx", zeros, xlsx);
    expect(bomb.statusCode, bomb.body).toBe(422);
    expect(bomb.json().errors[0]).toMatchObject({ code: "unsafeArchive", params: { entry: "xl/media/image1.png" } });
    const declared = declareSize(await workbookWith({ "xl/media/image1.png": "x" }), "xl/media/image1.png", 1024 ** 3);
    expect((await upload(managerA1, "companies", "gig.xlsx", declared, xlsx)).statusCode).toBe(422);
    const giant = await workbookWith({}, [["x".repeat(40_000), "Тараз"]]);
    const refused = await upload(managerA1, "companies", "giant.xlsx", giant, xlsx);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().errors[0]).toMatchObject({ code: "cellTooLong", params: { row: 3 } });
    const plans = await importPlans("plans.xlsx", zeros);
    expect(plans.statusCode, plans.body).toBe(422);

    // A long cell within the limit is imported, but its preview is cut and the list carries no previews.
    const wideRows = [["Наименование", "Город"], ...Array.from({ length: 10 }, () => ["y".repeat(30_000), "Тараз"])];
    const long = await upload(
      managerA1,
      "companies",
      "long.csv",
      Buffer.from(wideRows.map((row) => row.join(";")).join("\n")),
    );
    expect(long.statusCode, long.body).toBe(201);
    expect(long.json().sampleRows[0][0]).toHaveLength(100);
    expect(long.json().total).toBe(10);
    const list = await managerA1.request("GET", "/api/v1/imports");
    expect(list.body.length).toBeLessThan(20_000);
    expect(list.json().items[0]).toMatchObject({ fileName: "long.csv", total: 10, sampleRows: [], columns: [] });
  });

  it("resumes an interrupted import where it stopped, without duplicates", async () => {
    const lines = ["externalId;name", ...Array.from({ length: 2_500 }, (_, index) => `BULK-${index};Клиент ${index}`)];
    const job = (await upload(managerA1, "companies", "bulk.csv", Buffer.from(lines.join("\n")))).json();
    // As if the process had been killed after committing the first batch: its rows and progress are
    // in the database, the job still says running, and its claim has gone stale.
    await context.handle.db.execute(
      sql`insert into companies (name, external_id, owner_id)
          select 'Клиент ' || n, 'BULK-' || n, u.id from generate_series(0, 999) n, users u where u.login = 'manager-a1'`,
    );
    await context.handle.db.execute(
      sql`update import_jobs set status = 'running', mapping = ${JSON.stringify({ externalId: "externalId", name: "name" })}::jsonb,
            processed = 1000, created = 1000, claimed_at = now() - interval '10 minutes' where id = ${job.id}`,
    );
    await resumeInterruptedImports(context.handle.db);
    await waitForImports();
    const done = (await managerA1.request("GET", `/api/v1/imports/${job.id}`)).json();
    // Resumed at row 1,001: nothing was read twice (a restart from the top would count 1,000 unchanged).
    expect(done).toMatchObject({ status: "done", processed: 2_500, created: 2_500, unchanged: 0 });
    const [{ count }] = (await rows<{ count: number }>(
      context.handle.db,
      sql`select count(*)::int as count from companies where external_id like 'BULK-%'`,
    )) as [{ count: number }];
    expect(count).toBe(2_500);
  });

  // On a server the runner's claim is an advisory lock on a connection of its own; the embedded
  // engine belongs to one process, where the in-process registry does the same job.
  it.skipIf(!process.env.TEST_DATABASE_URL)(
    "leaves a job alone while another process's runner holds it, and takes it over once that one is gone",
    async () => {
      const lines = ["externalId;name", ...Array.from({ length: 10 }, (_, index) => `HELD-${index};Клиент ${index}`)];
      const job = (await upload(managerA1, "companies", "held.csv", Buffer.from(lines.join("\n")))).json();
      await context.handle.db.execute(
        sql`update import_jobs set status = 'running', mapping = ${JSON.stringify({ externalId: "externalId", name: "name" })}::jsonb
            where id = ${job.id}`,
      );
      const release = await holdAdvisoryLock(context.handle.db, `import:${job.id}`);
      expect(release).not.toBeNull();
      await resumeInterruptedImports(context.handle.db);
      await waitForImports();
      expect((await managerA1.request("GET", `/api/v1/imports/${job.id}`)).json()).toMatchObject({
        status: "running",
        processed: 0,
      });
      await release!();
      await resumeInterruptedImports(context.handle.db);
      await waitForImports();
      expect((await managerA1.request("GET", `/api/v1/imports/${job.id}`)).json()).toMatchObject({
        status: "done",
        created: 10,
      });
    },
  );
});
