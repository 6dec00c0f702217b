import { sql } from "drizzle-orm";
import { type Database, rows } from "../../platform/db/database";
import type { RealtimeHandlers } from "../../platform/realtime/realtime-gateway";
import { audienceMembers } from "../../policies/feed";

/** A new post goes to the connected people of its audience (and its author's other pages), nobody else. */
export function feedRealtimeHandlers(db: Database): RealtimeHandlers {
  return {
    feed_post: async (event, connected) => {
      if (event.type !== "feed_post" || connected.size === 0) return [];
      const recipients = await rows<{ id: string }>(
        db,
        sql`select id from ${audienceMembers(sql`${event.postId}::uuid`)} members
            union select author_id from feed_posts where id = ${event.postId} and deleted_at is null`,
      );
      return recipients
        .filter((recipient) => connected.has(recipient.id))
        .map((recipient) => ({ userId: recipient.id, frame: { type: "feed_post" as const, postId: event.postId } }));
    },
  };
}
