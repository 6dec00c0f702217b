import {
  type MeetingClientFrame,
  type MeetingRefusal,
  type MeetingSignal,
  meetingClientFrameSchema,
  meetingRoomMaxPeers,
} from "@planerka/common";
import { sql } from "drizzle-orm";
import { type Actor, actorForUser } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { publishRealtime } from "../../platform/realtime/realtime-events";
import type {
  RealtimeConnectionRef,
  RealtimeExtension,
  RealtimeGateway,
  RealtimeHandlers,
} from "../../platform/realtime/realtime-gateway";
import { presentPeer } from "./meeting-room.presenter";
import { livePeer, openMeetingId, type PeerRow, peerRows, roomRow } from "./meeting-room.queries";

/** A signal nobody took out within this long is dropped (its recipient's socket went away). */
const signalKeepSeconds = 60;

/**
 * Frames one socket may send in a window: joining a full room (seven offers and their candidates)
 * takes about 150; what goes beyond is dropped unanswered, so a flood costs no database work.
 */
export const meetingFrameBudget = { frames: 400, windowMs: 10_000 };

interface LocalPeer {
  peerId: string;
  connectionId: string;
  userId: string;
  roomId: string;
}

/**
 * A meeting room's signalling over the real-time socket. A browser tab watches a room (its page is
 * open: it hears of every change), joins it (camera and microphone on: a peer, at most
 * `meetingRoomMaxPeers`), and sends WebRTC offers, answers and ICE candidates to other peers. On
 * every frame the sender's right to the room is decided again from the database, as for an HTTP
 * request, and a signal goes only to a peer in the same room whose person may be there too; anyone
 * else's frame is refused as `not_found`, like a 404. Peers are rows (`meeting_peers`) so every
 * server process sees the same room; a signal is stored and announced by id, and the process that
 * holds the addressee's socket delivers it.
 */
export class MeetingSignalling implements RealtimeExtension {
  /** The peers whose sockets this process holds, by peer id. */
  private readonly peers = new Map<string, LocalPeer>();
  /** The rooms each socket of this process watches, by connection id. */
  private readonly watching = new Map<string, { userId: string; rooms: Set<string> }>();
  /** Frames each socket sent in its current window. */
  private readonly budgets = new Map<string, { since: number; frames: number }>();

  constructor(
    private readonly db: Database,
    private readonly gateway: RealtimeGateway,
  ) {}

  readonly inbound: NonNullable<RealtimeExtension["inbound"]> = {
    meeting_watch: (connection, frame) => this.receive(connection, frame),
    meeting_unwatch: (connection, frame) => this.receive(connection, frame),
    meeting_join: (connection, frame) => this.receive(connection, frame),
    meeting_leave: (connection, frame) => this.receive(connection, frame),
    meeting_signal: (connection, frame) => this.receive(connection, frame),
  };

  private async receive(connection: RealtimeConnectionRef, raw: Record<string, unknown>): Promise<void> {
    if (!this.withinBudget(connection.id)) return;
    const parsed = meetingClientFrameSchema.safeParse(raw);
    if (!parsed.success) {
      const roomId = typeof raw.roomId === "string" ? raw.roomId : null;
      this.refuse(connection, roomId, "invalid");
      return;
    }
    const frame: MeetingClientFrame = parsed.data;
    switch (frame.type) {
      case "meeting_watch":
        return this.watch(connection, frame.roomId);
      case "meeting_unwatch":
        this.watching.get(connection.id)?.rooms.delete(frame.roomId);
        return;
      case "meeting_join":
        return this.join(connection, frame.roomId);
      case "meeting_leave":
        return this.leave(connection, frame.roomId);
      case "meeting_signal":
        return this.relay(connection, frame.roomId, frame.toPeerId, frame.signal);
    }
  }

  private withinBudget(connectionId: string): boolean {
    const now = Date.now();
    const budget = this.budgets.get(connectionId);
    if (!budget || now - budget.since >= meetingFrameBudget.windowMs) {
      this.budgets.set(connectionId, { since: now, frames: 1 });
      return true;
    }
    budget.frames += 1;
    return budget.frames <= meetingFrameBudget.frames;
  }

  private refuse(connection: RealtimeConnectionRef, roomId: string | null, reason: MeetingRefusal): void {
    this.gateway.sendTo(connection.id, { type: "meeting_refused", roomId, reason });
  }

  /** The caller as an HTTP request would see them now; null for someone disabled since the socket opened. */
  private async actorOf(executor: Executor, userId: string): Promise<Actor | null> {
    return actorForUser(executor, userId).catch(() => null);
  }

