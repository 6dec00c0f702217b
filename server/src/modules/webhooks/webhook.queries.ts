import type { WebhookDelivery, WebhookEvent, WebhookSubscription } from "@planerka/common";
import { sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";
import { toIso, toIsoOrNull } from "../../platform/db/sql-values";

/** The subscriptions' and deliveries' SQL, and their JSON as the API gives it (never the secret). */

interface SubscriptionRow {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  description: string | null;
  version: number;
  createdAt: Date | string;
  updatedAt: Date | string;
  lastState: string | null;
  lastAt: Date | string | null;
  lastStatus: number | null;
}

const subscriptionColumns = sql`s.id, s.url, s.events, s.active, s.description, s.version,
  s.created_at as "createdAt", s.updated_at as "updatedAt",
  last.state as "lastState", coalesce(last.last_attempt_at, last.occurred_at) as "lastAt", last.response_status as "lastStatus"
  from webhook_subscriptions s
  left join lateral (select d.state, d.last_attempt_at, d.occurred_at, d.response_status from webhook_deliveries d
    where d.subscription_id = s.id order by d.occurred_at desc, d.id desc limit 1) last on true`;

function presentSubscription(row: SubscriptionRow): WebhookSubscription {
  return {
    id: row.id,
    url: row.url,
    events: row.events as WebhookEvent[],
    active: row.active,
    description: row.description,
    version: row.version,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
    lastDelivery:
      row.lastState && row.lastAt
        ? { state: row.lastState, at: toIso(row.lastAt), responseStatus: row.lastStatus }
        : null,
  };
}

export async function listSubscriptions(executor: Executor): Promise<WebhookSubscription[]> {
  const found = await rows<SubscriptionRow>(executor, sql`select ${subscriptionColumns} order by s.created_at, s.id`);
  return found.map(presentSubscription);
}

export async function findSubscription(executor: Executor, id: string): Promise<WebhookSubscription | undefined> {
  const [row] = await rows<SubscriptionRow>(executor, sql`select ${subscriptionColumns} where s.id = ${id}`);
  return row && presentSubscription(row);
}

interface DeliveryRow {
  id: string;
  event: string;
  state: WebhookDelivery["state"];
  occurredAt: Date | string;
  attempts: number;
  lastAttemptAt: Date | string | null;
  nextAttemptAt: Date | string | null;
  deliveredAt: Date | string | null;
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
}

const deliveryColumns = sql`id, event, state, occurred_at as "occurredAt", attempts, last_attempt_at as "lastAttemptAt",
  next_attempt_at as "nextAttemptAt", delivered_at as "deliveredAt", response_status as "responseStatus",
  response_body as "responseBody", error`;

function presentDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    event: row.event,
    state: row.state,
    occurredAt: toIso(row.occurredAt),
    attempts: row.attempts,
    lastAttemptAt: toIsoOrNull(row.lastAttemptAt),
    nextAttemptAt: row.state === "pending" ? toIsoOrNull(row.nextAttemptAt) : null,
    deliveredAt: toIsoOrNull(row.deliveredAt),
    responseStatus: row.responseStatus,
    responseBody: row.responseBody,
    error: row.error,
  };
}

/** A subscription's deliveries, newest first. */
export async function listDeliveries(
  executor: Executor,
  subscriptionId: string,
  paging: { limit: number; offset: number },
): Promise<{ items: WebhookDelivery[]; total: number }> {
  const found = await rows<DeliveryRow>(
    executor,
    sql`select ${deliveryColumns} from webhook_deliveries where subscription_id = ${subscriptionId}
        order by occurred_at desc, id desc limit ${paging.limit} offset ${paging.offset}`,
  );
  const [count] = await rows<{ total: number }>(
    executor,
    sql`select count(*)::int as total from webhook_deliveries where subscription_id = ${subscriptionId}`,
  );
  return { items: found.map(presentDelivery), total: count?.total ?? 0 };
}

export async function findDelivery(
  executor: Executor,
  subscriptionId: string,
  deliveryId: string,
): Promise<WebhookDelivery | undefined> {
  const [row] = await rows<DeliveryRow>(
    executor,
    sql`select ${deliveryColumns} from webhook_deliveries where id = ${deliveryId} and subscription_id = ${subscriptionId}`,
  );
  return row && presentDelivery(row);
}

/** Hosts an administrator allowed to resolve to private addresses; none until set. */
export async function webhookAllowedHosts(executor: Executor): Promise<{ allowedHosts: string[]; version: number }> {
  const [row] = await rows<{ allowedHosts: string[]; version: number }>(
    executor,
    sql`select allowed_hosts as "allowedHosts", version from webhook_settings where id = 1`,
  );
  return row ?? { allowedHosts: [], version: 0 };
}
