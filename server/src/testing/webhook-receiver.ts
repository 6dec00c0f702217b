import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  /** The bytes as they arrived: what the signature must cover. */
  raw: string;
}

export interface WebhookReceiver {
  port: number;
  /** `http://127.0.0.1:<port><path>` */
  url(path?: string): string;
  received: ReceivedWebhook[];
  /** How the next requests are answered (in order; the last one repeats); 200 "ok" by default. */
  respond(...answers: ((response: ServerResponse, request: ReceivedWebhook) => void)[]): void;
  close(): Promise<void>;
}

/** A real HTTP server on the loopback that keeps every request it gets (webhook tests). */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let answers: ((response: ServerResponse, request: ReceivedWebhook) => void)[] = [];
  let answered = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const entry = { path: request.url ?? "/", headers: request.headers, raw: Buffer.concat(chunks).toString("utf8") };
      received.push(entry);
      const answer = answers[Math.min(answered++, answers.length - 1)];
      if (answer) answer(response, entry);
      else response.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path = "/hook") => `http://127.0.0.1:${port}${path}`,
    received,
    respond(...next) {
      answers = next;
      answered = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