  private async mayEnter(executor: Executor, userId: string, roomId: string): Promise<boolean> {
    const actor = await this.actorOf(executor, userId);
    return actor !== null && (await roomRow(executor, actor.scope, roomId)) !== undefined;
  }

  private peerOf(connectionId: string, roomId: string): LocalPeer | undefined {
    for (const peer of this.peers.values()) {
      if (peer.connectionId === connectionId && peer.roomId === roomId) return peer;
    }
    return undefined;
  }

  private async watch(connection: RealtimeConnectionRef, roomId: string): Promise<void> {
    if (!(await this.mayEnter(this.db, connection.userId, roomId))) {
      this.refuse(connection, roomId, "not_found");
      return;
    }
    this.addWatch(connection, roomId);
  }

  private addWatch(connection: RealtimeConnectionRef, roomId: string): void {
    const watch = this.watching.get(connection.id);
    if (watch) watch.rooms.add(roomId);
    else this.watching.set(connection.id, { userId: connection.userId, rooms: new Set([roomId]) });
  }

  private async join(connection: RealtimeConnectionRef, roomId: string): Promise<void> {
    const previous = this.peerOf(connection.id, roomId);
    type Outcome = { refused: MeetingRefusal } | { refused: null; peerId: string; peers: PeerRow[] };
    const outcome = await this.db.transaction(async (tx): Promise<Outcome> => {
      const actor = await this.actorOf(tx, connection.userId);
      const room = actor && (await roomRow(tx, actor.scope, roomId, { lock: true }));
      if (!actor || !room) return { refused: "not_found" as const };
      // A tab joining again (its socket reconnected) replaces its old peer; dead processes' peers go.
      await tx.execute(
        sql`delete from meeting_peers p where p.room_id = ${roomId}
              and (p.id = ${previous?.peerId ?? null}::uuid or not ${livePeer("p")})`,
      );
      const [count] = await rows<{ count: number }>(
        tx,
        sql`select count(*)::int as count from meeting_peers where room_id = ${roomId}`,
      );
      if ((count?.count ?? 0) >= meetingRoomMaxPeers) return { refused: "full" as const };
      const meetingId = await openMeetingId(tx, room, actor.user.id);
      const [peer] = await rows<{ id: string }>(
        tx,
        sql`insert into meeting_peers (room_id, user_id, instance_id)
            values (${roomId}, ${actor.user.id}, ${this.gateway.instanceId}) returning id`,
      );
      await tx.execute(
        sql`insert into meeting_attendance (meeting_id, user_id) values (${meetingId}, ${actor.user.id})
            on conflict do nothing`,
      );
      await publishRealtime(tx, { type: "meeting_room", roomId });
      return { refused: null, peerId: peer!.id, peers: await peerRows(tx, roomId) };
    });
    if (previous) this.peers.delete(previous.peerId);
    if (outcome.refused !== null) {
      this.refuse(connection, roomId, outcome.refused);
      return;
    }
    this.peers.set(outcome.peerId, {
      peerId: outcome.peerId,
      connectionId: connection.id,
      userId: connection.userId,
      roomId,
    });
    this.addWatch(connection, roomId);
    this.gateway.sendTo(connection.id, {
      type: "meeting_joined",
      roomId,
      peerId: outcome.peerId,
      peers: outcome.peers.map(presentPeer),
    });
  }

  private async leave(connection: RealtimeConnectionRef, roomId: string): Promise<void> {
    const peer = this.peerOf(connection.id, roomId);
    if (!peer) return;
    this.peers.delete(peer.peerId);
    await this.removePeers([peer.peerId]);
  }

  /** Removes peers and tells their rooms (after the commit). */
  private async removePeers(peerIds: string[]): Promise<void> {
    if (peerIds.length === 0) return;
    await this.db.transaction(async (tx) => {
      const removed = await rows<{ roomId: string }>(
        tx,
        sql`delete from meeting_peers where id in (${sql.join(
          peerIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}) returning room_id as "roomId"`,
      );
      const rooms = [...new Set(removed.map((row) => row.roomId))];
      await publishRealtime(tx, ...rooms.map((roomId) => ({ type: "meeting_room" as const, roomId })));
    });
  }

