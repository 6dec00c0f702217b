import { sql } from "drizzle-orm";
import JSZip from "jszip";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture, createUser } from "../../testing/factories";
import { type Client, login, useTestApp } from "../../testing/test-app";
import { importPacing } from "./one-c-exchange.service";
import { exchangeLimits } from "./one-c-exchange-files";
import { buildCommerceMlPackage, type CommerceMlPackageInput } from "./testing/commerceml-fixtures";

const context = useTestApp({ workflowWorker: false, outboxWorker: false });
const url = "/api/v1/integrations/1c/exchange";
let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
let admin: Client;

const basic = (loginName: string, password: string) =>
  `Basic ${Buffer.from(`${loginName}:${password}`).toString("base64")}`;

/** Drives the exchange exactly as 1C's «Обмен с сайтом» does, keeping the cookie checkauth gives. */
class OneC {
  cookie = "";
  constructor(readonly type: "sale" | "catalog" = "sale") {}
  async call(mode: string, extra: { filename?: string; body?: Buffer; method?: "GET" | "POST" } = {}) {
    const query = new URLSearchParams({
      type: this.type,
      mode,
      ...(extra.filename ? { filename: extra.filename } : {}),
    });
    return context.app.inject({
      method: extra.method ?? (extra.body ? "POST" : "GET"),
      url: `${url}?${query}`,
      headers: { cookie: this.cookie, ...(extra.body ? { "content-type": "application/octet-stream" } : {}) },
      ...(extra.body ? { payload: extra.body } : {}),
    });
  }
  async checkauth(authorization = basic("admin-user", "secret-password")) {
    const response = await context.app.inject({
      method: "GET",
      url: `${url}?type=${this.type}&mode=checkauth`,
      headers: { authorization },
    });
    const [status, name, value] = response.body.split("\n");
    if (status === "success") this.cookie = `${name}=${value}`;
    return response;
  }
  /** file in three parts, then import until it stops answering `progress`. */
  async send(name: string, data: Buffer) {
    const third = Math.ceil(data.length / 3);
    for (let start = 0; start < data.length; start += third) {
      const part = await this.call("file", { filename: name, body: data.subarray(start, start + third) });
      expect(part.body).toBe("success");
    }
    const answers: string[] = [];
    for (let calls = 0; calls < 200; calls += 1) {
      const response = await this.call("import", { filename: name });
      answers.push(response.body.split("\n")[0]!);
      if (!response.body.startsWith("progress")) return { last: response.body, answers };
    }
    throw new Error("import never finished");
  }
}

const actualOf = async (userId: string, month: string) =>
  (await admin.request("GET", `/api/v1/cabinet/manager/${userId}?month=${month}&date=${month}-28`)).json()
    .actual as number;

async function snapshot() {
  const [row] = await rows<Record<string, number>>(
    context.handle.db,
    sql`select (select count(*)::int from audit_log) as audit, (select coalesce(sum(version), 0)::int from deals) as versions,
               (select count(*)::int from one_c_orders) as orders, (select count(*)::int from companies) as companies`,
  );
  return row!;
}

const steel = { guid: "a1b2c3d4-0000-4000-8000-000000000001", name: "ТОО «Сталь & Ко»", bin: "940140000385" };
const weld = { guid: "a1b2c3d4-0000-4000-8000-000000000002", name: "ТОО Сварка", bin: "990140004654" };
function salePackage(prefix: string): CommerceMlPackageInput {
  return {
    counterparties: [steel, weld],
    orders: [
      {
        guid: `${prefix}-o1`,
        number: `${prefix}-1`,
        date: "2026-02-03T09:00:00",
        counterpartyGuid: steel.guid,
        amount: "1 500 000,00",
        managerName: "Иванов И.",
      },
      {
        guid: `${prefix}-o2`,
        number: `${prefix}-2`,
        date: "2026-02-04",
        counterpartyGuid: weld.guid,
        amount: "700000.25",
        managerName: "Иванов И.",
      },
      {
        guid: `${prefix}-o3`,
        number: `${prefix}-3`,
        date: "2026-02-05",
        counterpartyGuid: weld.guid,
        amount: "300000",
        managerName: "Иванов И.",
      },
      {
        guid: `${prefix}-o4`,
        number: `${prefix}-4`,
        date: "2026-02-06",
        counterpartyGuid: weld.guid,
        amount: "десять",
      },
    ],
    payments: [
      { guid: `${prefix}-p1`, orderGuid: `${prefix}-o1`, number: "1", date: "2026-02-10", amount: "1500000" },
      { guid: `${prefix}-p2`, orderGuid: `${prefix}-o2`, number: "2", date: "2026-02-11", amount: "700000.25" },
      { guid: `${prefix}-p3`, orderGuid: `${prefix}-o3`, number: "3", date: "2026-02-12", amount: "100000" },
    ],
  };
}

beforeAll(async () => {
  fixture = await createAccessFixture(context.handle.db);
  admin = await login(context.app, "admin-user");
  await admin.request("PUT", "/api/v1/integrations/1c/managers", { name: "Иванов И.", userId: fixture.managerA1.id });
});
afterEach(() => {
  importPacing.batchSize = 1000;
  importPacing.budgetMs = 20_000;
  exchangeLimits.fileLimit = 50 * 1024 * 1024;
});

