import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app";
import { loginAttempts } from "../../platform/db/schema";
import type { ApiApp } from "../../platform/http/api-app";
import { createAccessFixture, createUser, testPassword } from "../../testing/factories";
import { useTestApp } from "../../testing/test-app";
import { loginDelaySeconds } from "./login-throttle";

describe("login throttling", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  /** The same database behind a reverse proxy at 10.0.0.2 (PLANERKA_TRUST_PROXY=10.0.0.2). */
  let proxied: ApiApp;
  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    proxied = await buildApp({ db: context.handle.db, webDist: null, workflowWorker: false, trustProxy: ["10.0.0.2"] });
    await proxied.ready();
  });
  afterAll(async () => {
    await proxied?.close();
  });

  const attempt = (
    loginName: string,
    password: string,
    remoteAddress: string,
    headers: Record<string, string> = {},
    app: ApiApp = context.app,
  ) =>
    app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { login: loginName, password },
      remoteAddress,
      headers,
    });
  const failuresOf = async (loginName: string) =>
    (
      await context.handle.db
        .select()
        .from(loginAttempts)
        .where(and(eq(loginAttempts.login, loginName), eq(loginAttempts.succeeded, false)))
    ).length;
  /** Moves the login's failures into the past, as if that much time went by. */
  const letTimePass = (loginName: string, seconds: number) =>
    context.handle.db
      .update(loginAttempts)
      .set({ at: sql`${loginAttempts.at} - make_interval(secs => ${seconds})` })
      .where(eq(loginAttempts.login, loginName));

  it("does not let a client choose its address with X-Forwarded-For", async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 32; index++) {
      const response = await attempt(`spoof-${index}`, "nope", "10.7.0.1", { "x-forwarded-for": `192.0.2.${index}` });
      statuses.push(response.statusCode);
    }
    expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
    const recorded = await context.handle.db.select().from(loginAttempts).where(eq(loginAttempts.login, "spoof-0"));
    expect(recorded.map((row) => row.ip)).toEqual(["10.7.0.1"]);
  });

  it("believes X-Forwarded-* only from the configured proxy", async () => {
    const viaProxy = await attempt(
      "manager-a2",
      testPassword,
      "10.0.0.2",
      { "x-forwarded-for": "198.51.100.7", "x-forwarded-proto": "https" },
      proxied,
    );
    expect(viaProxy.statusCode).toBe(200);
    expect(viaProxy.cookies.find((entry) => entry.name === "planerka_session")!.secure).toBe(true);
    const direct = await attempt(
      "manager-a2",
      testPassword,
      "203.0.113.9",
      { "x-forwarded-for": "198.51.100.8", "x-forwarded-proto": "https" },
      proxied,
    );
    expect(direct.statusCode).toBe(200);
    expect(direct.cookies.find((entry) => entry.name === "planerka_session")!.secure).toBeFalsy();
    const addresses = (
      await context.handle.db.select().from(loginAttempts).where(eq(loginAttempts.login, "manager-a2"))
    ).map((row) => row.ip);
    expect(addresses).toContain("198.51.100.7");
    expect(addresses).toContain("203.0.113.9");
    expect(addresses).not.toContain("198.51.100.8");
  });

  it("checks at most five passwords of thirty sent at once", async () => {
    const target = await createUser(context.handle.db, { unitId: fixture.departmentA, login: "parallel-target" });
    const responses = await Promise.all(
      Array.from({ length: 30 }, () => attempt(target.login, "wrong-password", "10.8.0.1")),
    );
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(25);
    expect(await failuresOf(target.login)).toBe(5);
  });

  it("lets several devices log in at once with the right password, and leaves no failure behind", async () => {
    const person = await createUser(context.handle.db, { unitId: fixture.departmentA, login: "many-devices" });
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => attempt(person.login, testPassword, "10.8.0.9")),
    );
    expect(responses.map((response) => response.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(await failuresOf(person.login)).toBe(0);
  });

  it("keeps the owner's right password working from another address while one address guesses", async () => {
    const target = await createUser(context.handle.db, { unitId: fixture.departmentA, login: "besieged" });
    const attacker = "10.9.0.66";
    const statuses: number[] = [];
    for (let index = 0; index < 50; index++)
      statuses.push((await attempt(target.login, `guess-${index}`, attacker)).statusCode);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.slice(5).every((status) => status === 429)).toBe(true);
    expect((await attempt(target.login, testPassword, "10.9.0.1")).statusCode).toBe(200);
    // The owner's success does not forgive the attacker.
    expect((await attempt(target.login, "guess-51", attacker)).statusCode).toBe(429);
    expect((await attempt(target.login, testPassword, attacker)).statusCode).toBe(429);
  });

  it("slows an attacker rotating addresses with a growing per-login delay, never locking the owner out", async () => {
    const target = await createUser(context.handle.db, { unitId: fixture.departmentA, login: "rotated" });
    const pool = Array.from({ length: 8 }, (_, index) => `10.10.0.${index + 1}`);
    for (const address of pool) expect((await attempt(target.login, "nope", address)).statusCode).toBe(401);
    // Eight failures: an address that already failed waits 16 s after the latest failure.
    expect(loginDelaySeconds(8)).toBe(16);
    const slowed = await attempt(target.login, "nope", pool[0]!);
    expect(slowed.statusCode).toBe(429);
    expect(Number(slowed.headers["retry-after"])).toBeGreaterThan(10);
    expect(Number(slowed.headers["retry-after"])).toBeLessThanOrEqual(16);
    expect(await failuresOf(target.login)).toBe(8);
    await letTimePass(target.login, 17);
    expect((await attempt(target.login, "nope", pool[0]!)).statusCode).toBe(401);
    // The ninth failure doubles the wait.
    const slower = await attempt(target.login, "nope", pool[1]!);
    expect(slower.statusCode).toBe(429);
    expect(Number(slower.headers["retry-after"])).toBeGreaterThan(16);
    expect(Number(slower.headers["retry-after"])).toBeLessThanOrEqual(32);
    // The owner, from an address that has not failed, gets in at once.
    expect((await attempt(target.login, testPassword, "10.10.1.1")).statusCode).toBe(200);
    // Failures older than the window no longer count.
    await letTimePass(target.login, 15 * 60 + 1);
    expect((await attempt(target.login, "nope", pool[1]!)).statusCode).toBe(401);
  });
});
