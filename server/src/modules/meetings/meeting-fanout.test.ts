import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type OpenSocket, openSocket } from "../../testing/realtime-socket";
import { type HttpClient, logInOverHttp, type ServerProcess, startServerProcess } from "../../testing/server-process";
import { openTestDatabase } from "../../testing/test-database";

const serverUrl = process.env.TEST_DATABASE_URL;

/** Peers of one room on sockets held by two server processes find each other and exchange signals. */
describe.skipIf(!serverUrl)("a meeting room across two server processes", () => {
  let handle: DatabaseHandle;
  const servers: ServerProcess[] = [];
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;

  beforeAll(async () => {
    handle = await openTestDatabase();
    fixture = await createAccessFixture(handle.db);
    const [database] = await rows<{ name: string }>(handle.db, sql`select current_database() as name`);
    const url = new URL(serverUrl!);
    url.pathname = `/${database!.name}`;
    const env = {
      DATABASE_URL: url.toString(),
      PLANERKA_ICE_SERVERS: JSON.stringify([{ urls: "turn:turn.example.kz:3478" }]),
      PLANERKA_TURN_SECRET: "a-shared-coturn-secret",
    };
    servers.push(await startServerProcess(env), await startServerProcess(env));
    await Promise.all(servers.map((server) => server.ready));
  }, 120_000);
  afterAll(async () => {
    for (const server of servers) server.child.kill("SIGKILL");
    await handle?.close();
  });

  const connect = async (server: ServerProcess, client: HttpClient): Promise<OpenSocket> => {
    const socket = await openSocket(`${server.base.replace("http", "ws")}/api/v1/realtime`, {
      cookie: client.cookie,
      origin: server.base,
    });
    await socket.next("hello");
    return socket;
  };
  const send = (socket: OpenSocket, frame: Record<string, unknown>) => socket.socket.send(JSON.stringify(frame));

  it("joins, hears the other peer and relays an offer and its answer between the processes", {
    timeout: 60_000,
  }, async () => {
    const [first, second] = servers as [ServerProcess, ServerProcess];
    const organizer = await logInOverHttp(first.base, "manager-a1");
    const invited = await logInOverHttp(second.base, "head-a");
    const startsAt = new Date(Date.now() + 3_600_000);
    const event = await organizer.request<{ id: string }>("POST", "/api/v1/events", {
      title: "Встреча через два процесса",
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
      attendeeIds: [fixture.headA.id],
    });
    expect(event.status).toBe(201);
    const room = await organizer.request<{ id: string }>("POST", "/api/v1/meeting-rooms", { eventId: event.body.id });
    expect(room.status).toBe(200);
    const roomId = room.body.id;
    // The TURN entry comes with coturn's time-limited credential for this person.
    const state = await invited.request<{ iceServers: { username?: string; credential?: string }[] }>(
      "GET",
      `/api/v1/meeting-rooms/${roomId}`,
    );
    expect(state.body.iceServers[0]!.username).toMatch(new RegExp(`^\\d+:${fixture.headA.id}$`));
    expect(state.body.iceServers[0]!.credential).toBeTruthy();

    const one = await connect(first, organizer);
    const two = await connect(second, invited);
    send(one, { type: "meeting_join", roomId });
    const onePeer = (await one.next("meeting_joined")).peerId as string;
    send(two, { type: "meeting_join", roomId });
    const joined = await two.next("meeting_joined");
    const twoPeer = joined.peerId as string;
    expect((joined.peers as { peerId: string }[]).map((peer) => peer.peerId)).toEqual([onePeer, twoPeer]);
    // The first process's peer hears of the second's through the database.
    for (;;) {
      const changed = await one.next("meeting_changed", 10_000);
      if ((changed.peers as unknown[]).length === 2) break;
    }
    const offer = { kind: "description", description: { type: "offer", sdp: `v=0\r\n${"a=x\r\n".repeat(2000)}` } };
    send(two, { type: "meeting_signal", roomId, toPeerId: onePeer, signal: offer });
    expect(await one.next("meeting_signal", 10_000)).toMatchObject({
      fromPeerId: twoPeer,
      toPeerId: onePeer,
      signal: offer,
    });
    const answer = { kind: "description", description: { type: "answer", sdp: "v=0\r\n" } };
    send(one, { type: "meeting_signal", roomId, toPeerId: twoPeer, signal: answer });
    expect(await two.next("meeting_signal", 10_000)).toMatchObject({ fromPeerId: onePeer, signal: answer });
    // An outsider on either process is refused.
    const outsider = await logInOverHttp(second.base, "manager-b1");
    const theirs = await connect(second, outsider);
    send(theirs, { type: "meeting_signal", roomId, toPeerId: onePeer, signal: answer });
    expect((await theirs.next("meeting_refused")).reason).toBe("not_found");
    for (const socket of [one, two, theirs]) socket.socket.close();
  });
});
