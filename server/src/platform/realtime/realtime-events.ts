import { sql } from "drizzle-orm";
import type { Executor } from "../db/database";

/** The one channel every server process listens on. */
export const realtimeChannel = "planerka_realtime";

/**
 * What happened, by id only: each process that holds sockets loads what its own recipients may
 * see. Payloads stay far below NOTIFY's 8000-byte limit.
 */
export type RealtimeEvent =
  | { type: "chat_message"; chatId: string; messageId: string }
  | { type: "chat_changed"; chatId: string }
  /** People removed from a chat (or who left): their pushes of it stop now. */
  | { type: "chat_removed"; chatId: string; userIds: string[] }
  | { type: "chat_read"; chatId: string; userId: string; seq: number }
  | { type: "notification"; userId: string; notificationId: string }
  /** A call rings on the person's extension: their pop-up card (loaded by the telephony module). */
  | { type: "call_ringing"; userId: string; callId: string }
  /** The ringing call was answered or ended (its card follows). */
  | { type: "call_state"; userId: string; callId: string; state: "answered" | "ended" }
  /** Settings → «Телефония» → «Проверить»: a sample card for the administrator. */
  | { type: "call_test"; userId: string }
  /** A post was published: pushed to its audience's open pages (the feed module decides who). */
  | { type: "feed_post"; postId: string }
  /** A meeting room changed (who is in it, its agenda, chat, tasks, the meeting ended): its open pages reload. */
  | { type: "meeting_room"; roomId: string }
  /** A WebRTC signal stored for one peer of a room (`meeting_signals`): the process holding that peer's socket delivers it. */
  | { type: "meeting_signal"; signalId: number; toPeerId: string }
  /** The person's first socket opened or last one closed on some process. */
  | { type: "presence"; userId: string }
  /** A session was deleted (logout, disabled user, password reset): its sockets close. Sent by a trigger. */
  | { type: "session_revoked"; sessionTokenHash: string };

/**
 * Queues an event in the caller's transaction: PostgreSQL delivers NOTIFY only when the
 * transaction commits (and drops it on rollback), so a push never announces what was not stored.
 * The embedded engine does the same, in-process.
 */
export async function publishRealtime(executor: Executor, ...events: RealtimeEvent[]): Promise<void> {
  if (events.length === 0) return;
  const payloads = sql.join(
    events.map((event) => sql`(${JSON.stringify(event)})`),
    sql`, `,
  );
  await executor.execute(sql`select pg_notify(${realtimeChannel}, payload) from (values ${payloads}) events(payload)`);
}