describe("the CommerceML exchange 1C starts", () => {
  it("refuses missing, wrong and non-administrator credentials", async () => {
    const oneC = new OneC();
    const none = await context.app.inject({ method: "GET", url: `${url}?type=sale&mode=checkauth` });
    expect(none.statusCode).toBe(401);
    expect(none.body.startsWith("failure\n")).toBe(true);
    expect((await oneC.checkauth(basic("admin-user", "wrong-password"))).body).toBe(
      "failure\nНеверный логин или пароль",
    );
    expect((await oneC.checkauth(basic("manager-a1", "secret-password"))).body).toMatch(/^failure\n.*администратор/);
    expect((await oneC.call("init")).body).toMatch(/^failure\n/);
  });

  it("runs the whole protocol on a windows-1251 package: auth, init, three parts, import with progress, query, success", async () => {
    const crmDeal = await admin.request("POST", "/api/v1/deals", {
      title: "Сделка из CRM",
      amount: 5000,
      ownerId: fixture.managerA2.id,
    });
    expect(crmDeal.statusCode).toBe(201);
    const oneC = new OneC();
    expect((await oneC.checkauth()).body).toMatch(/^success\nplanerka_1c\n.+/);
    expect((await oneC.call("init")).body).toBe(`zip=yes\nfile_limit=${exchangeLimits.fileLimit}`);
    importPacing.batchSize = 2;
    importPacing.budgetMs = 0;
    const data = buildCommerceMlPackage(salePackage("win"), { encoding: "windows-1251", layout: "2.05" });
    expect(data.includes(Buffer.from("Сталь"))).toBe(false);
    const { last, answers } = await oneC.send("orders.xml", data);
    expect(last.split("\n")[0]).toBe("success");
    expect(answers.filter((first) => first === "progress").length).toBeGreaterThan(1);

    // Факт: the fully paid posted orders by the payment's month; o3 is paid in part.
    expect(await actualOf(fixture.managerA1.id, "2026-02")).toBe(1500000 + 700000.25);
    const [company] = await rows<{ name: string; count: number }>(
      context.handle.db,
      sql`select max(name) as name, count(*)::int as count from companies where bin = ${steel.bin}`,
    );
    expect(company).toEqual({ name: "ТОО «Сталь & Ко»", count: 1 });
    const [rejection] = await rows<{ reason: string; file_name: string }>(
      context.handle.db,
      sql`select reason, file_name from one_c_rejections where guid = 'win-o4'`,
    );
    expect(rejection!.reason).toContain("Сумма");
    expect(rejection!.file_name).toBe("orders.xml");

    const query = await oneC.call("query");
    expect(query.headers["content-type"]).toContain("xml");
    expect(query.body).toContain("<Номер>");
    expect(query.body).toContain(crmDeal.json().id);
    expect(query.body).not.toContain("win-o1");
    expect((await oneC.call("success")).body).toBe("success");
    const next = new OneC();
    await next.checkauth();
    expect((await next.call("query")).body).not.toContain(crmDeal.json().id);
  });

  it("changes nothing when the same package comes again, zipped and in UTF-8", async () => {
    const before = await snapshot();
    const zip = new JSZip();
    zip.file("orders-1.xml", buildCommerceMlPackage(salePackage("win"), { encoding: "utf-8", layout: "2.10" }));
    const data = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
    const oneC = new OneC();
    await oneC.checkauth();
    const part = await oneC.call("file", { filename: "package.zip", body: data });
    expect(part.body).toBe("success");
    const imported = await oneC.call("import", { filename: "orders-1.xml" });
    expect(imported.body).toMatch(/^success/);
    const after = await snapshot();
    expect(after).toEqual({ ...before, audit: before.audit });
  });

  it("takes the counterparties of a classifier on type=catalog", async () => {
    const oneC = new OneC("catalog");
    expect((await oneC.checkauth()).body).toMatch(/^success/);
    const person = {
      guid: "catalog-person-1",
      name: "Ахметов Нурлан",
      kind: "person" as const,
      phones: ["8 701 555 12 34"],
    };
    const company = { guid: "catalog-company-1", name: "ТОО Каталог", bin: null };
    const data = buildCommerceMlPackage(
      { counterparties: [person, company], classifier: true },
      { encoding: "windows-1251" },
    );
    const { last } = await oneC.send("import.xml", data);
    expect(last).toMatch(/^success/);
    const [contact] = await rows<{ name: string; phones: string[] }>(
      context.handle.db,
      sql`select name, phones from contacts where external_id = 'catalog-person-1'`,
    );
    expect(contact).toEqual({ name: "Ахметов Нурлан", phones: ["+77015551234"] });
    const [made] = await rows<{ name: string }>(
      context.handle.db,
      sql`select name from companies where external_id = 'catalog-company-1'`,
    );
    expect(made!.name).toBe("ТОО Каталог");
    const [session] = await rows<{ kind: string }>(
      context.handle.db,
      sql`select kind from one_c_sessions order by started_at desc limit 1`,
    );
    expect(session!.kind).toBe("catalog");
  });

  it("re-runs a finished session's files on «Повторить», changing nothing already applied", async () => {
    const before = await snapshot();
    const sessions = (await admin.request("GET", "/api/v1/integrations/1c/sessions?limit=100")).json().items;
    const sale = sessions.find((session: { files: { name: string }[] }) =>
      session.files.some((file) => file.name === "orders.xml"),
    );
    const rerun = await admin.request("POST", `/api/v1/integrations/1c/sessions/${sale.id}/rerun`);
    expect(rerun.statusCode).toBe(200);
    const again = (await admin.request("GET", "/api/v1/integrations/1c/sessions?limit=1")).json().items[0];
    expect(again).toMatchObject({ id: rerun.json().id, status: "succeeded" });
    expect(again.counts).toMatchObject({ created: 0, updated: 0, rejected: 1 });
    expect(again.counts.unchanged).toBeGreaterThan(5);
    expect(await snapshot()).toEqual(before);
    const manager = await login(context.app, "head-a");
    expect((await manager.request("POST", `/api/v1/integrations/1c/sessions/${sale.id}/rerun`)).statusCode).toBe(403);
    // After 30 days the files are gone (removed at the next checkauth) and «Повторить» says so.
    await rows(
      context.handle.db,
      sql`update one_c_sessions set finished_at = now() - interval '31 days' where id = ${sale.id}`,
    );
    await new OneC().checkauth();
    const gone = await admin.request("POST", `/api/v1/integrations/1c/sessions/${sale.id}/rerun`);
    expect(gone.statusCode).toBe(409);
  });

  it("refuses unsafe names, DTDs, broken XML, oversized parts and zip bombs, applying nothing", async () => {
    const before = await snapshot();
    const oneC = new OneC();
    await oneC.checkauth();
    for (const name of ["../evil.xml", "a/b.xml", "..\\evil.xml"]) {
      const response = await oneC.call("file", { filename: name, body: Buffer.from("<x/>") });
      expect(response.body).toMatch(/^failure\nНедопустимое имя файла/);
    }
    const laughs = Buffer.from(
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><КоммерческаяИнформация>&lol2;</КоммерческаяИнформация>',
    );
    await oneC.call("file", { filename: "dtd.xml", body: laughs });
    expect((await oneC.call("import", { filename: "dtd.xml" })).body).toMatch(/^failure\n.*DTD/);

    const good = buildCommerceMlPackage(salePackage("broken"), { encoding: "utf-8", layout: "2.05" }).toString("utf8");
    const broken = Buffer.from(good.replace("</Документ>", "</Докумен>"));
    const second = new OneC();
    await second.checkauth();
    await second.call("file", { filename: "broken.xml", body: broken });
    const failure = (await second.call("import", { filename: "broken.xml" })).body;
    expect(failure).toMatch(/^failure\n.*строке \d+, столбце \d+/);
    const [session] = await rows<{ status: string; error: string }>(
      context.handle.db,
      sql`select status, error from one_c_sessions order by started_at desc limit 1`,
    );
    expect(session!.status).toBe("failed");

    exchangeLimits.fileLimit = 100;
    const third = new OneC();
    await third.checkauth();
    const tooBig = await third.call("file", { filename: "big.xml", body: Buffer.alloc(101, 32) });
    expect(tooBig.statusCode).toBe(413);
    exchangeLimits.fileLimit = 50 * 1024 * 1024;

    const bomb = new JSZip();
    bomb.file("orders.xml", Buffer.alloc(20 * 1024 * 1024, 32));
    const bombData = await bomb.generateAsync({
      type: "nodebuffer",
      compression: "DEFLATE",
      compressionOptions: { level: 9 },
    });
    await third.call("file", { filename: "bomb.zip", body: bombData });
    expect((await third.call("import", { filename: "bomb.zip" })).body).toMatch(/^failure\nАрхив bomb.zip отклонён/);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a second exchange while another administrator's is under way, and takes API tokens", async () => {
    const otherAdmin = await createUser(context.handle.db, {
      role: "admin",
      unitId: fixture.rootUnitId,
      login: "second-admin",
    });
    const first = new OneC();
    expect((await first.checkauth()).body).toMatch(/^success/);
    await first.call("init");
    const second = new OneC();
    expect((await second.checkauth(basic("second-admin", "secret-password"))).body).toMatch(/^failure\nОбмен уже идёт/);
    await first.call("success");
    await rows(context.handle.db, sql`update one_c_sessions set status = 'succeeded'`);

    const otherClient = await login(context.app, "second-admin");
    const token = await otherClient.request("POST", "/api/v1/api-tokens", { name: "1C", scopes: ["integrations:1c"] });
    expect(token.statusCode).toBe(201);
    const viaToken = new OneC();
    expect((await viaToken.checkauth(basic("second-admin", token.json().token))).body).toMatch(/^success/);
    expect(otherAdmin.id).toBeTruthy();
  });
});
