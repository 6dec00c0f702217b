import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { startWebhookReceiver, type WebhookReceiver } from "../../testing/webhook-receiver";
import { isForbiddenAddress, RefusedAddressError, resolveAllowedOrThrow } from "./webhook-address";
import { DeliveryError, postWebhook } from "./webhook-request";
import { deliverDueWebhooks } from "./webhook-worker";

describe("which addresses a webhook may reach", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.255.0.9", true],
    ["10.0.0.1", true],
    ["172.16.0.1", true],
    ["172.31.255.255", true],
    ["172.32.0.1", false],
    ["192.168.1.1", true],
    ["100.64.0.1", true],
    ["100.128.0.1", false],
    ["169.254.169.254", true],
    ["0.0.0.0", true],
    ["224.0.0.251", true],
    ["255.255.255.255", true],
    ["8.8.8.8", false],
    ["93.184.216.34", false],
    ["::1", true],
    ["::", true],
    ["fe80::1", true],
    ["fd12:3456::1", true],
    ["fc00::1", true],
    ["ff02::1", true],
    ["::ffff:10.0.0.1", true],
    ["::ffff:7f00:1", true],
    ["::ffff:8.8.8.8", false],
    ["2a00:1450:4001:80b::200e", false],
  ])("%s forbidden: %s", (address, expected) => {
    expect(isForbiddenAddress(address)).toBe(expected);
  });

  it("a name is checked by every address it resolves to; an allowed host is not checked", async () => {
    await expect(resolveAllowedOrThrow("localhost", [])).rejects.toBeInstanceOf(RefusedAddressError);
    await expect(resolveAllowedOrThrow("localhost", ["127.0.0.1"])).rejects.toThrow(/loopback/);
    expect((await resolveAllowedOrThrow("localhost", ["localhost"])).length).toBeGreaterThan(0);
    await expect(resolveAllowedOrThrow("10.9.8.7", [])).rejects.toThrow(/10\.9\.8\.7 is a loopback, private/);
  });
});

describe("webhook requests", () => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
  });
  beforeEach(() => {
    receiver.received.length = 0;
    receiver.respond();
  });
  const post = (url: string, allowedHosts: string[], timeoutMs?: number) =>
    postWebhook({ url, body: '{"a":1}', headers: { "x-test": "1" }, allowedHosts, timeoutMs });

  it("connects to the address it checked, also for a name (the lookup answers with it)", async () => {
    const answer = await post(`http://localhost:${receiver.port}/named`, ["localhost"]);
    expect(answer).toEqual({ status: 200, body: "ok" });
    expect(receiver.received.map((entry) => [entry.path, entry.raw])).toEqual([["/named", '{"a":1}']]);
  });

  it("follows at most three redirects, each checked; a redirect to a private address is refused before connecting", async () => {
    const to = (location: string) => (response: import("node:http").ServerResponse) =>
      response.writeHead(302, { location }).end();
    // Allowed host → the same allowed host: followed, the body sent again.
    receiver.respond(to("/second"), (response) => response.writeHead(200).end("landed"));
    expect(await post(receiver.url("/first"), ["127.0.0.1"])).toEqual({ status: 200, body: "landed" });
    expect(receiver.received.map((entry) => [entry.path, entry.raw])).toEqual([
      ["/first", '{"a":1}'],
      ["/second", '{"a":1}'],
    ]);

    // Allowed host → a name that resolves to the loopback but is not allowed: refused.
    receiver.received.length = 0;
    receiver.respond(to(`http://localhost:${receiver.port}/inner`));
    await expect(post(receiver.url("/first"), ["127.0.0.1"])).rejects.toThrow(/localhost is resolved to .*loopback/);
    expect(receiver.received.map((entry) => entry.path)).toEqual(["/first"]);

    // … and to the cloud's metadata address.
    receiver.received.length = 0;
    receiver.respond(to("http://169.254.169.254/latest/meta-data/"));
    await expect(post(receiver.url("/first"), ["127.0.0.1"])).rejects.toBeInstanceOf(RefusedAddressError);
    receiver.respond(to("file:///etc/passwd"));
    await expect(post(receiver.url("/first"), ["127.0.0.1"])).rejects.toThrow(/only http and https/);

    // A fourth redirect is not followed.
    receiver.received.length = 0;
    receiver.respond(to("/r1"), to("/r2"), to("/r3"), to("/r4"), (response) => response.writeHead(200).end());
    await expect(post(receiver.url("/r0"), ["127.0.0.1"])).rejects.toThrow(/More than 3 redirects/);
    expect(receiver.received.map((entry) => entry.path)).toEqual(["/r0", "/r1", "/r2", "/r3"]);
  });

  it("gives up on a receiver that does not answer in time", async () => {
    receiver.respond(() => undefined);
    const started = Date.now();
    await expect(post(receiver.url("/slow"), ["127.0.0.1"], 300)).rejects.toBeInstanceOf(DeliveryError);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe("the allow-list", () => {
  const context = useTestApp({ webhookWorker: false });
  let receiver: WebhookReceiver;
  let admin: Client;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    await createAccessFixture(context.handle.db);
    [admin] = await loginEach(context.app, ["admin-user"]);
  });
  afterAll(async () => {
    await receiver?.close();
  });

  it("without it a loopback receiver is refused at creation and at delivery; with it the ping arrives", async () => {
    const refused = await admin.request("POST", "/api/v1/settings/webhooks", {
      url: receiver.url(),
      events: ["deal.created"],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toEqual([
      { path: "body.url", message: expect.stringMatching(/127\.0\.0\.1 is a loopback/) },
    ]);

    await admin.request("PUT", "/api/v1/settings/webhooks-allowed-hosts", { allowedHosts: ["127.0.0.1"], version: 0 });
    const created = await admin.request("POST", "/api/v1/settings/webhooks", {
      url: receiver.url(),
      events: ["deal.created"],
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json() as { id: string };

    // The administrator takes the host off the list: what is queued is not delivered.
    await admin.request("PUT", "/api/v1/settings/webhooks-allowed-hosts", { allowedHosts: [], version: 1 });
    await admin.request("POST", `/api/v1/settings/webhooks/${id}/test`);
    expect(await deliverDueWebhooks(context.handle.db)).toBe(1);
    expect(receiver.received).toHaveLength(0);
    const [refusedDelivery] = (await admin.request("GET", `/api/v1/settings/webhooks/${id}/deliveries`)).json().items;
    expect(refusedDelivery).toMatchObject({ state: "pending", attempts: 1, responseStatus: null });
    expect(refusedDelivery.error).toMatch(/127\.0\.0\.1 is a loopback, private, link-local or reserved address/);

    // Back on the list: the retry goes through.
    await admin.request("PUT", "/api/v1/settings/webhooks-allowed-hosts", { allowedHosts: ["127.0.0.1"], version: 2 });
    await context.handle.db.execute(sql`update webhook_deliveries set next_attempt_at = now()`);
    expect(await deliverDueWebhooks(context.handle.db)).toBe(1);
    expect(receiver.received.map((entry) => entry.headers["x-planerka-event"])).toEqual(["ping"]);
  });
});
