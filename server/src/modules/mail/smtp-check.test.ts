import type { AddressInfo } from "node:net";
import { createServer, type Server, type Socket } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type SmtpTestServer, startSmtpServer } from "../../testing/smtp-test-server";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";

/** A port nothing listens on: taken from the system, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("«Проверить соединение» for the SMTP settings", () => {
  const context = useTestApp({ outboxWorker: false });
  let smtp: SmtpTestServer;
  let managerA1: Client;
  let headA: Client;
  let admin: Client;
  let silent: Server;
  const silentSockets: Socket[] = [];

  const edited = (overrides: Record<string, unknown> = {}) => ({
    host: "127.0.0.1",
    port: smtp.port,
    secure: false,
    user: "robot",
    password: "secret",
    ...overrides,
  });
  const check = (client: Client, body?: unknown) => client.request("POST", "/api/v1/settings/smtp/check", body);

  beforeAll(async () => {
    smtp = await startSmtpServer();
    // A server that accepts the connection and never says hello.
    silent = createServer((socket) => silentSockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    await createAccessFixture(context.handle.db);
    [managerA1, headA, admin] = await loginEach(context.app, ["manager-a1", "head-a", "admin-user"]);
  });
  afterAll(async () => {
    await smtp?.close();
    for (const socket of silentSockets) socket.destroy();
    await new Promise<void>((resolve) => silent?.close(() => resolve()));
  });

  it("is for administrators only", async () => {
    for (const client of [managerA1, headA]) {
      expect((await check(client, edited())).statusCode).toBe(403);
      expect((await check(client)).statusCode).toBe(403);
    }
    expect(smtp.logins).toHaveLength(0);
  });

  it("answers ok against a working server, having logged in with the settings being edited", async () => {
    const response = await check(admin, edited());
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ ok: true });
    expect(smtp.logins.at(-1)).toEqual({ user: "robot", password: "secret" });
  });

  it("carries the server's answer for a wrong password and a closed port", async () => {
    const wrong = (await check(admin, edited({ password: "wrong" }))).json();
    expect(wrong.ok).toBe(false);
    expect(wrong.error).toMatch(/Invalid login/);
    expect(wrong.error).toMatch(/Authentication failed/);
    const port = await closedPort();
    const closed = (await check(admin, edited({ port }))).json();
    expect(closed).toEqual({ ok: false, error: expect.stringContaining("ECONNREFUSED") });
  });

  it("gives up on a server that never answers within 15 s", { timeout: 30_000 }, async () => {
    const started = Date.now();
    const response = (await check(admin, edited({ port: (silent.address() as AddressInfo).port }))).json();
    const took = Date.now() - started;
    expect(response.ok).toBe(false);
    expect(response.error).toMatch(/Greeting never received|15 s/);
    expect(took).toBeLessThan(16_000);
  });

  it("checks the stored settings, and an empty password means the stored one for the stored host only", async () => {
    const nothing = await check(admin);
    expect(nothing.statusCode, nothing.body).toBe(422);
    expect(nothing.json().errors[0].path).toBe("host");

    const saved = await admin.request("PUT", "/api/v1/mail/smtp", {
      ...edited({ password: "stored-Пароль" }),
      fromAddress: "crm@example.kz",
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const [before] = await rows<{ version: number }>(context.handle.db, sql`select version from smtp_settings`);

    expect((await check(admin)).json()).toEqual({ ok: true });
    expect(smtp.logins.at(-1)).toEqual({ user: "robot", password: "stored-Пароль" });
    expect((await check(admin, edited({ password: "" }))).json()).toEqual({ ok: true });
    expect(smtp.logins.at(-1)).toEqual({ user: "robot", password: "stored-Пароль" });
    expect((await check(admin, edited({ password: undefined }))).json()).toEqual({ ok: true });
    expect(smtp.logins.at(-1)).toEqual({ user: "robot", password: "stored-Пароль" });

    // Another host typed in does not receive the stored password.
    const loginsBefore = smtp.logins.length;
    const elsewhere = (await check(admin, edited({ host: "localhost", password: "" }))).json();
    expect(smtp.logins.slice(loginsBefore).map((login) => login.password)).not.toContain("stored-Пароль");
    expect(elsewhere.ok).toBe(false);

    // A check changes nothing stored.
    const [after] = await rows<{ version: number }>(context.handle.db, sql`select version from smtp_settings`);
    expect(after).toEqual(before);
  });

  it.each([
    [{ port: 0 }, "body.port"],
    [{ host: "" }, "body.host"],
    [{ host: "smtp.example.kz/evil" }, "body.host"],
    [{ secure: "yes" }, "body.secure"],
    [{ fromAddress: "x@y.kz" }, "body"],
  ])("bad settings %j are refused naming %s", async (overrides, path) => {
    const response = await check(admin, edited(overrides));
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(path);
  });
});
