import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { openSocket } from "../../testing/realtime-socket";
import { type Client, login, loginEach, useTestApp } from "../../testing/test-app";
import { rows } from "../db/database";

describe("real-time channel", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let url: string;
  let origin: string;
  let head: Client;
  let recipient: Client;
  let bystander: Client;

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    await context.app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = context.app.server.address() as AddressInfo;
    origin = `http://127.0.0.1:${port}`;
    url = `ws://127.0.0.1:${port}/api/v1/realtime`;
    [head, recipient, bystander] = await loginEach(context.app, ["head-a", "manager-a2", "manager-a1"] as const);
  });

  it("refuses a socket without a session and one opened from another site", async () => {
    await expect(openSocket(url, { origin })).rejects.toThrow("HTTP 401");
    await expect(openSocket(url, { cookie: recipient.cookie, origin: "https://evil.example" })).rejects.toThrow(
      "HTTP 403",
    );
  });

  it("pushes a stored notification to its addressee only, after the write commits", async () => {
    const mine = await openSocket(url, { cookie: recipient.cookie, origin });
    const theirs = await openSocket(url, { cookie: bystander.cookie, origin });
    const hello = await mine.next("hello");
    expect(typeof hello.cursor).toBe("number");
    await theirs.next("hello");

    const sent = await head.request("POST", "/api/v1/notifications/messages", {
      userId: fixture.managerA2.id,
      text: "Срочно перезвоните клиенту",
    });
    expect(sent.statusCode).toBe(201);
    const frame = (await mine.next("notification")) as { notification: { id: string; body: string; seq: number } };
    expect(frame.notification).toMatchObject({
      id: sent.json().id,
      body: "Срочно перезвоните клиенту",
      kind: "message",
    });
    expect(frame.notification.seq).toBeGreaterThan(hello.cursor as number);
    // Stored first: what was pushed is what the API lists.
    const listed = (await recipient.request("GET", "/api/v1/notifications")).json();
    expect(listed.items[0].id).toBe(frame.notification.id);

    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(theirs.frames.filter((entry) => entry.type === "notification")).toHaveLength(0);
    mine.socket.close();
    theirs.socket.close();
  });

  it("keeps who is online while a socket is open, and forgets them when it closes", async () => {
    const online = async () =>
      rows<{ userId: string }>(
        context.handle.db,
        sql`select user_id as "userId" from user_presence where user_id = ${fixture.managerA2.id}`,
      );
    const socket = await openSocket(url, { cookie: recipient.cookie, origin });
    await socket.next("hello");
    await expect.poll(online, { timeout: 5000 }).toHaveLength(1);
    socket.socket.close();
    await socket.closed;
    await expect.poll(online, { timeout: 5000 }).toHaveLength(0);
  });

  it("closes the sockets of a session at logout, and all of a user's when they are disabled", async () => {
    const session = await login(context.app, "manager-a1");
    const socket = await openSocket(url, { cookie: session.cookie, origin });
    await socket.next("hello");
    await session.request("POST", "/api/v1/auth/logout");
    expect((await socket.closed).code).toBe(4401);
    await expect(openSocket(url, { cookie: session.cookie, origin })).rejects.toThrow("HTTP 401");

    const first = await openSocket(url, { cookie: recipient.cookie, origin });
    const secondSession = await login(context.app, "manager-a2");
    const second = await openSocket(url, { cookie: secondSession.cookie, origin });
    await Promise.all([first.next("hello"), second.next("hello")]);
    const admin = await login(context.app, "admin-user");
    const user = (await admin.request("GET", `/api/v1/users/${fixture.managerA2.id}`)).json();
    const disabled = await admin.request("PATCH", `/api/v1/users/${fixture.managerA2.id}`, {
      version: user.version,
      active: false,
    });
    expect(disabled.statusCode, disabled.body).toBe(200);
    expect((await first.closed).code).toBe(4401);
    expect((await second.closed).code).toBe(4401);
  });

  it("pushes a chat message to the other member, who shows as online, and their coming and going", async () => {
    const writer = await login(context.app, "head-a");
    const reader = await login(context.app, "manager-a1");
    const chat = await writer.request("POST", "/api/v1/chats/direct", { userId: fixture.managerA1.id });
    const watching = await openSocket(url, { cookie: writer.cookie, origin });
    await watching.next("hello");
    const socket = await openSocket(url, { cookie: reader.cookie, origin });
    await socket.next("hello");
    expect(await watching.next("presence")).toMatchObject({ userId: fixture.managerA1.id, online: true });
    const detail = (await writer.request("GET", `/api/v1/chats/${chat.json().id}`)).json();
    expect(detail.peer).toMatchObject({ id: fixture.managerA1.id, online: true });
    const sent = await writer.request("POST", `/api/v1/chats/${chat.json().id}/messages`, { body: "Как дела по КП?" });
    expect(sent.statusCode).toBe(201);
    const frame = (await socket.next("chat_message")) as { message: { id: string; body: string; mine: boolean } };
    expect(frame.message).toMatchObject({ id: sent.json().id, body: "Как дела по КП?", mine: false });
    socket.socket.close();
    await socket.closed;
    expect(await watching.next("presence")).toMatchObject({ userId: fixture.managerA1.id, online: false });
    expect((await writer.request("GET", `/api/v1/chats/${chat.json().id}`)).json().peer.online).toBe(false);
    watching.socket.close();
  });

  it("answers a ping", async () => {
    const session = await login(context.app, "head-a");
    const socket = await openSocket(url, { cookie: session.cookie, origin });
    socket.socket.send(JSON.stringify({ type: "ping" }));
    expect((await socket.next("pong")).type).toBe("pong");
    socket.socket.close();
  });
});
