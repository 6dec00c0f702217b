import { beforeAll, describe, expect, it } from "vitest";
import { createGroup } from "../../modules/chat/chat-test-kit";
import { createAccessFixture } from "../../testing/factories";
import { multipart } from "../../testing/multipart";
import { type Client, login, useTestApp } from "../../testing/test-app";
import { chatMessages, deals, pipelines, plans, units, users } from "../db/schema";

describe("hostile input", () => {
  const context = useTestApp();
  let admin: Client;
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    admin = await login(context.app, "admin-user");
  });
  const raw = (method: "POST" | "PATCH", url: string, payload: string, contentType = "application/json") =>
    context.app.inject({ method, url, payload, headers: { cookie: admin.cookie, "content-type": contentType } });

  it("answers broken JSON, wrong content types, huge and polluted bodies with a 4xx problem and stores nothing", async () => {
    const before = {
      units: await context.handle.db.select().from(units),
      users: await context.handle.db.select().from(users),
    };
    const cases = [
      await raw("POST", "/api/v1/units", "{not json"),
      await raw("POST", "/api/v1/units", "name=x", "application/x-www-form-urlencoded"),
      await raw(
        "POST",
        "/api/v1/units",
        JSON.stringify({ name: "x".repeat(2_000_000), kind: "city", parentId: fixture.regionId }),
      ),
      await raw(
        "POST",
        "/api/v1/units",
        `{"name":"x","kind":"city","parentId":"${fixture.regionId}","__proto__":{"admin":true}}`,
      ),
      await raw(
        "POST",
        "/api/v1/units",
        `{"name":"x","kind":"city","parentId":"${fixture.regionId}","constructor":{"prototype":{"admin":true}}}`,
      ),
      await raw("POST", "/api/v1/units", JSON.stringify({ name: ["array"], kind: 5, parentId: { $ne: null } })),
      await raw(
        "POST",
        "/api/v1/users",
        JSON.stringify({
          login: "x'; drop table users; --",
          password: "pass-1234",
          name: "x",
          role: "manager",
          unitId: fixture.departmentA,
        }),
      ),
      await raw(
        "POST",
        "/api/v1/units",
        JSON.stringify({ name: "x".repeat(201), kind: "city", parentId: fixture.regionId }),
      ),
      await raw("POST", "/api/v1/units", "[]"),
      await raw("POST", "/api/v1/units", "null"),
    ];
    for (const response of cases) {
      expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, response.body).toBeLessThan(500);
      expect(response.headers["content-type"]).toContain("application/problem+json");
      expect(response.body).not.toMatch(/at .*\.ts:\d+/);
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(await context.handle.db.select().from(units)).toEqual(before.units);
    expect(await context.handle.db.select().from(users)).toEqual(before.users);
  });

  it("stores script in names as inert text and returns it as JSON, never as HTML", async () => {
    const name = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const created = await admin.request("POST", "/api/v1/units", { name, kind: "city", parentId: fixture.regionId });
    expect(created.statusCode).toBe(201);
    expect(created.headers["content-type"]).toContain("application/json");
    expect(created.json().name).toBe(name);
  });

  it("keeps SQL out of sort and filter fields", async () => {
    const attempts = [
      "/api/v1/users?sort=name;drop%20table%20users",
      "/api/v1/users?unitId=1%20or%201=1",
      "/api/v1/users?role=admin'--",
      "/api/v1/users?limit=-1",
      "/api/v1/users?offset=abc",
    ];
    for (const url of attempts) expect((await admin.request("GET", url)).statusCode).toBe(400);
    const quoted = await admin.request("GET", `/api/v1/users?q=${encodeURIComponent("' or 1=1 --")}`);
    expect(quoted.statusCode).toBe(200);
    expect(quoted.json().total).toBe(0);
  });

  /** A 400 problem whose errors name exactly `paths`. */
  const expectBadRequestNaming = (response: { statusCode: number; body: string; headers: object }, paths: string[]) => {
    expect(response.statusCode, response.body).toBe(400);
    expect((response.headers as Record<string, string>)["content-type"]).toContain("application/problem+json");
    const named = new Set<string>(JSON.parse(response.body).errors.map((error: { path: string }) => error.path));
    expect([...named].sort()).toEqual(paths.sort());
  };

  it("refuses a NUL byte in list filters with a 400 naming the parameter", async () => {
    const cases: [string, string[]][] = [
      ["/api/v1/deals?q=%00", ["query.q"]],
      ["/api/v1/deals?city=a%00&source=%00b", ["query.city", "query.source"]],
      ["/api/v1/companies?q=x%00y&city=%00", ["query.q", "query.city"]],
      ["/api/v1/leads?source=%00", ["query.source"]],
      ["/api/v1/contacts?q=%00", ["query.q"]],
      ["/api/v1/companies/duplicates?bin=%00&email=a%00%40b.kz", ["query.bin", "query.email"]],
      ["/api/v1/users?q=%00", ["query.q"]],
      ["/api/v1/tasks?q=%00", ["query.q"]],
    ];
    for (const [url, paths] of cases) expectBadRequestNaming(await admin.request("GET", url), paths);
  });

  it("refuses a NUL byte in body text, nested or not, with a 400 naming the field and stores nothing", async () => {
    const before = {
      units: await context.handle.db.select().from(units),
      pipelines: await context.handle.db.select().from(pipelines),
    };
    const unit = { name: "Отдел\u0000продаж", kind: "city", parentId: fixture.regionId };
    expectBadRequestNaming(await admin.request("POST", "/api/v1/units", unit), ["body.name"]);
    expectBadRequestNaming(
      await admin.request("PATCH", `/api/v1/units/${fixture.departmentA}`, { name: "\u0000", version: 1 }),
      ["body.name"],
    );
    const stage = (name: string, semantic: string) => ({ name, color: "#228be6", semantic });
    const pipeline = {
      name: "Воронка",
      stages: [stage("Новая", "open"), stage("Выиграна\u0000", "won"), stage("x", "lost")],
    };
    expectBadRequestNaming(await admin.request("POST", "/api/v1/pipelines", pipeline), ["body.stages.1.name"]);
    expect(await context.handle.db.select().from(units)).toEqual(before.units);
    expect(await context.handle.db.select().from(pipelines)).toEqual(before.pipelines);
  });

  it("refuses a NUL byte in a multipart text field with a 400 naming it", async () => {
    const chat = await createGroup(admin, "Файлы", [fixture.managerA1.id]);
    const before = await context.handle.db.select().from(chatMessages);
    const upload = multipart({ body: "подпись\u0000" }, { name: "a.txt", data: Buffer.from("x"), type: "text/plain" });
    const response = await admin.request("POST", `/api/v1/chats/${chat.id}/files`, upload.payload, upload.headers);
    expectBadRequestNaming(response, ["body.body"]);
    expect(await context.handle.db.select().from(chatMessages)).toEqual(before);
  });

  it("refuses a NUL byte in a login with a 400 naming the field", async () => {
    const response = await context.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { login: "a\u0000b", password: "x" },
    });
    expectBadRequestNaming(response, ["body.login"]);
  });

  it("refuses a version beyond int4 with a 400 naming it and leaves the deal as it was", async () => {
    const manager = await login(context.app, "manager-a1");
    const deal = (await manager.request("POST", "/api/v1/deals", { title: "Сделка", amount: 100 })).json();
    const [stored] = await context.handle.db.select().from(deals);
    for (const version of [2147483648, 1e10, 2 ** 53 + 2]) {
      const response = await context.app.inject({
        method: "PATCH",
        url: `/api/v1/deals/${deal.id}`,
        headers: { cookie: manager.cookie, "content-type": "application/json" },
        payload: `{"title":"Другая","version":${version}}`,
      });
      expectBadRequestNaming(response, ["body.version"]);
    }
    expect(await context.handle.db.select().from(deals)).toEqual([stored]);
  });

  it("refuses weeks and months outside the years 2000–2100 and stores no plan for them", async () => {
    const manager = fixture.managerA1.id;
    for (const week of ["9999-W52", "1999-W01", "2101-W01"]) {
      const response = await admin.request("GET", `/api/v1/cabinet/manager/${manager}/week?week=${week}`);
      expectBadRequestNaming(response, ["query.week"]);
    }
    for (const month of ["0000-01", "9999-12", "1999-12", "2101-01"]) {
      expectBadRequestNaming(await admin.request("PUT", `/api/v1/plans/${manager}/${month}`, { amount: 1000 }), [
        "params.month",
      ]);
    }
    expect(await context.handle.db.select().from(plans)).toEqual([]);
    // The bounds themselves are accepted.
    expect((await admin.request("PUT", `/api/v1/plans/${manager}/2100-12`, { amount: 1000 })).statusCode).toBe(200);
    expect((await admin.request("GET", `/api/v1/cabinet/manager/${manager}/week?week=2000-W01`)).statusCode).toBe(200);
  });

  it("answers unknown API paths with a 404 problem", async () => {
    const response = await admin.request("GET", "/api/v1/nothing-here");
    expect(response.statusCode).toBe(404);
    expect(response.headers["content-type"]).toContain("application/problem+json");
  });

  it("describes every route in the OpenAPI document", async () => {
    const document = (await context.app.inject({ method: "GET", url: "/api/v1/openapi.json" })).json();
    expect(document.openapi).toMatch(/^3\./);
    const described = new Set<string>();
    for (const [path, operations] of Object.entries(document.paths as Record<string, object>)) {
      for (const method of Object.keys(operations))
        described.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`);
    }
    const routes = context.app.printRoutes({ commonPrefix: false }).split("\n").filter(Boolean);
    expect(routes.length).toBeGreaterThan(0);
    for (const expected of [
      "POST /api/v1/auth/login",
      "GET /api/v1/users/:id",
      "PUT /api/v1/calendar/days/:date",
      "DELETE /api/v1/api-tokens/:id",
    ]) {
      expect(described).toContain(expected);
    }
    expect(
      document.paths["/api/v1/users"].post.requestBody.content["application/json"].schema.properties,
    ).toHaveProperty("login");
  });
});
