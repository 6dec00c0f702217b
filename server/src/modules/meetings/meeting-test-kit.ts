import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import type { LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import { type Database, rows } from "../../platform/db/database";
import type { ApiApp } from "../../platform/http/api-app";
import type { createAccessFixture } from "../../testing/factories";
import { type OpenSocket, openSocket } from "../../testing/realtime-socket";
import type { Client } from "../../testing/test-app";

export type Fixture = Awaited<ReturnType<typeof createAccessFixture>>;

/** Status first, so a failure shows the problem the server answered. */
export async function ok<T = Record<string, unknown>>(
  response: Promise<LightMyRequestResponse>,
  status = 200,
): Promise<T> {
  const answer = await response;
  expect(answer.statusCode, answer.body).toBe(status);
  return (answer.statusCode === 204 ? undefined : answer.json()) as T;
}

/**
 * A1's meeting (not private) with head A invited, and A1's closed group with head A in it. The
 * event's room is for A1, head A, and those whose activities scope reaches A1 (the region's head,
 * the top, the administrator); the group's room for A1 and head A only.
 */
export async function createMeetingSubjects(managerA1: Client, fixture: Fixture) {
  const startsAt = new Date(Date.now() + 3_600_000);
  const event = await ok<{ id: string }>(
    managerA1.request("POST", "/api/v1/events", {
      title: "Планёрка отдела",
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
      attendeeIds: [fixture.headA.id],
    }),
    201,
  );
  const group = await ok<{ id: string }>(
    managerA1.request("POST", "/api/v1/groups", {
      name: "Проект «Восток»",
      visibility: "closed",
      memberIds: [fixture.headA.id],
    }),
    201,
  );
  return { eventId: event.id, groupId: group.id };
}

/** Everything a meeting route could change, to compare before and after a refusal. */
export async function meetingSnapshot(db: Database) {
  const [snapshot] = await rows(
    db,
    sql`select (select json_agg(r order by r.id) from meeting_rooms r) as rooms,
               (select json_agg(m order by m.id) from meetings m) as meetings,
               (select json_agg(i order by i.id) from meeting_items i) as items,
               (select json_agg(m order by m.id) from meeting_messages m) as messages,
               (select json_agg(t order by t.task_id) from meeting_tasks t) as tasks,
               (select json_agg(a order by a.meeting_id, a.user_id) from meeting_attendance a) as attendance,
               (select json_agg(p order by p.id) from meeting_peers p) as peers,
               (select count(*)::int from meeting_signals) as signals,
               (select count(*)::int from tasks) as all_tasks,
               (select count(*)::int from feed_posts) as posts,
               (select count(*)::int from audit_log) as audit,
               (select count(*)::int from notifications) as notifications`,
  );
  return snapshot;
}

/** The app listening on loopback, and a socket opener for a logged-in client. */
export async function listenForSockets(app: ApiApp) {
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const url = `ws://127.0.0.1:${port}/api/v1/realtime`;
  return async (client: Client): Promise<OpenSocket> => {
    const socket = await openSocket(url, { cookie: client.cookie, origin });
    await socket.next("hello");
    return socket;
  };
}

export const send = (socket: OpenSocket, frame: Record<string, unknown>) => socket.socket.send(JSON.stringify(frame));

/** Joins a room over the socket; the peer id the server gave. */
export async function joinRoom(socket: OpenSocket, roomId: string): Promise<string> {
  send(socket, { type: "meeting_join", roomId });
  const joined = await socket.next("meeting_joined");
  expect(joined.roomId).toBe(roomId);
  return joined.peerId as string;
}
