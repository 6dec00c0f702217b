import { sql } from "drizzle-orm";
import { type Database, rows } from "../../platform/db/database";
import type { RealtimeHandlers } from "../../platform/realtime/realtime-gateway";
import { type NotificationRow, presentNotification } from "./notification.service";

/** A new notification goes to its addressee only. */
export function notificationRealtimeHandlers(db: Database): RealtimeHandlers {
  return {
    notification: async (event, connected) => {
      if (event.type !== "notification" || !connected.has(event.userId)) return [];
      const [row] = await rows<NotificationRow & { seq: string }>(
        db,
        sql`select n.id, n.kind, n.title, n.body, n.link, n.actor_id as "actorId", a.name as "actorName",
                   n.created_at as "createdAt", n.read_at as "readAt", n.seq
            from notifications n left join users a on a.id = n.actor_id
            where n.id = ${event.notificationId} and n.user_id = ${event.userId}`,
      );
      if (!row) return [];
      return [
        {
          userId: event.userId,
          frame: { type: "notification", notification: { ...presentNotification(row), seq: Number(row.seq) } },
        },
      ];
    },
  };
}
