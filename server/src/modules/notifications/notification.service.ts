import type { DirectMessageInput, Notification } from "@planerka/common";
import { sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { notFound } from "../../platform/errors/problem";
import { notify } from "../../platform/notifications/notify";

export interface NotificationRow {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  actorId: string | null;
  actorName: string | null;
  createdAt: Date;
  readAt: Date | null;
}

export function presentNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    actor: row.actorId && row.actorName ? { id: row.actorId, name: row.actorName } : null,
    createdAt: new Date(row.createdAt).toISOString(),
    readAt: row.readAt ? new Date(row.readAt).toISOString() : null,
  };
}

/** The caller's notifications, newest first, with the number still unread. Nobody reads another's. */
export async function listNotifications(
  executor: Executor,
  actor: Actor,
  query: { limit: number; offset: number; unread?: "true" | "false" },
) {
  const onlyUnread = query.unread === "true" ? sql`and n.read_at is null` : sql``;
  const [page] = await rows<{ items: NotificationRow[] | null; total: number; unread: number }>(
    executor,
    sql`select
          (select json_agg(page order by "createdAt" desc, id desc) from (
             select n.id, n.kind, n.title, n.body, n.link, n.actor_id as "actorId", a.name as "actorName",
                    n.created_at as "createdAt", n.read_at as "readAt"
             from notifications n left join users a on a.id = n.actor_id
             where n.user_id = ${actor.user.id} ${onlyUnread}
             order by n.created_at desc, n.id desc limit ${query.limit} offset ${query.offset}) page) as items,
          (select count(*)::int from notifications n where n.user_id = ${actor.user.id} ${onlyUnread}) as total,
          (select count(*)::int from notifications n where n.user_id = ${actor.user.id} and n.read_at is null) as unread`,
  );
  return { items: (page?.items ?? []).map(presentNotification), total: page?.total ?? 0, unread: page?.unread ?? 0 };
}

/** Marks the given notifications (or all) of the caller read; ids of others' notifications change nothing. */
export async function markNotificationsRead(executor: Executor, actor: Actor, ids?: readonly string[]) {
  const which =
    ids === undefined
      ? sql``
      : ids.length === 0
        ? sql`and false`
        : sql`and id in (${sql.join(
            ids.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`;
  const [result] = await rows<{ unread: number }>(
    executor,
    sql`with marked as (
          update notifications set read_at = now()
          where user_id = ${actor.user.id} and read_at is null ${which} returning id)
        select ((select count(*) from notifications where user_id = ${actor.user.id} and read_at is null)
                - (select count(*) from marked))::int as unread`,
  );
  return { unread: result?.unread ?? 0 };
}

/**
 * «Написать»: a message from one employee to another, stored in the recipient's notifications.
 * Any employee may write to any active colleague (the directory is open to all); an unknown or
 * disabled recipient is 404.
 */
export async function sendDirectMessageOrThrow(db: Database, actor: Actor, input: DirectMessageInput) {
  return db.transaction(async (tx) => {
    const [recipient] = await rows<{ id: string }>(
      tx,
      sql`select id from users where id = ${input.userId} and active and id <> ${actor.user.id}`,
    );
    if (!recipient) throw notFound();
    const [id] = await notify(tx, [
      { userId: recipient.id, kind: "message", title: actor.user.name, body: input.text, actorId: actor.user.id },
    ]);
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "notification",
      entityId: id!,
      action: "message",
      changes: [{ field: "userId", old: null, new: recipient.id }],
    });
    return { id: id! };
  });
}
