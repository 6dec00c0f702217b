import { randomBytes } from "node:crypto";
import type {
  WebhookSubscription,
  webhookAllowedHostsWriteSchema,
  webhookCreateSchema,
  webhookUpdateSchema,
} from "@planerka/common";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { diffFields, recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { textArray } from "../../platform/db/sql-values";
import { AppError, notFound, staleVersion } from "../../platform/errors/problem";
import { sealSecret } from "../../platform/secrets/secret-box";
import {
  findDelivery,
  findSubscription,
  listDeliveries,
  listSubscriptions,
  webhookAllowedHosts,
} from "./webhook.queries";
import { hostOf, RefusedAddressError, resolveAllowedOrThrow } from "./webhook-address";
import { wakeWebhookWorkers, webhookChannel } from "./webhook-worker";

/**
 * Settings → «Вебхуки» (administrators): subscriptions, their secrets (shown once), the «Тест»
 * ping, «Повторить» of a delivery, and the hosts allowed to be private.
 */

function newSecret(): string {
  return `whsec_${randomBytes(32).toString("hex")}`;
}

/**
 * 400 on `url` when the address is one a webhook may never reach (loopback, private, link-local …)
 * and the administrator has not allowed the host. A host that does not resolve now is accepted:
 * its deliveries fail and say why until it does.
 */
async function assertDeliverableUrlOrThrow(executor: Executor, url: string) {
  const { allowedHosts } = await webhookAllowedHosts(executor);
  try {
    await resolveAllowedOrThrow(hostOf(new URL(url)), allowedHosts);
  } catch (error) {
    if (!(error instanceof RefusedAddressError) || error.message.endsWith("cannot be resolved")) return;
    throw new AppError(400, "Bad Request", `url: ${error.message}`, [{ path: "body.url", message: error.message }]);
  }
}

async function subscriptionOrThrow(executor: Executor, id: string): Promise<WebhookSubscription> {
  const found = await findSubscription(executor, id);
  if (!found) throw notFound();
  return found;
}

export async function listWebhookDeliveriesOrThrow(
  executor: Executor,
  id: string,
  paging: { limit: number; offset: number },
) {
  await subscriptionOrThrow(executor, id);
  return listDeliveries(executor, id, paging);
}

export const listWebhooks = async (executor: Executor) => ({ items: await listSubscriptions(executor) });

export async function createWebhookOrThrow(
  db: Database,
  actor: Actor,
  input: z.output<typeof webhookCreateSchema>,
): Promise<WebhookSubscription & { secret: string }> {
  const secret = newSecret();
  const created = await db.transaction(async (tx) => {
    await assertDeliverableUrlOrThrow(tx, input.url);
    const [row] = await rows<{ id: string }>(
      tx,
      sql`insert into webhook_subscriptions (url, events, active, description, secret, created_by)
          values (${input.url}, ${textArray(input.events)}, ${input.active}, ${input.description || null},
            ${sealSecret(secret)}, ${actor.user.id})
          returning id`,
    );
    await recordAudit(tx, { actorId: actor.user.id, entity: "webhook", entityId: row!.id, action: "create" });
    return subscriptionOrThrow(tx, row!.id);
  });
  return { ...created, secret };
}

export async function updateWebhookOrThrow(
  db: Database,
  actor: Actor,
  id: string,
  input: z.output<typeof webhookUpdateSchema>,
): Promise<WebhookSubscription> {
  return db.transaction(async (tx) => {
    const current = await subscriptionOrThrow(tx, id);
    if (current.version !== input.version) throw staleVersion();
    if (input.url !== undefined && input.url !== current.url) await assertDeliverableUrlOrThrow(tx, input.url);
    const next = {
      url: input.url ?? current.url,
      events: input.events ?? current.events,
      active: input.active ?? current.active,
      description: input.description === undefined ? current.description : input.description || null,
    };
    await tx.execute(
      sql`update webhook_subscriptions set url = ${next.url}, events = ${textArray(next.events)}, active = ${next.active},
            description = ${next.description}, version = version + 1, updated_at = now()
          where id = ${id}`,
    );
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "webhook",
      entityId: id,
      action: "update",
      changes: diffFields(current, next, ["url", "events", "active", "description"]),
    });
    return subscriptionOrThrow(tx, id);
  });
}

