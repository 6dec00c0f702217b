import WebSocket from "ws";

export interface OpenSocket {
  socket: WebSocket;
  frames: { type: string; [key: string]: unknown }[];
  closed: Promise<{ code: number }>;
  next(type: string, timeoutMs?: number): Promise<Record<string, unknown>>;
}

/** A real WebSocket client on loopback, collecting the frames it receives. */
export function openSocket(url: string, headers: Record<string, string>): Promise<OpenSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    const frames: OpenSocket["frames"] = [];
    const waiters: { type: string; resolve: (frame: Record<string, unknown>) => void }[] = [];
    socket.on("message", (data) => {
      const frame = JSON.parse(String(data));
      frames.push(frame);
      for (const waiter of waiters.filter((entry) => entry.type === frame.type)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(frame);
      }
    });
    const closed = new Promise<{ code: number }>((done) => socket.on("close", (code) => done({ code })));
    socket.on("unexpected-response", (request, response) => {
      // Handling this event means closing the refused request ourselves.
      request.destroy();
      reject(new Error(`HTTP ${response.statusCode}`));
    });
    socket.on("error", reject);
    socket.on("open", () =>
      resolve({
        socket,
        frames,
        closed,
        next: (type, timeoutMs = 5000) => {
          const seen = frames.find((frame) => frame.type === type);
          if (seen) {
            frames.splice(frames.indexOf(seen), 1);
            return Promise.resolve(seen);
          }
          return new Promise((done, fail) => {
            const timer = setTimeout(() => fail(new Error(`no ${type} frame within ${timeoutMs} ms`)), timeoutMs);
            waiters.push({
              type,
              resolve: (frame) => {
                clearTimeout(timer);
                frames.splice(frames.indexOf(frame as never), 1);
                done(frame);
              },
            });
          });
        },
      }),
    );
  });
}
