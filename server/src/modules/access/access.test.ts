import { defaultAccessMatrix, matrixToRules } from "@planerka/common";
import { beforeAll, describe, expect, it } from "vitest";
import { accessRules, apiTokens } from "../../platform/db/schema";
import { createAccessFixture } from "../../testing/factories";
import { type Client, login, useTestApp } from "../../testing/test-app";

describe("access matrix", () => {
  const context = useTestApp();
  let admin: Client;
  let head: Client;
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    admin = await login(context.app, "admin-user");
    head = await login(context.app, "head-a");
  });

  it("starts with DESIGN.md's defaults", async () => {
    const response = await admin.request("GET", "/api/v1/access");
    expect(response.statusCode).toBe(200);
    const rules = response.json().rules as { role: string; entity: string; action: string; level: string }[];
    const level = (role: string, entity: string, action: string) =>
      rules.find((rule) => rule.role === role && rule.entity === entity && rule.action === action)?.level;
    expect(level("manager", "deals", "read")).toBe("own");
    expect(level("manager", "plans", "write")).toBe("none");
    expect(level("head", "deals", "write")).toBe("subtree");
    expect(level("top", "reports", "export")).toBe("all");
    expect(rules).toHaveLength(4 * 8 * 4);
  });

  it("tells each caller whose figures they may open, and the unit roll-up answers the same", async () => {
    const [manager, top] = [await login(context.app, "manager-a1"), await login(context.app, "top-user")];
    const reportUnits = async (client: Client) =>
      (await client.request("GET", "/api/v1/me")).json().abilities.reportUnits;
    expect(await reportUnits(top)).toBe("all");
    expect(await reportUnits(head)).toEqual([fixture.departmentA]);
    expect(await reportUnits(manager)).toEqual([]);
    expect((await head.request("GET", `/api/v1/cabinet/units/${fixture.departmentA}`)).statusCode).toBe(200);
    await admin.request("PUT", "/api/v1/access", {
      rules: [{ role: "head", entity: "reports", action: "read", level: "own" }],
    });
    // The matrix now keeps heads to their own figures: no unit to offer, and the roll-up is not found.
    expect(await reportUnits(head)).toEqual([]);
    expect((await head.request("GET", `/api/v1/cabinet/units/${fixture.departmentA}`)).statusCode).toBe(404);
    await admin.request("DELETE", "/api/v1/access");
    expect(await reportUnits(head)).toEqual([fixture.departmentA]);
  });

  it("sends the rules fixed by role as abilities, so the web does not read the role", async () => {
    const manager = await login(context.app, "manager-a1");
    const abilitiesOf = async (client: Client) => (await client.request("GET", "/api/v1/me")).json().abilities;
    const wanted = ["restoreRecords", "allowDuplicateBin", "seeEveryGroup", "manageTraining"] as const;
    const pick = (abilities: Record<string, unknown>) => Object.fromEntries(wanted.map((key) => [key, abilities[key]]));
    expect(pick(await abilitiesOf(manager))).toEqual({
      restoreRecords: false,
      allowDuplicateBin: false,
      seeEveryGroup: false,
      manageTraining: false,
    });
    expect(pick(await abilitiesOf(head))).toEqual({
      restoreRecords: false,
      allowDuplicateBin: true,
      seeEveryGroup: false,
      manageTraining: true,
    });
    expect(pick(await abilitiesOf(admin))).toEqual({
      restoreRecords: true,
      allowDuplicateBin: true,
      seeEveryGroup: true,
      manageTraining: true,
    });
    // The trash answers as the abilities say: the manager's own deleted company stays deleted.
    const created = await manager.request("POST", "/api/v1/companies", { name: "Корзина 5521" });
    await manager.request("DELETE", `/api/v1/companies/${created.json().id}`);
    expect((await manager.request("POST", `/api/v1/companies/${created.json().id}/restore`)).statusCode).toBe(403);
    expect((await admin.request("POST", `/api/v1/companies/${created.json().id}/restore`)).statusCode).toBe(200);
  });

  it("changes a cell, shows it in /me on the next request, and resets", async () => {
    const manager = await login(context.app, "manager-a1");
    const updated = await admin.request("PUT", "/api/v1/access", {
      rules: [{ role: "manager", entity: "companies", action: "read", level: "all" }],
    });
    expect(updated.statusCode).toBe(200);
    expect((await manager.request("GET", "/api/v1/me")).json().abilities.access.companies.read).toBe("all");
    const reset = await admin.request("DELETE", "/api/v1/access");
    expect(reset.json().rules).toEqual(matrixToRules(defaultAccessMatrix()));
    expect((await manager.request("GET", "/api/v1/me")).json().abilities.access.companies.read).toBe("own");
  });

  it("refuses non-admins, locking admins out, and bad levels, changing nothing", async () => {
    const rule = { role: "manager", entity: "deals", action: "read", level: "all" };
    expect((await head.request("GET", "/api/v1/access")).statusCode).toBe(403);
    expect((await head.request("PUT", "/api/v1/access", { rules: [rule] })).statusCode).toBe(403);
    const lockout = await admin.request("PUT", "/api/v1/access", { rules: [{ ...rule, role: "admin", level: "own" }] });
    expect(lockout.statusCode).toBe(422);
    const badLevel = await admin.request("PUT", "/api/v1/access", { rules: [{ ...rule, level: "everything" }] });
    expect(badLevel.statusCode).toBe(400);
    expect(badLevel.json().errors[0].path).toContain("body.rules.0.level");
    expect(await context.handle.db.select().from(accessRules)).toHaveLength(0);
  });
});

