import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { loginAttempts, sessions, users } from "../../platform/db/schema";
import { createAccessFixture, createUser, testPassword } from "../../testing/factories";
import { login, useTestApp } from "../../testing/test-app";

describe("auth", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
  });

  const attempt = (loginName: string, password: string, remoteAddress = "127.0.0.1") =>
    context.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { login: loginName, password },
      remoteAddress,
    });

  it("logs in with an HttpOnly, SameSite=Lax session cookie and answers /me", async () => {
    const response = await attempt("manager-a1", testPassword);
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((entry) => entry.name === "planerka_session")!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe("Lax");
    expect(cookie.secure).toBeFalsy();
    const me = await context.app.inject({
      method: "GET",
      url: "/api/v1/me",
      cookies: { planerka_session: cookie.value },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ login: "manager-a1", role: "manager", unitId: fixture.departmentA });
    expect(me.json().abilities.access.deals.read).toBe("own");
    expect(me.json().abilities.manageUsers).toBe(false);
  });

  it("answers an unknown login exactly like a wrong password, in similar time", async () => {
    const median = (values: number[]) =>
      [...values].sort((left, right) => left - right)[Math.floor(values.length / 2)]!;
    const timed = async (loginName: string, address: string) => {
      const begin = performance.now();
      const response = await attempt(loginName, "wrong-password", address);
      return { response, ms: performance.now() - begin };
    };
    const wrong: number[] = [];
    const unknown: number[] = [];
    let wrongBody = "";
    let unknownBody = "";
    for (let index = 0; index < 3; index++) {
      const first = await timed("manager-b1", `10.9.8.${index}`);
      const second = await timed(`nobody-${index}`, `10.9.9.${index}`);
      expect(first.response.statusCode).toBe(401);
      expect(second.response.statusCode).toBe(401);
      wrong.push(first.ms);
      unknown.push(second.ms);
      wrongBody = first.response.body;
      unknownBody = second.response.body;
    }
    expect(unknownBody).toBe(wrongBody);
    // Both pay for one argon2 verification (tens of ms); a skipped hash would be ~1 ms.
    expect(median(unknown)).toBeGreaterThan(median(wrong) / 4);
    expect(median(wrong)).toBeGreaterThan(median(unknown) / 4);
  });

  it("requires a session for /me", async () => {
    const response = await context.app.inject({ method: "GET", url: "/api/v1/me" });
    expect(response.statusCode).toBe(401);
    expect(response.headers["content-type"]).toContain("application/problem+json");
  });

  it("refuses one address after five failures for one login, even the right password, until the window passes", async () => {
    const target = await createUser(context.handle.db, { unitId: fixture.departmentA, login: "throttled" });
    for (let index = 0; index < 5; index++)
      expect((await attempt(target.login, "nope", "10.1.0.1")).statusCode).toBe(401);
    const blocked = await attempt(target.login, testPassword, "10.1.0.1");
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers["content-type"]).toContain("application/problem+json");
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(14 * 60);
    // Unknown logins are throttled the same way, so 429 does not reveal which accounts exist.
    for (let index = 0; index < 5; index++) await attempt("ghost-account", "nope", "10.2.0.1");
    expect((await attempt("ghost-account", "nope", "10.2.0.1")).statusCode).toBe(429);
    // Once the window passes the address may try again; its success forgives its failures.
    await context.handle.db
      .update(loginAttempts)
      .set({ at: new Date(Date.now() - 16 * 60_000) })
      .where(eq(loginAttempts.login, target.login));
    expect((await attempt(target.login, testPassword, "10.1.0.1")).statusCode).toBe(200);
    const left = await context.handle.db.select().from(loginAttempts).where(eq(loginAttempts.login, target.login));
    expect(left.filter((row) => !row.succeeded)).toHaveLength(0);
  });

  it("throttles one address trying many accounts", async () => {
    for (let index = 0; index < 30; index++) await attempt(`spray-${index}`, "nope", "10.3.3.3");
    expect((await attempt("manager-a1", testPassword, "10.3.3.3")).statusCode).toBe(429);
    expect((await attempt("manager-a1", testPassword, "10.3.3.4")).statusCode).toBe(200);
  });

  it("refuses a state-changing request from a foreign origin and changes nothing", async () => {
    const admin = await login(context.app, "admin-user");
    const before = await context.handle.db.select().from(users);
    const response = await admin.request(
      "POST",
      "/api/v1/users",
      { login: "csrf-victim", password: "whatever1", name: "X", role: "manager", unitId: fixture.departmentA },
      { origin: "https://evil.example" },
    );
    expect(response.statusCode).toBe(403);
    expect(await context.handle.db.select().from(users)).toHaveLength(before.length);
    const sameSite = await admin.request(
      "POST",
      "/api/v1/users",
      { login: "same-origin-user", password: "whatever1", name: "X", role: "manager", unitId: fixture.departmentA },
      { origin: "http://localhost:80" },
    );
    expect(sameSite.statusCode).toBe(201);
  });

  it("logs out: the session stops working", async () => {
    const client = await login(context.app, "manager-a2");
    expect((await client.request("POST", "/api/v1/auth/logout")).statusCode).toBe(204);
    expect((await client.request("GET", "/api/v1/me")).statusCode).toBe(401);
  });

  it("ends every session of a user the moment they are disabled", async () => {
    const target = await createUser(context.handle.db, { unitId: fixture.departmentA, login: "to-disable" });
    const session = await login(context.app, target.login);
    const admin = await login(context.app, "admin-user");
    const current = (await admin.request("GET", `/api/v1/users/${target.id}`)).json();
    const disabled = await admin.request("PATCH", `/api/v1/users/${target.id}`, {
      active: false,
      version: current.version,
    });
    expect(disabled.statusCode).toBe(200);
    expect((await session.request("GET", "/api/v1/me")).statusCode).toBe(401);
    expect(await context.handle.db.select().from(sessions).where(eq(sessions.userId, target.id))).toHaveLength(0);
    expect((await attempt(target.login, testPassword)).statusCode).toBe(401);
  });

  it("rejects a malformed login body with the field named", async () => {
    const response = await context.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { login: "" } });
    expect(response.statusCode).toBe(400);
    const paths = response.json().errors.map((error: { path: string }) => error.path);
    expect(paths).toContain("body.login");
    expect(paths).toContain("body.password");
  });
});
