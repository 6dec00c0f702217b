import type { GroupDetail } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import { type Database, rows } from "../../platform/db/database";
import type { Client } from "../../testing/test-app";

/** Status first, so a failure shows the problem the server answered. */
export async function ok(response: Promise<LightMyRequestResponse>, status = 200) {
  const answer = await response;
  expect(answer.statusCode, answer.body).toBe(status);
  return answer.statusCode === 204 ? undefined : answer.json();
}

export async function createGroupAs(client: Client, body: Record<string, unknown>): Promise<GroupDetail> {
  return ok(client.request("POST", "/api/v1/groups", body), 201);
}

/** Everything a group action could change, to compare before and after a refusal. */
export async function groupsSnapshot(db: Database) {
  const [snapshot] = await rows(
    db,
    sql`select (select json_agg(g order by g.id) from groups g) as groups,
               (select json_agg(m order by m.group_id, m.user_id) from group_members m) as members,
               (select json_agg(c order by c.chat_id, c.user_id) from chat_members c) as chat_members,
               (select json_agg(c order by c.id) from chats c) as chats,
               (select json_agg(t order by t.id) from tasks t) as tasks,
               (select count(*)::int from audit_log) as audit,
               (select count(*)::int from notifications) as notifications`,
  );
  return snapshot;
}

export async function chatMemberIds(db: Database, chatId: string): Promise<string[]> {
  const found = await rows<{ userId: string }>(
    db,
    sql`select user_id as "userId" from chat_members where chat_id = ${chatId} order by user_id`,
  );
  return found.map((row) => row.userId);
}

export const errorPaths = (response: LightMyRequestResponse) =>
  ((response.json() as { errors?: { path: string }[] }).errors ?? []).map((error) => error.path);