describe("API tokens", () => {
  const context = useTestApp();
  let admin: Client;
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    admin = await login(context.app, "admin-user");
  });
  const withToken = (token: string, method: "GET" | "POST" | "PATCH", url: string, payload?: object) =>
    context.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });

  it("issues a scoped token shown once, used with the rights of its user, and revokes it", async () => {
    const created = await admin.request("POST", "/api/v1/api-tokens", {
      name: "1C exchange",
      userId: fixture.headA.id,
      scopes: ["org:read"],
    });
    expect(created.statusCode).toBe(201);
    const { token, id, prefix } = created.json();
    expect(token.startsWith("plk_")).toBe(true);
    expect(token.startsWith(prefix)).toBe(true);
    const stored = await context.handle.db.select().from(apiTokens);
    expect(JSON.stringify(stored)).not.toContain(token);
    const listed = (await admin.request("GET", "/api/v1/api-tokens")).json();
    expect(listed.items[0]).not.toHaveProperty("token");

    const me = await withToken(token, "GET", "/api/v1/me");
    expect(me.statusCode).toBe(200);
    expect(me.json().login).toBe("head-a");
    // Read scope only: writes are refused even where the user could write.
    const write = await withToken(token, "POST", "/api/v1/users", {
      login: "via-token",
      password: "pass-1234",
      name: "X",
      role: "manager",
      unitId: fixture.departmentA,
    });
    expect(write.statusCode).toBe(403);
    // Tokens never manage access or other tokens.
    expect((await withToken(token, "GET", "/api/v1/access")).statusCode).toBe(403);

    expect((await admin.request("DELETE", `/api/v1/api-tokens/${id}`)).statusCode).toBe(204);
    expect((await withToken(token, "GET", "/api/v1/me")).statusCode).toBe(401);
    expect((await admin.request("DELETE", `/api/v1/api-tokens/${id}`)).statusCode).toBe(404);
  });

  it("lets a write-scoped token act within its user's rights", async () => {
    const { token } = (
      await admin.request("POST", "/api/v1/api-tokens", {
        name: "HR sync",
        userId: fixture.headA.id,
        scopes: ["org:read", "org:write"],
      })
    ).json();
    const inside = await withToken(token, "POST", "/api/v1/users", {
      login: "via-token",
      password: "pass-1234",
      name: "Created by token",
      role: "manager",
      unitId: fixture.departmentA,
    });
    expect(inside.statusCode).toBe(201);
    const outside = await withToken(token, "POST", "/api/v1/users", {
      login: "via-token-2",
      password: "pass-1234",
      name: "X",
      role: "manager",
      unitId: fixture.departmentB,
    });
    expect(outside.statusCode).toBe(422);
  });

  it("refuses unknown and expired tokens and non-admin issuers", async () => {
    expect((await withToken("plk_forged", "GET", "/api/v1/me")).statusCode).toBe(401);
    expect((await withToken("not-even-a-token", "GET", "/api/v1/me")).statusCode).toBe(401);
    const past = await admin.request("POST", "/api/v1/api-tokens", {
      name: "old",
      scopes: ["org:read"],
      expiresAt: "2020-01-01T00:00:00Z",
    });
    expect(past.statusCode).toBe(422);
    expect(past.json().errors[0].path).toBe("expiresAt");
    const head = await login(context.app, "head-a");
    expect((await head.request("POST", "/api/v1/api-tokens", { name: "mine", scopes: ["org:read"] })).statusCode).toBe(
      403,
    );
  });
});
