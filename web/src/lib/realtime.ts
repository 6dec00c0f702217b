import { type RealtimeFrame, realtimeSyncSchema } from "@planerka/common";
import { useEffect, useRef } from "react";
import { api } from "./api";

type Frame<T extends RealtimeFrame["type"]> = Extract<RealtimeFrame, { type: T }>;
type Listener = (frame: RealtimeFrame) => void;

/**
 * The page's one WebSocket to /api/v1/realtime. Everything arrives stored first, then pushed; after
 * a dropped connection the client asks the server for what changed since the last sequence number
 * it saw and replays it as frames, so nothing is lost. Reconnects with back-off; a socket closed
 * because the session ended (4401) is not reopened.
 */
class RealtimeClient {
  private socket: WebSocket | null = null;
  private listeners = new Set<Listener>();
  private cursor: number | null = null;
  private retryMs = 1000;
  private retryTimer: number | undefined;
  private pingTimer: number | undefined;
  private users = 0;
  connected = false;
  private statusListeners = new Set<(connected: boolean) => void>();
  private startListeners = new Set<() => void>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onStatus(listener: (connected: boolean) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Called when the socket starts listening (the first hello): what was loaded before may be behind. */
  onStart(listener: () => void): () => void {
    this.startListeners.add(listener);
    return () => this.startListeners.delete(listener);
  }

  /**
   * Sends a frame to the server (a meeting room's join and WebRTC signals); false when the socket is
   * not open — the sender tries again once `onStatus` reports it connected.
   */
  send(frame: { type: string; [key: string]: unknown }): boolean {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(frame));
    return true;
  }

  /** Counted: the socket lives while at least one signed-in layout uses it. */
  acquire(): () => void {
    this.users += 1;
    if (this.users === 1) this.open();
    return () => {
      this.users -= 1;
      if (this.users === 0) this.shutdown();
    };
  }

  private open(): void {
    window.clearTimeout(this.retryTimer);
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/v1/realtime`;
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () => {
      this.retryMs = 1000;
      this.setConnected(true);
      window.clearInterval(this.pingTimer);
      this.pingTimer = window.setInterval(() => this.socket?.send(JSON.stringify({ type: "ping" })), 25_000);
    };
    socket.onmessage = (event) => {
      const frame = JSON.parse(String(event.data)) as RealtimeFrame;
      if (frame.type === "hello") {
        void this.catchUp(frame.cursor);
        return;
      }
      this.advance(frame);
      this.emit(frame);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      window.clearInterval(this.pingTimer);
      this.setConnected(false);
      if (this.users === 0 || event.code === 4401) return;
      this.retryTimer = window.setTimeout(() => this.open(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 30_000);
    };
  }

  private shutdown(): void {
    window.clearTimeout(this.retryTimer);
    window.clearInterval(this.pingTimer);
    const socket = this.socket;
    this.socket = null;
    socket?.close();
    this.cursor = null;
    this.setConnected(false);
  }

  /** On the first hello the cursor starts there; on a later one, what was missed is fetched. */
  private async catchUp(serverCursor: number): Promise<void> {
    if (this.cursor === null) {
      // Anything stored between a page's first fetch and this hello was neither fetched nor pushed.
      this.cursor = serverCursor;
      for (const listener of this.startListeners) listener();
      return;
    }
    try {
      const missed = await api("/realtime/sync", realtimeSyncSchema, { query: { since: this.cursor } });
      for (const message of missed.messages) this.emit({ type: "chat_message", message });
      for (const notification of missed.notifications) this.emit({ type: "notification", notification });
      this.cursor = Math.max(this.cursor, missed.cursor);
    } catch {
      // The next hello tries again.
    }
  }

  private advance(frame: RealtimeFrame): void {
    const seq =
      frame.type === "chat_message"
        ? frame.message.changeSeq
        : frame.type === "notification"
          ? frame.notification.seq
          : undefined;
    if (seq !== undefined) this.cursor = Math.max(this.cursor ?? 0, seq);
  }

  private emit(frame: RealtimeFrame): void {
    for (const listener of this.listeners) listener(frame);
  }

  private setConnected(connected: boolean): void {
    this.connected = connected;
    for (const listener of this.statusListeners) listener(connected);
  }
}

export const realtime = new RealtimeClient();

/** Keeps the socket open while the signed-in layout is mounted. */
export function useRealtimeConnection(): void {
  useEffect(() => realtime.acquire(), []);
}

/** Calls `handler` once the socket listens, to reload what the page fetched before it did. */
export function useRealtimeStart(handler: () => void): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => realtime.onStart(() => latest.current()), []);
}

/** Calls `handler` for every frame of one type (the latest handler, without resubscribing). */
export function useRealtime<T extends RealtimeFrame["type"]>(type: T, handler: (frame: Frame<T>) => void): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(
    () =>
      realtime.subscribe((frame) => {
        if (frame.type === type) latest.current(frame as Frame<T>);
      }),
    [type],
  );
}
