import type { ChatDetail } from "@planerka/common";
import type { LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import type { Client } from "../../testing/test-app";

/** A multipart body with text fields and one file in the field `file` (as a browser's FormData sends it). */
export function multipart(fields: Record<string, string>, file?: { name: string; data: Buffer; type: string }) {
  const boundary = "----planerka-chat-test";
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.data,
      Buffer.from("\r\n"),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

/** Status first, so a failure shows the problem the server answered. */
export async function ok(response: Promise<LightMyRequestResponse>, status = 200) {
  const answer = await response;
  expect(answer.statusCode, answer.body).toBe(status);
  return answer.statusCode === 204 ? undefined : answer.json();
}

export async function createGroup(client: Client, title: string, memberIds: string[]): Promise<ChatDetail> {
  return ok(client.request("POST", "/api/v1/chats", { title, memberIds }), 201);
}

export async function post(client: Client, chatId: string, body: string, extra: Record<string, unknown> = {}) {
  return ok(client.request("POST", `/api/v1/chats/${chatId}/messages`, { body, ...extra }), 201);
}

export async function createDeal(client: Client, title: string): Promise<{ id: string; version: number }> {
  return ok(client.request("POST", "/api/v1/deals", { title, amount: 100 }), 201);
}
