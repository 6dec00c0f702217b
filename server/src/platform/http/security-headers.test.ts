import { beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture, testPassword } from "../../testing/factories";
import { type Client, login, useTestApp } from "../../testing/test-app";

describe("security headers", () => {
  const context = useTestApp({ workflowWorker: false });
  let admin: Client;
  let manager: Client;
  beforeAll(async () => {
    await createAccessFixture(context.handle.db);
    [admin, manager] = [await login(context.app, "admin-user"), await login(context.app, "manager-a1")];
  });

  it("keeps personal API answers out of every cache", async () => {
    const answers = [
      await manager.request("GET", "/api/v1/me"),
      await manager.request("GET", "/api/v1/users"),
      await manager.request("GET", "/api/v1/deals"),
      await context.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { login: "manager-a2", password: testPassword },
      }),
      await context.app.inject({ method: "GET", url: "/api/v1/me" }),
      await admin.request("GET", "/api/v1/backup"),
    ];
    for (const answer of answers) {
      expect(answer.statusCode, answer.body.slice(0, 200)).toBeLessThan(500);
      expect(answer.headers["cache-control"]).toBe("no-store");
      // The server's own time, what the benchmarks read for the per-request floor.
      expect(String(answer.headers["server-timing"])).toMatch(/^app;dur=\d+\.\d\d$/);
    }
    expect(answers.at(-1)!.statusCode).toBe(200);
    expect(answers.at(-1)!.headers["content-type"]).toBe("application/gzip");
  });

  it("lets pages open sockets only to their own origin", async () => {
    const page = await context.app.inject({ method: "GET", url: "/", headers: { host: "crm.example.kz:8443" } });
    expect(String(page.headers["content-security-policy"])).not.toMatch(/ wss?:(;| |$)/);
    const response = await context.app.inject({
      method: "GET",
      url: "/api/v1/health",
      headers: { host: "crm.example.kz:8443" },
    });
    const policy = String(response.headers["content-security-policy"]);
    const connect = policy.split(";").find((directive) => directive.trim().startsWith("connect-src"));
    expect(connect?.trim()).toBe("connect-src 'self' ws://crm.example.kz:8443 wss://crm.example.kz:8443");
    const odd = await context.app.inject({ method: "GET", url: "/api/v1/health", headers: { host: "a b;c" } });
    expect(String(odd.headers["content-security-policy"])).toMatch(/connect-src 'self'(;|$)/);
  });
});
