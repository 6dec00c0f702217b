import { sql } from "drizzle-orm";
import { type Executor, rows } from "../db/database";
import { publishRealtime } from "../realtime/realtime-events";

export interface NotificationInput {
  userId: string;
  /** task_assigned, task_comment, mention, workflow_approval, workflow_notice, activity_assigned, message, deal_won … */
  kind: string;
  title: string;
  body?: string | null;
  /** A path inside the web app, for example `/tasks/<id>`. */
  link?: string | null;
  actorId?: string | null;
}

/**
 * Stores notifications in the caller's transaction, so they exist exactly when the change that
 * caused them does, and pushes them after it commits. Nobody is notified of their own action.
 * Returns the ids stored.
 */
export async function notify(executor: Executor, inputs: NotificationInput[]): Promise<string[]> {
  const wanted = inputs.filter((input) => input.userId !== input.actorId);
  if (wanted.length === 0) return [];
  const values = sql.join(
    wanted.map(
      (input) =>
        sql`(${input.userId}::uuid, ${input.kind}, ${input.title}, ${input.body ?? null}, ${input.link ?? null}, ${input.actorId ?? null}::uuid)`,
    ),
    sql`, `,
  );
  const stored = await rows<{ id: string; userId: string }>(
    executor,
    sql`insert into notifications (user_id, kind, title, body, link, actor_id) values ${values}
        returning id, user_id as "userId"`,
  );
  // Pushed to the person's open pages once the transaction commits.
  await publishRealtime(
    executor,
    ...stored.map((row) => ({ type: "notification" as const, userId: row.userId, notificationId: row.id })),
  );
  return stored.map((row) => row.id);
}
