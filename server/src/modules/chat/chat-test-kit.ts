import type { ChatDetail } from "@planerka/common";
import type { LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import type { Client } from "../../testing/test-app";

export { multipart } from "../../testing/multipart";

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
