import { randomUUID } from "node:crypto";
import type { RealtimeFrame } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { WebSocket } from "ws";
import type { Actor } from "../auth/authenticate";
import { type Database, type DatabaseHandle, rows } from "../db/database";
import { publishRealtime, type RealtimeEvent, realtimeChannel } from "./realtime-events";

/**
 * Decides, from the database as it is now, which connected users receive an event and what; a
 * delivery naming a `connectionId` goes to that one socket of the user's only.
 */
export type RealtimeHandler = (
  event: RealtimeEvent,
  connectedUserIds: ReadonlySet<string>,
) => Promise<{ userId: string; frame: RealtimeFrame; connectionId?: string }[]>;
export type RealtimeHandlers = Partial<Record<RealtimeEvent["type"], RealtimeHandler>>;

/** One socket of this process, as a module that takes frames from clients knows it. */
export interface RealtimeConnectionRef {
  readonly id: string;
  readonly userId: string;
}

/**
 * What a module adds to the socket beyond pushes (the meeting rooms' signalling): frames clients
 * send, by type (a connection's frames are handled one at a time, in order), and what to do when a
 * socket closes, every presence renewal and when the gateway stops.
 */
export interface RealtimeExtension {
  inbound?: Record<string, (connection: RealtimeConnectionRef, frame: Record<string, unknown>) => Promise<void>>;
  closed?(connection: RealtimeConnectionRef): Promise<void>;
  renew?(): Promise<void>;
  stopping?(): Promise<void>;
}

interface Connection extends RealtimeConnectionRef {
  socket: WebSocket;
  sessionTokenHash?: string;
  alive: boolean;
  /** The connection's inbound frames, handled in order. */
  inbound: Promise<void>;
}

const pingEveryMs = 30_000;
const presenceEveryMs = 15_000;

/**
 * The sockets of this process. Events arrive from the database (NOTIFY after commit, from any
 * process); the handler of the event's type picks recipients among the users connected here, so
 * every process delivers to its own sockets and nothing outside a person's access leaves.
 */
export class RealtimeGateway {
  readonly instanceId = randomUUID();
  private readonly byUser = new Map<string, Set<Connection>>();
  private readonly handlers: RealtimeHandlers = {};
  private readonly extensions: RealtimeExtension[] = [];
  private readonly byId = new Map<string, Connection>();
  private stopListening?: () => Promise<void>;
  private timers: NodeJS.Timeout[] = [];
  /** Deliveries in flight, awaited on stop. */
  private pending = new Set<Promise<void>>();
  /** The last presence write per user: writes for one person run in order, on whichever pooled connection. */
  private presenceWrites = new Map<string, Promise<void>>();

  constructor(
    private readonly db: Database,
    private readonly listen: DatabaseHandle["listen"] | undefined,
    private readonly log: { warn(message: string): void },
  ) {}

  addHandlers(handlers: RealtimeHandlers): void {
    Object.assign(this.handlers, handlers);
  }

  extend(extension: RealtimeExtension): void {
    this.extensions.push(extension);
  }

  /** Sends to one socket of this process (an answer to a client's frame); false when it is gone. */
  sendTo(connectionId: string, frame: RealtimeFrame): boolean {
    const connection = this.byId.get(connectionId);
    if (!connection) return false;
    this.send(connection, frame);
    return true;
  }

  async start(): Promise<void> {
    if (this.listen) {
      this.stopListening = await this.listen(
        realtimeChannel,
        (payload) => this.track(this.dispatch(payload)),
        () => this.broadcastHello(),
      );
    }
    this.timers.push(setInterval(() => this.pingAll(), pingEveryMs).unref());
    this.timers.push(setInterval(() => this.track(this.renewPresence()), presenceEveryMs).unref());
    for (const extension of this.extensions) {
      const renew = extension.renew?.bind(extension);
      if (renew) this.timers.push(setInterval(() => this.track(renew()), presenceEveryMs).unref());
    }
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await this.stopListening?.();
    for (const connections of this.byUser.values()) {
      for (const connection of connections) connection.socket.close(1001, "server stopping");
    }
    this.byUser.clear();
    this.byId.clear();
    await Promise.allSettled([...this.pending]);
    for (const extension of this.extensions) await extension.stopping?.().catch(() => undefined);
    await this.db.execute(sql`delete from user_presence where instance_id = ${this.instanceId}`).catch(() => undefined);
  }

  get connectionCount(): number {
    let count = 0;
    for (const connections of this.byUser.values()) count += connections.size;
    return count;
  }

  connectedUserIds(): ReadonlySet<string> {
    return new Set(this.byUser.keys());
  }

  /** A socket that passed authentication and the origin check. */
  async attach(socket: WebSocket, actor: Actor): Promise<void> {
    const connection: Connection = {
      id: randomUUID(),
      socket,
      userId: actor.user.id,
      sessionTokenHash: actor.sessionTokenHash,
      alive: true,
      inbound: Promise.resolve(),
    };
    this.byId.set(connection.id, connection);
    let userConnections = this.byUser.get(connection.userId);
    if (!userConnections) {
      userConnections = new Set();
      this.byUser.set(connection.userId, userConnections);
    }
    userConnections.add(connection);
    socket.on("pong", () => {
      connection.alive = true;
    });
    socket.on("message", (data) => {
      connection.alive = true;
      this.receive(connection, String(data));
    });
    socket.on("close", () => this.track(this.detach(connection)));
    socket.on("error", () => socket.terminate());
    await this.setPresence(connection.userId);
    this.send(connection, { type: "hello", cursor: await this.cursor() });
  }

