import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { openSocket } from "../../testing/realtime-socket";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";

const secret = "click-to-call-secret-0001";

interface Received {
  url: string;
  signature: string;
  body: string;
}

/** A PBX's originate endpoint on loopback: it records what it got and answers with `status`. */
function startPbx() {
  const received: Received[] = [];
  let status = 200;
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      received.push({ url: request.url ?? "", signature: String(request.headers["x-planerka-signature"]), body });
      response.statusCode = status;
      response.end(status === 200 ? '{"ok":true}' : "extension busy");
    });
  });
  return {
    received,
    server,
    answerWith(next: number) {
      status = next;
    },
  };
}

/** What the PBX checks: t and v1, v1 = HMAC-SHA256(secret, "<t>.<body>"), computed here independently. */
function signatureHolds(received: Received): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(received.signature);
  if (!match) return false;
  const expected = createHmac("sha256", secret).update(`${match[1]}.${received.body}`).digest("hex");
  return expected === match[2] && Math.abs(Date.now() / 1000 - Number(match[1])) < 60;
}

describe("telephony: click-to-call through the PBX and the settings test", () => {
  const context = useTestApp();
  const pbx = startPbx();
  let pbxUrl: string;
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let admin: Client;
  let managerA1: Client;
  let managerA2: Client;

  beforeAll(async () => {
    await new Promise<void>((resolve) => pbx.server.listen(0, "127.0.0.1", resolve));
    pbxUrl = `http://127.0.0.1:${(pbx.server.address() as AddressInfo).port}`;
    fixture = await createAccessFixture(context.handle.db);
    [admin, managerA1, managerA2] = await loginEach(context.app, ["admin-user", "manager-a1", "manager-a2"]);
  });
  afterAll(() => new Promise((resolve) => pbx.server.close(resolve)));

  it("uses tel: links until an originate address is set, then only for people with an extension", async () => {
    expect((await managerA1.request("GET", "/api/v1/telephony/click-to-call")).json()).toEqual({
      available: false,
      extension: null,
    });
    const refused = await managerA1.request("POST", "/api/v1/telephony/calls", { number: "+7 701 555 00 11" });
    expect(refused.statusCode).toBe(409);
    const saved = await admin.request("PUT", "/api/v1/settings/telephony", {
      version: 0,
      secret,
      originateUrl: `${pbxUrl}/originate?ext={extension}`,
      extensions: [{ extension: "101", userId: fixture.managerA1.id }],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await managerA1.request("GET", "/api/v1/telephony/click-to-call")).json()).toEqual({
      available: true,
      extension: "101",
    });
    expect((await managerA2.request("GET", "/api/v1/telephony/click-to-call")).json()).toEqual({
      available: false,
      extension: null,
    });
    const noExtension = await managerA2.request("POST", "/api/v1/telephony/calls", { number: "+7 701 555 00 11" });
    expect(noExtension.statusCode).toBe(409);
    expect(noExtension.json().detail).toContain("extension");
    expect(pbx.received).toHaveLength(0);
  });

  it("asks the PBX, signed, to ring my extension and connect it to the normalised number", async () => {
    const placed = await managerA1.request("POST", "/api/v1/telephony/calls", { number: "8 (701) 555-00-11" });
    expect(placed.statusCode, placed.body).toBe(201);
    expect(placed.json()).toMatchObject({ extension: "101", number: "+77015550011" });
    const [request] = pbx.received.splice(0);
    expect(request!.url).toBe("/originate?ext=101");
    expect(JSON.parse(request!.body)).toEqual({
      callId: placed.json().callId,
      extension: "101",
      number: "+77015550011",
    });
    expect(signatureHolds(request!)).toBe(true);
  });

  it("tells the person what went wrong: a bad number names the field, a refusing PBX is a 502 with its answer", async () => {
    const bad = await managerA1.request("POST", "/api/v1/telephony/calls", { number: "позвони мне" });
    expect(bad.statusCode).toBeGreaterThanOrEqual(400);
    expect(bad.statusCode).toBeLessThan(500);
    expect(JSON.stringify(bad.json().errors)).toContain("number");
    const missing = await managerA1.request("POST", "/api/v1/telephony/calls", {});
    expect(missing.statusCode).toBe(400);
    expect(pbx.received).toHaveLength(0);

    pbx.answerWith(503);
    const busy = await managerA1.request("POST", "/api/v1/telephony/calls", { number: "+77015550011" });
    expect(busy.statusCode).toBe(502);
    expect(busy.json().detail).toBe("The PBX answered 503: extension busy");
    pbx.received.splice(0);
    pbx.answerWith(200);
  });

  it("the settings test checks the secret, extensions and originate address, and shows the admin a sample card", async () => {
    expect((await managerA1.request("POST", "/api/v1/settings/telephony/test")).statusCode).toBe(403);
    await context.app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = context.app.server.address() as AddressInfo;
    const socket = await openSocket(`ws://127.0.0.1:${port}/api/v1/realtime`, {
      cookie: admin.cookie,
      origin: `http://127.0.0.1:${port}`,
    });
    await socket.next("hello");
    const tested = await admin.request("POST", "/api/v1/settings/telephony/test");
    expect(tested.statusCode, tested.body).toBe(200);
    expect(tested.json()).toEqual({
      secret: true,
      extensions: 1,
      inactiveExtensions: 0,
      originate: { ok: true, status: 200, error: null },
    });
    const [request] = pbx.received.splice(0);
    expect(JSON.parse(request!.body)).toMatchObject({ test: true });
    expect(signatureHolds(request!)).toBe(true);
    const frame = (await socket.next("incoming_call")) as { call: { test: boolean; client: null } };
    expect(frame.call).toMatchObject({ test: true, client: null, openDeals: [] });

    pbx.answerWith(500);
    const failing = (await admin.request("POST", "/api/v1/settings/telephony/test")).json();
    expect(failing.originate).toMatchObject({ ok: false, error: expect.stringContaining("500") });
    pbx.answerWith(200);
    socket.socket.close();
  });
});
