import { sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";

/** Who may manage webhooks (administrators only) and what bad input gets (400 naming the field). */
describe("webhook settings: access and bad input", () => {
  const context = useTestApp({ webhookWorker: false });
  let admin: Client;
  let manager: Client;
  let head: Client;
  const db = () => context.handle.db;
  // The receiver is never called here: 127.0.0.1 is only allowed so subscriptions can be made.
  const receiverUrl = "http://127.0.0.1:9/hook";
  const subscribe = async (events: string[]) => {
    const response = await admin.request("POST", "/api/v1/settings/webhooks", { url: receiverUrl, events });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; secret: string; version: number };
  };
  const deliveries = async (id: string) =>
    (await admin.request("GET", `/api/v1/settings/webhooks/${id}/deliveries?limit=100`)).json() as {
      items: { id: string }[];
    };

  beforeAll(async () => {
    await createAccessFixture(db());
    [admin, manager, head] = await loginEach(context.app, ["admin-user", "manager-a1", "head-a"]);
    const allowed = await admin.request("PUT", "/api/v1/settings/webhooks-allowed-hosts", {
      allowedHosts: ["127.0.0.1"],
      version: 0,
    });
    expect(allowed.statusCode, allowed.body).toBe(200);
  });
  beforeEach(async () => {
    await db().execute(sql`delete from webhook_subscriptions`);
  });

  it("managers and heads are refused on every webhook route, and nothing changes", async () => {
    const subscription = await subscribe(["deal.created"]);
    await admin.request("POST", `/api/v1/settings/webhooks/${subscription.id}/test`);
    const [delivery] = (await deliveries(subscription.id)).items;
    const base = `/api/v1/settings/webhooks/${subscription.id}`;
    const routes: [method: "GET" | "POST" | "PATCH" | "DELETE" | "PUT", url: string, body?: unknown][] = [
      ["GET", "/api/v1/settings/webhooks"],
      ["POST", "/api/v1/settings/webhooks", { url: "https://example.com/hook", events: ["deal.created"] }],
      ["PATCH", base, { active: false, version: 1 }],
      ["DELETE", base],
      ["POST", `${base}/rotate-secret`],
      ["POST", `${base}/test`],
      ["GET", `${base}/deliveries`],
      ["POST", `${base}/deliveries/${delivery!.id}/retry`],
      ["GET", "/api/v1/settings/webhooks-allowed-hosts"],
      ["PUT", "/api/v1/settings/webhooks-allowed-hosts", { allowedHosts: [], version: 1 }],
    ];
    const snapshot = async () =>
      rows(
        db(),
        sql`select (select json_agg(s order by s.id) from webhook_subscriptions s) as subscriptions,
              (select json_agg(d order by d.id) from webhook_deliveries d) as deliveries,
              (select json_agg(w) from webhook_settings w) as settings`,
      );
    const before = await snapshot();
    for (const client of [manager, head])
      for (const [method, url, body] of routes) {
        const response = await client.request(method, url, body);
        expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(403);
      }
    expect(await snapshot()).toEqual(before);
  });

  it("bad input is 400 naming the field, and changes nothing", async () => {
    const subscription = await subscribe(["deal.created"]);
    const bad: [body: unknown, path: string][] = [
      [{ url: "ftp://example.com/hook", events: ["deal.created"] }, "body.url"],
      [{ url: "не адрес", events: ["deal.created"] }, "body.url"],
      [{ url: "https://example.com/hook", events: [] }, "body.events"],
      [{ url: "https://example.com/hook", events: ["deal.exploded"] }, "body.events.0"],
      [{ url: "https://example.com/hook" }, "body.events"],
      [{ url: "https://example.com/hook", events: ["deal.created"], secret: "mine" }, "body"],
      // Private and loopback addresses, not allowed by the administrator.
      [{ url: "http://10.1.2.3/hook", events: ["deal.created"] }, "body.url"],
      [{ url: "http://[::1]:8080/hook", events: ["deal.created"] }, "body.url"],
      [{ url: "http://169.254.169.254/latest/meta-data", events: ["deal.created"] }, "body.url"],
      [{ url: "http://localhost:3000/hook", events: ["deal.created"] }, "body.url"],
      [{ url: "http://[::ffff:192.168.1.1]/hook", events: ["deal.created"] }, "body.url"],
    ];
    for (const [body, path] of bad) {
      const response = await admin.request("POST", "/api/v1/settings/webhooks", body);
      expect(response.statusCode, `${JSON.stringify(body)}: ${response.body}`).toBe(400);
      expect(response.headers["content-type"]).toContain("application/problem+json");
      expect((response.json() as { errors: { path: string }[] }).errors.map((error) => error.path)).toContain(path);
    }
    const patch = await admin.request("PATCH", `/api/v1/settings/webhooks/${subscription.id}`, {
      url: "http://192.168.0.10/hook",
      version: 1,
    });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().errors[0].path).toBe("body.url");
    const hosts = await admin.request("PUT", "/api/v1/settings/webhooks-allowed-hosts", {
      allowedHosts: ["https://evil.example/"],
      version: 1,
    });
    expect(hosts.statusCode).toBe(400);
    expect(hosts.json().errors[0].path).toBe("body.allowedHosts.0");
    const stale = await admin.request("PATCH", `/api/v1/settings/webhooks/${subscription.id}`, {
      active: false,
      version: 7,
    });
    expect(stale.statusCode).toBe(409);
    const missing = "00000000-0000-4000-8000-000000000000";
    for (const [method, url] of [
      ["PATCH", `/api/v1/settings/webhooks/${missing}`],
      ["DELETE", `/api/v1/settings/webhooks/${missing}`],
      ["GET", `/api/v1/settings/webhooks/${missing}/deliveries`],
      ["POST", `/api/v1/settings/webhooks/${subscription.id}/deliveries/${missing}/retry`],
    ] as const) {
      const response = await admin.request(method, url, method === "PATCH" ? { active: false, version: 1 } : undefined);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
    }
    const list = (await admin.request("GET", "/api/v1/settings/webhooks")).json();
    expect(list.items).toEqual([expect.objectContaining({ id: subscription.id, active: true, version: 1 })]);
    expect((await admin.request("GET", "/api/v1/settings/webhooks-allowed-hosts")).json()).toEqual({
      allowedHosts: ["127.0.0.1"],
      version: 1,
    });
    // Deleting it takes its log along.
    expect((await admin.request("DELETE", `/api/v1/settings/webhooks/${subscription.id}`)).statusCode).toBe(204);
    expect((await admin.request("GET", "/api/v1/settings/webhooks")).json().items).toEqual([]);
  });
});