/** Its deliveries, waiting ones too, go with it. */
export async function deleteWebhookOrThrow(db: Database, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    await subscriptionOrThrow(tx, id);
    await tx.execute(sql`delete from webhook_subscriptions where id = ${id}`);
    await recordAudit(tx, { actorId: actor.user.id, entity: "webhook", entityId: id, action: "delete" });
  });
}

/** A new secret, shown once; deliveries still waiting are signed with it. */
export async function rotateWebhookSecretOrThrow(db: Database, actor: Actor, id: string) {
  const secret = newSecret();
  const rotated = await db.transaction(async (tx) => {
    await subscriptionOrThrow(tx, id);
    await tx.execute(
      sql`update webhook_subscriptions set secret = ${sealSecret(secret)}, version = version + 1, updated_at = now()
          where id = ${id}`,
    );
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "webhook",
      entityId: id,
      action: "update",
      changes: [{ field: "secret", old: null, new: "(changed)" }],
    });
    return subscriptionOrThrow(tx, id);
  });
  return { ...rotated, secret };
}

/** «Тест»: a `ping` delivery, sent like any event (also while the subscription is paused). */
export async function queueWebhookPingOrThrow(db: Database, actor: Actor, id: string) {
  const delivery = await db.transaction(async (tx) => {
    await subscriptionOrThrow(tx, id);
    const [row] = await rows<{ id: string }>(
      tx,
      sql`insert into webhook_deliveries (subscription_id, event, data)
          values (${id}, 'ping', ${JSON.stringify({ subscriptionId: id, requestedBy: actor.user.id })}::jsonb)
          returning id`,
    );
    await tx.execute(sql`select pg_notify(${webhookChannel}, '')`);
    return (await findDelivery(tx, id, row!.id))!;
  });
  wakeWebhookWorkers();
  return delivery;
}

/**
 * «Повторить»: the delivery is due now with a fresh 24 hours of attempts. The attempt count is
 * kept (it fences a worker that may still hold the delivery; that worker's outcome stands).
 */
export async function retryWebhookDeliveryOrThrow(db: Database, id: string, deliveryId: string) {
  const delivery = await db.transaction(async (tx) => {
    await subscriptionOrThrow(tx, id);
    const [row] = await rows<{ id: string }>(
      tx,
      sql`update webhook_deliveries set state = 'pending', round_attempts = 0, first_attempt_at = null,
            next_attempt_at = now(), delivered_at = null
          where id = ${deliveryId} and subscription_id = ${id}
          returning id`,
    );
    if (!row) throw notFound();
    await tx.execute(sql`select pg_notify(${webhookChannel}, '')`);
    return (await findDelivery(tx, id, deliveryId))!;
  });
  wakeWebhookWorkers();
  return delivery;
}

export const getWebhookAllowedHosts = (executor: Executor) => webhookAllowedHosts(executor);

export async function putWebhookAllowedHostsOrThrow(
  db: Database,
  actor: Actor,
  input: z.output<typeof webhookAllowedHostsWriteSchema>,
) {
  return db.transaction(async (tx) => {
    const current = await webhookAllowedHosts(tx);
    if (current.version !== input.version) throw staleVersion();
    const hosts = [...new Set(input.allowedHosts.map((host) => host.replace(/^\[(.*)\]$/, "$1")))];
    await tx.execute(
      sql`insert into webhook_settings (id, allowed_hosts, version, updated_by) values (1, ${textArray(hosts)}, 1, ${actor.user.id})
          on conflict (id) do update set allowed_hosts = excluded.allowed_hosts,
            version = webhook_settings.version + 1, updated_by = excluded.updated_by, updated_at = now()`,
    );
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "webhook-settings",
      entityId: actor.user.id,
      action: "update",
      changes: [{ field: "allowedHosts", old: current.allowedHosts, new: hosts }],
    });
    return webhookAllowedHosts(tx);
  });
}
