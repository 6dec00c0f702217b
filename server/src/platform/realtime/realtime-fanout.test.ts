import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createAccessFixture, testPassword } from "../../testing/factories";
import { openTestDatabase } from "../../testing/test-database";
import { type DatabaseHandle, rows } from "../db/database";

const serverUrl = process.env.TEST_DATABASE_URL;

interface ServerProcess {
  child: ChildProcess;
  base: string;
  ready: Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** A whole Planerka server (main.ts) in its own process on the shared database. */
async function startServer(databaseUrl: string): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "server/src/main.ts"], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      PLANERKA_DEMO: "0",
      PLANERKA_SECRET_KEY: "fan-out-test-secret-key",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Planerka is running")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  return { child, base: `http://127.0.0.1:${port}`, ready };
}

async function logIn(base: string, login: string): Promise<string> {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ login, password: testPassword }),
  });
  expect(response.status).toBe(200);
  return response.headers.getSetCookie()[0]!.split(";")[0]!;
}

describe.skipIf(!serverUrl)("two server processes on one PostgreSQL behave as one", () => {
  let handle: DatabaseHandle;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    handle = await openTestDatabase();
    await createAccessFixture(handle.db);
    const [database] = await rows<{ name: string }>(handle.db, sql`select current_database() as name`);
    const url = new URL(serverUrl!);
    url.pathname = `/${database!.name}`;
    servers.push(await startServer(url.toString()), await startServer(url.toString()));
    await Promise.all(servers.map((server) => server.ready));
  }, 120_000);
  afterAll(async () => {
    for (const server of servers) server.child.kill("SIGKILL");
    await handle?.close();
  });

  it("a push caused through one process reaches a socket held by the other", { timeout: 60_000 }, async () => {
    const [first, second] = servers as [ServerProcess, ServerProcess];
    const headCookie = await logIn(first.base, "head-a");
    const managerCookie = await logIn(second.base, "manager-a2");
    const socket = new WebSocket(`${second.base.replace("http", "ws")}/api/v1/realtime`, {
      headers: { cookie: managerCookie, origin: second.base },
    });
    const frames: { type: string; notification?: { body: string } }[] = [];
    const arrived = new Promise<void>((resolve) =>
      socket.on("message", (data) => {
        frames.push(JSON.parse(String(data)));
        if (frames.some((frame) => frame.type === "notification")) resolve();
      }),
    );
    await new Promise((resolve) => socket.on("open", resolve));

    const users = (await (
      await fetch(`${first.base}/api/v1/users?q=manager-a2`, { headers: { cookie: headCookie } })
    ).json()) as {
      items: { id: string }[];
    };
    const sent = await fetch(`${first.base}/api/v1/notifications/messages`, {
      method: "POST",
      headers: { cookie: headCookie, "content-type": "application/json", origin: first.base },
      body: JSON.stringify({ userId: users.items[0]!.id, text: "Через другой процесс" }),
    });
    expect(sent.status).toBe(201);
    await arrived;
    expect(frames.find((frame) => frame.type === "notification")!.notification!.body).toBe("Через другой процесс");

    // A chat message posted through the first process reaches the socket on the second.
    const chat = await fetch(`${first.base}/api/v1/chats/direct`, {
      method: "POST",
      headers: { cookie: headCookie, "content-type": "application/json", origin: first.base },
      body: JSON.stringify({ userId: users.items[0]!.id }),
    });
    const chatId = ((await chat.json()) as { id: string }).id;
    const pushed = new Promise<{ body: string }>((resolve) =>
      socket.on("message", (data) => {
        const frame = JSON.parse(String(data));
        if (frame.type === "chat_message") resolve(frame.message);
      }),
    );
    const posted = await fetch(`${first.base}/api/v1/chats/${chatId}/messages`, {
      method: "POST",
      headers: { cookie: headCookie, "content-type": "application/json", origin: first.base },
      body: JSON.stringify({ body: "Сообщение через процесс A" }),
    });
    expect(posted.status).toBe(201);
    expect((await pushed).body).toBe("Сообщение через процесс A");
    socket.close();
  });
});