  private async detach(connection: Connection): Promise<void> {
    this.byId.delete(connection.id);
    const userConnections = this.byUser.get(connection.userId);
    if (!userConnections?.delete(connection)) return;
    if (userConnections.size === 0) this.byUser.delete(connection.userId);
    await connection.inbound;
    for (const extension of this.extensions) await extension.closed?.(connection);
    await this.setPresence(connection.userId);
  }

  /** A client's frame: a ping, or one an extension takes (anything else is ignored). */
  private receive(connection: Connection, data: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof frame !== "object" || frame === null || Array.isArray(frame)) return;
    const type = (frame as { type?: unknown }).type;
    if (type === "ping") {
      this.send(connection, { type: "pong" });
      return;
    }
    if (typeof type !== "string") return;
    const handler = this.extensions.find((extension) => extension.inbound && Object.hasOwn(extension.inbound, type))
      ?.inbound?.[type];
    if (!handler) return;
    const next = connection.inbound.then(() => handler(connection, frame as Record<string, unknown>));
    connection.inbound = next.catch(() => undefined);
    this.track(next);
  }

  /**
   * A socket's close and the next socket's open race on a pooled database: without an order a late
   * delete could overtake the insert and leave a connected person offline.
   */
  private setPresence(userId: string): Promise<void> {
    const previous = this.presenceWrites.get(userId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.writePresence(userId));
    this.presenceWrites.set(userId, next);
    void next
      .finally(() => {
        if (this.presenceWrites.get(userId) === next) this.presenceWrites.delete(userId);
      })
      .catch(() => undefined);
    return next;
  }

  private async writePresence(userId: string): Promise<void> {
    // Counted when the write runs, so the last write in the queue leaves the true state.
    const count = this.byUser.get(userId)?.size ?? 0;
    if (count === 0) {
      await this.db.execute(
        sql`delete from user_presence where user_id = ${userId} and instance_id = ${this.instanceId}`,
      );
    } else {
      await this.db.execute(
        sql`insert into user_presence (user_id, instance_id, connections, seen_at)
            values (${userId}, ${this.instanceId}, ${count}, now())
            on conflict (user_id, instance_id) do update set connections = excluded.connections, seen_at = now()`,
      );
    }
    // Only the first socket and the last one change whether the person is online.
    if (count <= 1) await publishRealtime(this.db, { type: "presence", userId });
  }

  private async renewPresence(): Promise<void> {
    await this.db.execute(sql`update user_presence set seen_at = now() where instance_id = ${this.instanceId}`);
  }

  private async cursor(): Promise<number> {
    const [row] = await rows<{ cursor: string }>(
      this.db,
      sql`select case when is_called then last_value else 0 end as cursor from realtime_seq`,
    );
    return Number(row?.cursor ?? 0);
  }

  private async dispatch(payload: string): Promise<void> {
    let event: RealtimeEvent;
    try {
      event = JSON.parse(payload) as RealtimeEvent;
    } catch {
      return;
    }
    if (event.type === "session_revoked") {
      this.closeWhere((connection) => connection.sessionTokenHash === event.sessionTokenHash, "session ended");
      return;
    }
    const handler = this.handlers[event.type];
    const connected = this.connectedUserIds();
    if (!handler || connected.size === 0) return;
    const deliveries = await handler(event, connected);
    for (const { userId, frame, connectionId } of deliveries) {
      for (const connection of this.byUser.get(userId) ?? []) {
        if (connectionId === undefined || connection.id === connectionId) this.send(connection, frame);
      }
    }
  }

  private closeWhere(matches: (connection: Connection) => boolean, reason: string): void {
    for (const connections of this.byUser.values()) {
      for (const connection of connections) {
        // 4401: the client must not reconnect with the same session.
        if (matches(connection)) connection.socket.close(4401, reason);
      }
    }
  }

  /** After the listening connection was lost, clients ask for what they missed. */
  private broadcastHello(): void {
    this.track(
      this.cursor().then((cursor) => {
        for (const connections of this.byUser.values()) {
          for (const connection of connections) this.send(connection, { type: "hello", cursor });
        }
      }),
    );
  }

  private pingAll(): void {
    for (const connections of this.byUser.values()) {
      for (const connection of connections) {
        if (!connection.alive) {
          connection.socket.terminate();
          continue;
        }
        connection.alive = false;
        connection.socket.ping();
      }
    }
  }

  private send(connection: Connection, frame: RealtimeFrame): void {
    if (connection.socket.readyState === connection.socket.OPEN) connection.socket.send(JSON.stringify(frame));
  }

  private track(work: Promise<void>): void {
    const tracked = work
      .catch((error: unknown) => this.log.warn(`realtime: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }
}

declare module "fastify" {
  interface FastifyInstance {
    /** This process's sockets (tests and benchmarks count them). */
    realtime: RealtimeGateway;
  }
}
