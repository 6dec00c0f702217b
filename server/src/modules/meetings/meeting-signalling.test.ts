import { meetingRoomMaxPeers } from "@planerka/common";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import type { OpenSocket } from "../../testing/realtime-socket";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { meetingFrameBudget } from "./meeting-signalling";
import {
  createMeetingSubjects,
  type Fixture,
  joinRoom,
  listenForSockets,
  meetingSnapshot,
  ok,
  send,
} from "./meeting-test-kit";

/** An SDP offer the size Chromium makes for audio and video (well past the socket's old 4 KiB). */
const offerSdp = `v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n${"a=fmtp:96 profile-level-id=42e01f\r\n".repeat(300)}`;

describe("meeting rooms' signalling over the real-time socket", () => {
  const context = useTestApp();
  let fixture: Fixture;
  let managerA1: Client;
  let headA: Client;
  let managerA2: Client;
  let headB: Client;
  let eventRoom: string;
  let groupRoom: string;
  let groupId: string;
  let connect: Awaited<ReturnType<typeof listenForSockets>>;
  const peersIn = async (roomId: string) =>
    rows<{ userId: string }>(
      context.handle.db,
      sql`select user_id as "userId" from meeting_peers where room_id = ${roomId} order by seq`,
    );

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [managerA1, headA, managerA2, headB] = await loginEach(context.app, [
      "manager-a1",
      "head-a",
      "manager-a2",
      "head-b",
    ] as const);
    const subjects = await createMeetingSubjects(managerA1, fixture);
    groupId = subjects.groupId;
    eventRoom = (
      await ok<{ id: string }>(managerA1.request("POST", "/api/v1/meeting-rooms", { eventId: subjects.eventId }))
    ).id;
    groupRoom = (await ok<{ id: string }>(managerA1.request("POST", "/api/v1/meeting-rooms", { groupId }))).id;
    connect = await listenForSockets(context.app);
  });

  it("joins peers, tells the room who is in it, and relays offers, answers and candidates between them only", async () => {
    const a1 = await connect(managerA1);
    const head = await connect(headA);
    const a1Peer = await joinRoom(a1, eventRoom);
    send(head, { type: "meeting_join", roomId: eventRoom });
    const joined = await head.next("meeting_joined");
    const headPeer = joined.peerId as string;
    // The newcomer learns who was there first (and so whom to make offers to).
    expect(
      (joined.peers as { peerId: string; user: { id: string }; seq: number }[]).map((peer) => peer.user.id),
    ).toEqual([fixture.managerA1.id, fixture.headA.id]);
    // Those already in the room hear of the newcomer.
    const changed = await waitForPeers(a1, 2);
    expect(changed.map((peer) => peer.peerId)).toEqual([a1Peer, headPeer]);

    const offer = { kind: "description", description: { type: "offer", sdp: offerSdp } };
    send(head, { type: "meeting_signal", roomId: eventRoom, toPeerId: a1Peer, signal: offer });
    const relayed = await a1.next("meeting_signal");
    expect(relayed).toMatchObject({ roomId: eventRoom, fromPeerId: headPeer, toPeerId: a1Peer, signal: offer });
    const answer = { kind: "description", description: { type: "answer", sdp: "v=0\r\n" } };
    send(a1, { type: "meeting_signal", roomId: eventRoom, toPeerId: headPeer, signal: answer });
    expect(await head.next("meeting_signal")).toMatchObject({ fromPeerId: a1Peer, signal: answer });
    const candidate = {
      kind: "candidate",
      candidate: { candidate: "candidate:1 1 udp 2122260223 127.0.0.1 54321 typ host", sdpMid: "0", sdpMLineIndex: 0 },
    };
    send(a1, { type: "meeting_signal", roomId: eventRoom, toPeerId: headPeer, signal: candidate });
    expect((await head.next("meeting_signal")).signal).toEqual(candidate);
    // Taken out once delivered.
    await expect.poll(async () => (await rows(context.handle.db, sql`select id from meeting_signals`)).length).toBe(0);

    // Leaving (or closing the tab) lets the others know.
    send(head, { type: "meeting_leave", roomId: eventRoom });
    expect((await waitForPeers(a1, 1)).map((peer) => peer.peerId)).toEqual([a1Peer]);
    a1.socket.close();
    await a1.closed;
    await expect.poll(() => peersIn(eventRoom)).toEqual([]);
    head.socket.close();
  });

  it("refuses every frame of someone who may not be in the room as not found, and relays nothing to or from them", async () => {
    const a1 = await connect(managerA1);
    const a1Peer = await joinRoom(a1, eventRoom);
    const before = await meetingSnapshot(context.handle.db);
    for (const client of [managerA2, headB]) {
      const outsider = await connect(client);
      for (const frame of [
        { type: "meeting_watch", roomId: eventRoom },
        { type: "meeting_join", roomId: eventRoom },
        { type: "meeting_join", roomId: groupRoom },
        {
          type: "meeting_signal",
          roomId: eventRoom,
          toPeerId: a1Peer,
          signal: { kind: "description", description: { type: "offer", sdp: "v=0" } },
        },
      ]) {
        send(outsider, frame);
        expect(await outsider.next("meeting_refused")).toEqual({
          type: "meeting_refused",
          roomId: frame.roomId,
          reason: "not_found",
        });
      }
      outsider.socket.close();
    }
    expect(await meetingSnapshot(context.handle.db)).toEqual(before);
    // A member of the room who has not joined, or who names a peer that is not there, is refused too.
    const head = await connect(headA);
    send(head, {
      type: "meeting_signal",
      roomId: eventRoom,
      toPeerId: a1Peer,
      signal: { kind: "candidate", candidate: { candidate: "" } },
    });
    expect((await head.next("meeting_refused")).reason).toBe("not_found");
    await joinRoom(head, eventRoom);
    send(head, {
      type: "meeting_signal",
      roomId: eventRoom,
      toPeerId: fixture.managerA1.id,
      signal: { kind: "candidate", candidate: { candidate: "" } },
    });
    expect((await head.next("meeting_refused")).reason).toBe("not_found");
    // A peer of another room is not reachable from this one.
    const a1InGroup = await connect(managerA1);
    const groupPeer = await joinRoom(a1InGroup, groupRoom);
    send(head, {
      type: "meeting_signal",
      roomId: eventRoom,
      toPeerId: groupPeer,
      signal: { kind: "candidate", candidate: { candidate: "" } },
    });
    expect((await head.next("meeting_refused")).reason).toBe("not_found");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(a1.frames.filter((frame) => frame.type === "meeting_signal")).toEqual([]);
    expect(a1InGroup.frames.filter((frame) => frame.type === "meeting_signal")).toEqual([]);
    for (const socket of [a1, head, a1InGroup]) socket.socket.close();
    await expect.poll(() => peersIn(eventRoom)).toEqual([]);
    await expect.poll(() => peersIn(groupRoom)).toEqual([]);
  });

  it("refuses malformed frames as invalid", async () => {
    const a1 = await connect(managerA1);
    const a1Peer = await joinRoom(a1, eventRoom);
    for (const frame of [
      { type: "meeting_join" },
      { type: "meeting_join", roomId: "room" },
      { type: "meeting_signal", roomId: eventRoom, toPeerId: a1Peer, signal: { kind: "offer" } },
      {
        type: "meeting_signal",
        roomId: eventRoom,
        toPeerId: a1Peer,
        signal: { kind: "description", description: { type: "offer", sdp: "x".repeat(30_001) } },
      },
    ]) {
      send(a1, frame);
      expect((await a1.next("meeting_refused")).reason).toBe("invalid");
    }
    a1.socket.close();
    await expect.poll(() => peersIn(eventRoom)).toEqual([]);
  });

  it("drops what a socket sends beyond its budget of frames, unanswered", async () => {
    const a1 = await connect(managerA1);
    for (let index = 0; index < meetingFrameBudget.frames + 50; index += 1) send(a1, { type: "meeting_join" });
    await expect
      .poll(() => a1.frames.filter((frame) => frame.type === "meeting_refused").length)
      .toBe(meetingFrameBudget.frames);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(a1.frames.filter((frame) => frame.type === "meeting_refused")).toHaveLength(meetingFrameBudget.frames);
    // A ping is the socket's own, not the room's: still answered.
    send(a1, { type: "ping" });
    await a1.next("pong");
    a1.socket.close();
  });

  it(`takes at most ${meetingRoomMaxPeers} peers and refuses the next one as full`, async () => {
    const sockets: OpenSocket[] = [];
    for (let index = 0; index < meetingRoomMaxPeers; index += 1) {
      const socket = await connect(index % 2 === 0 ? managerA1 : headA);
      await joinRoom(socket, groupRoom);
      sockets.push(socket);
    }
    const ninth = await connect(headA);
    send(ninth, { type: "meeting_join", roomId: groupRoom });
    expect(await ninth.next("meeting_refused")).toEqual({ type: "meeting_refused", roomId: groupRoom, reason: "full" });
    expect(await peersIn(groupRoom)).toHaveLength(meetingRoomMaxPeers);
    // When someone leaves, there is room again.
    sockets.pop()!.socket.close();
    await expect.poll(async () => (await peersIn(groupRoom)).length).toBe(meetingRoomMaxPeers - 1);
    await joinRoom(ninth, groupRoom);
    for (const socket of [...sockets, ninth]) socket.socket.close();
    await expect.poll(() => peersIn(groupRoom)).toEqual([]);
  });

  it("drops someone from the room as soon as they may no longer be in it", async () => {
    const a1 = await connect(managerA1);
    const head = await connect(headA);
    await joinRoom(a1, groupRoom);
    await joinRoom(head, groupRoom);
    await waitForPeers(a1, 2);
    // The owner removes head A from the group: the next change of the room tells head A it is gone.
    await ok(managerA1.request("DELETE", `/api/v1/groups/${groupId}/members/${fixture.headA.id}`), 204);
    await ok(
      managerA1.request("POST", `/api/v1/meeting-rooms/${groupRoom}/items`, {
        kind: "agenda",
        body: "Дальше без него",
      }),
      201,
    );
    expect(await head.next("meeting_refused")).toMatchObject({ roomId: groupRoom, reason: "not_found" });
    expect((await waitForPeers(a1, 1)).map((peer) => peer.user.id)).toEqual([fixture.managerA1.id]);
    expect((await peersIn(groupRoom)).map((peer) => peer.userId)).toEqual([fixture.managerA1.id]);
    a1.socket.close();
    head.socket.close();
  });
});

/** Waits for a `meeting_changed` frame with `count` peers (earlier ones are skipped). */
async function waitForPeers(
  socket: OpenSocket,
  count: number,
): Promise<{ peerId: string; user: { id: string }; seq: number }[]> {
  for (;;) {
    const frame = await socket.next("meeting_changed");
    const peers = frame.peers as { peerId: string; user: { id: string }; seq: number }[];
    if (peers.length === count) return peers;
  }
}
