import { beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { type Client, login, useTestApp } from "../../testing/test-app";
import { units, users } from "../db/schema";

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
