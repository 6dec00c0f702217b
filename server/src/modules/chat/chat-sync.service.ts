import type { realtimeSyncSchema } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../../platform/auth/authenticate";
import { type Executor, rows } from "../../platform/db/database";
import { type NotificationRow, presentNotification } from "../notifications/notification.service";
import { presentMessage } from "./chat.presenter";
import { loadMessages } from "./chat.queries";
import { ownChatCondition } from "./chat-access";

/**
 * How far back of `since` a sync looks. A transaction takes its sequence number when it writes but
 * becomes visible when it commits, so a change numbered below a cursor can appear after the
 * cursor was handed out; looking this many numbers back covers such late commits. Clients dedupe
 * what they get twice by id, keeping the copy with the larger `changeSeq`.
 */
export const syncWindow = 500;

/**
 * At most this many messages and notifications per call. It is larger than the window, so a
 * truncated answer always moves the cursor forward; a client that gets a full batch asks again.
 */
export const syncBatch = 1000;

/** What changed after `since` in the caller's chats and notifications, for a client that reconnects. */
export async function syncChanges(
  executor: Executor,
  actor: Actor,
  since: number,
): Promise<z.infer<typeof realtimeSyncSchema>> {
  const from = since - syncWindow;
  const [messages, notifications] = await Promise.all([
    loadMessages(executor, {
      condition: sql`msg.change_seq > ${from} and ${ownChatCondition(actor.scope)}`,
      order: sql`msg.change_seq, msg.id`,
      limit: syncBatch,
    }),
    rows<NotificationRow & { seq: string | number }>(
      executor,
      sql`select n.id, n.kind, n.title, n.body, n.link, n.actor_id as "actorId", a.name as "actorName",
            n.created_at as "createdAt", n.read_at as "readAt", n.seq
          from notifications n left join users a on a.id = n.actor_id
          where n.user_id = ${actor.user.id} and n.seq > ${from}
          order by n.seq limit ${syncBatch}`,
    ),
  ]);
  const lastOf = (seqs: number[]) => (seqs.length === 0 ? since : Math.max(since, seqs[seqs.length - 1]!));
  const messageSeqs = messages.map((row) => Number(row.changeSeq));
  const notificationSeqs = notifications.map((row) => Number(row.seq));
  // A truncated stream continues after its last row; otherwise the cursor is the highest seen.
  const truncated = [
    ...(messages.length === syncBatch ? [lastOf(messageSeqs)] : []),
    ...(notifications.length === syncBatch ? [lastOf(notificationSeqs)] : []),
  ];
  const cursor =
    truncated.length > 0 ? Math.min(...truncated) : Math.max(lastOf(messageSeqs), lastOf(notificationSeqs));
  return {
    messages: messages.map((row) => presentMessage(row, actor.user.id)),
    notifications: notifications.map((row) => ({ ...presentNotification(row), seq: Number(row.seq) })),
    cursor,
  };
}
