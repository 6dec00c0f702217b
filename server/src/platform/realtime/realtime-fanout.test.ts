import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createAccessFixture } from "../../testing/factories";
import { logInOverHttp, type ServerProcess, startServerProcess } from "../../testing/server-process";
import { openTestDatabase } from "../../testing/test-database";
import { type DatabaseHandle, rows } from "../db/database";

const serverUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!serverUrl)("two server processes on one PostgreSQL behave as one", () => {
  let handle: DatabaseHandle;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    handle = await openTestDatabase();
    await createAccessFixture(handle.db);
    const [database] = await rows<{ name: string }>(handle.db, sql`select current_database() as name`);
    const url = new URL(serverUrl!);
    url.pathname = `/${database!.name}`;
    const env = { DATABASE_URL: url.toString() };
    servers.push(await startServerProcess(env), await startServerProcess(env));
    await Promise.all(servers.map((server) => server.ready));
  }, 120_000);
  afterAll(async () => {
    for (const server of servers) server.child.kill("SIGKILL");
    await handle?.close();
  });

  it("a push caused through one process reaches a socket held by the other", { timeout: 60_000 }, async () => {
    const [first, second] = servers as [ServerProcess, ServerProcess];
    const head = await logInOverHttp(first.base, "head-a");
    const manager = await logInOverHttp(second.base, "manager-a2");
    const socket = new WebSocket(`${second.base.replace("http", "ws")}/api/v1/realtime`, {
      headers: { cookie: manager.cookie, origin: second.base },
    });
    const frames: { type: string; notification?: { body: string } }[] = [];
    const arrived = new Promise<void>((resolve) =>
      socket.on("message", (data) => {
        frames.push(JSON.parse(String(data)));
        if (frames.some((frame) => frame.type === "notification")) resolve();
      }),
    );
    await new Promise((resolve) => socket.on("open", resolve));

    const users = (await head.request<{ items: { id: string }[] }>("GET", "/api/v1/users?q=manager-a2")).body;
    const sent = await head.request("POST", "/api/v1/notifications/messages", {
      userId: users.items[0]!.id,
      text: "Через другой процесс",
    });
    expect(sent.status).toBe(201);
    await arrived;
    expect(frames.find((frame) => frame.type === "notification")!.notification!.body).toBe("Через другой процесс");

    // A chat message posted through the first process reaches the socket on the second.
    const chat = await head.request<{ id: string }>("POST", "/api/v1/chats/direct", { userId: users.items[0]!.id });
    const chatId = chat.body.id;
    const pushed = new Promise<{ body: string }>((resolve) =>
      socket.on("message", (data) => {
        const frame = JSON.parse(String(data));
        if (frame.type === "chat_message") resolve(frame.message);
      }),
    );
    const posted = await head.request("POST", `/api/v1/chats/${chatId}/messages`, {
      body: "Сообщение через процесс A",
    });
    expect(posted.status).toBe(201);
    expect((await pushed).body).toBe("Сообщение через процесс A");
    socket.close();
  });
});