  private async relay(
    connection: RealtimeConnectionRef,
    roomId: string,
    toPeerId: string,
    signal: MeetingSignal,
  ): Promise<void> {
    const from = this.peerOf(connection.id, roomId);
    if (!from) {
      this.refuse(connection, roomId, "not_found");
      return;
    }
    const sent = await this.db.transaction(async (tx) => {
      if (!(await this.mayEnter(tx, connection.userId, roomId))) return false;
      // «Завершить встречу» lets every peer go: a tab still sending as its old peer is not in the room.
      const [still] = await rows<{ id: string }>(
        tx,
        sql`select id from meeting_peers where id = ${from.peerId} and room_id = ${roomId}`,
      );
      if (!still) {
        this.peers.delete(from.peerId);
        return false;
      }
      const [target] = await rows<{ userId: string }>(
        tx,
        sql`select p.user_id as "userId" from meeting_peers p
            where p.id = ${toPeerId} and p.room_id = ${roomId} and ${livePeer("p")}`,
      );
      if (!target || !(await this.mayEnter(tx, target.userId, roomId))) return false;
      const [stored] = await rows<{ id: number }>(
        tx,
        sql`insert into meeting_signals (room_id, from_peer_id, to_peer_id, payload)
            values (${roomId}, ${from.peerId}, ${toPeerId}, ${JSON.stringify(signal)}::jsonb) returning id`,
      );
      await publishRealtime(tx, { type: "meeting_signal", signalId: Number(stored!.id), toPeerId });
      return true;
    });
    if (!sent) this.refuse(connection, roomId, "not_found");
  }

  async closed(connection: RealtimeConnectionRef): Promise<void> {
    this.watching.delete(connection.id);
    this.budgets.delete(connection.id);
    const mine = [...this.peers.values()].filter((peer) => peer.connectionId === connection.id);
    for (const peer of mine) this.peers.delete(peer.peerId);
    await this.removePeers(mine.map((peer) => peer.peerId));
  }

  async renew(): Promise<void> {
    await this.db.execute(sql`update meeting_peers set seen_at = now() where instance_id = ${this.gateway.instanceId}`);
    await this.db.execute(
      sql`delete from meeting_signals where created_at < now() - make_interval(secs => ${signalKeepSeconds})`,
    );
  }

  async stopping(): Promise<void> {
    this.peers.clear();
    this.watching.clear();
    this.budgets.clear();
    await this.db.transaction(async (tx) => {
      const removed = await rows<{ roomId: string }>(
        tx,
        sql`delete from meeting_peers where instance_id = ${this.gateway.instanceId} returning room_id as "roomId"`,
      );
      const rooms = [...new Set(removed.map((row) => row.roomId))];
      await publishRealtime(tx, ...rooms.map((roomId) => ({ type: "meeting_room" as const, roomId })));
    });
  }

  /** The pushes: a room's change to the sockets watching it, a signal to its addressee's socket. */
  handlers(): RealtimeHandlers {
    return {
      meeting_room: async (event) => {
        if (event.type !== "meeting_room") return [];
        const watchers = [...this.watching.entries()].filter(([, watch]) => watch.rooms.has(event.roomId));
        if (watchers.length === 0) return [];
        const peers = (await peerRows(this.db, event.roomId)).map(presentPeer);
        const deliveries = [];
        const allowed = new Map<string, boolean>();
        for (const [connectionId, { userId }] of watchers) {
          if (!allowed.has(userId)) allowed.set(userId, await this.mayEnter(this.db, userId, event.roomId));
          if (allowed.get(userId)) {
            deliveries.push({
              userId,
              connectionId,
              frame: { type: "meeting_changed" as const, roomId: event.roomId, peers },
            });
            continue;
          }
          // Their right to the room is gone (uninvited, out of the group): they hear nothing more.
          this.watching.get(connectionId)?.rooms.delete(event.roomId);
          const peer = this.peerOf(connectionId, event.roomId);
          if (peer) {
            this.peers.delete(peer.peerId);
            await this.removePeers([peer.peerId]);
          }
          deliveries.push({
            userId,
            connectionId,
            frame: { type: "meeting_refused" as const, roomId: event.roomId, reason: "not_found" as const },
          });
        }
        return deliveries;
      },
      meeting_signal: async (event) => {
        if (event.type !== "meeting_signal") return [];
        const peer = this.peers.get(event.toPeerId);
        if (!peer) return [];
        const [signal] = await rows<{ roomId: string; fromPeerId: string; payload: MeetingSignal }>(
          this.db,
          sql`delete from meeting_signals where id = ${event.signalId} and to_peer_id = ${event.toPeerId}
              returning room_id as "roomId", from_peer_id as "fromPeerId", payload`,
        );
        if (!signal || signal.roomId !== peer.roomId) return [];
        return [
          {
            userId: peer.userId,
            connectionId: peer.connectionId,
            frame: {
              type: "meeting_signal" as const,
              roomId: signal.roomId,
              fromPeerId: signal.fromPeerId,
              toPeerId: event.toPeerId,
              signal: signal.payload,
            },
          },
        ];
      },
    };
  }
}
