/**
 * The real-time channel: 1,000 WebSockets held open by one server process, and the time from a
 * chat message's POST until another user's socket receives it (send to receive, on loopback).
 */
import WebSocket from "ws";
import { apiClient, type Figure, percentile } from "./measure";

interface Socket {
  socket: WebSocket;
  /** When each pushed message arrived (it may arrive before its POST is answered). */
  arrivals: Map<string, number>;
  waiting: Map<string, (at: number) => void>;
}

function openSocket(address: string, cookie: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${address.replace("http", "ws")}/api/v1/realtime`, {
      headers: { cookie, origin: address },
    });
    const opened: Socket = { socket, arrivals: new Map(), waiting: new Map() };
    socket.on("message", (data) => {
      const at = performance.now();
      const frame = JSON.parse(String(data));
      if (frame.type === "hello") resolve(opened);
      if (frame.type !== "chat_message") return;
      const waiter = opened.waiting.get(frame.message.id);
      if (waiter) waiter(at);
      else opened.arrivals.set(frame.message.id, at);
    });
    socket.on("error", reject);
  });
}

async function postJson(address: string, cookie: string, url: string, body: unknown) {
  const response = await fetch(`${address}${url}`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json", origin: address },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<{ id: string }>;
}

export async function measureRealtime(
  address: string,
  logins: string[],
  password: string,
  options: { sockets: number; messages: number },
): Promise<{ figures: Figure[]; notes: string[] }> {
  const clients = await Promise.all(logins.map((login) => apiClient(address, login, password)));
  const rssBefore = process.memoryUsage().rss;
  const sockets: Socket[] = [];
  const openStarted = performance.now();
  // Opened in batches, as a morning's logins would.
  for (let index = 0; index < options.sockets; index += 50) {
    const batch = Array.from({ length: Math.min(50, options.sockets - index) }, (_, offset) =>
      openSocket(address, clients[(index + offset) % clients.length]!.cookie),
    );
    sockets.push(...(await Promise.all(batch)));
  }
  const openSeconds = (performance.now() - openStarted) / 1000;
  const rssAfter = process.memoryUsage().rss;

  const [sender, receiver] = clients as [(typeof clients)[0], (typeof clients)[0]];
  const receiverId = (JSON.parse(Buffer.from(await receiver.get("/api/v1/me")).toString()) as { id: string }).id;
  const chat = await postJson(address, sender.cookie, "/api/v1/chats/direct", { userId: receiverId });
  // The receiver's sockets are those opened with its cookie (every len-th from index 1).
  const receiverSocket = sockets[1]!;
  const times: number[] = [];
  for (let index = 0; index < options.messages + 5; index++) {
    const begin = performance.now();
    const { id } = await postJson(address, sender.cookie, `/api/v1/chats/${chat.id}/messages`, {
      body: `Сообщение ${index}`,
    });
    const at =
      receiverSocket.arrivals.get(id) ??
      (await Promise.race([
        new Promise<number>((resolve) => receiverSocket.waiting.set(id, resolve)),
        new Promise<number>((_, reject) => setTimeout(() => reject(new Error("no push within 5 s")), 5000)),
      ]));
    receiverSocket.waiting.delete(id);
    if (index >= 5) times.push(at - begin);
  }
  for (const { socket } of sockets) socket.close();
  const figures: Figure[] = [
    {
      name: `chat: a message from POST to another user's socket (${options.sockets} sockets open)`,
      p50: percentile(times, 0.5),
      p95: percentile(times, 0.95),
      max: Math.max(...times),
      note: "target: median ≤ 100 ms",
    },
  ];
  const notes = [
    `${options.sockets} WebSockets (${clients.length} users) opened in ${openSeconds.toFixed(1)} s; ` +
      `process RSS ${(rssBefore / 2 ** 20).toFixed(0)} → ${(rssAfter / 2 ** 20).toFixed(0)} MiB (server and clients share the process)`,
  ];
  return { figures, notes };
}
