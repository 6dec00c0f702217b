import { type SQL, sql } from "drizzle-orm";
import { type Database, type DatabaseHandle, rows } from "../../platform/db/database";
import { toIso } from "../../platform/db/sql-values";
import { type PollingWorker, startPollingWorker } from "../../platform/jobs/polling-worker";
import { openSecret } from "../../platform/secrets/secret-box";
import { signatureHeader } from "../../platform/secrets/signature";
import { webhookAllowedHosts } from "./webhook.queries";
import { RefusedAddressError } from "./webhook-address";
import { DeliveryError, postWebhook, responseBodyLimit } from "./webhook-request";

/** The triggers (migration 0021) and the service NOTIFY here when a delivery becomes due. */
export const webhookChannel = "planerka_webhooks";
/** The first retry waits a minute, each next one twice as long, never more than an hour … */
export const firstRetrySeconds = 60;
export const maxRetrySeconds = 3600;
/** … for this long after the round's first attempt; then the delivery is failed. */
export const retryWindowSeconds = 24 * 3600;
/** A worker holds a claimed delivery this long: well past the 10 s an attempt may take. */
const leaseSeconds = 120;
/** Without NOTIFY (or if one is missed) the worker still looks this often. */
const pollMilliseconds = 10_000;

/** The wait after the n-th failed attempt of a round: 1, 2, 4 … minutes, at most an hour. */
export function retryDelaySeconds(roundAttempts: number): number {
  return Math.min(firstRetrySeconds * 2 ** Math.max(0, Math.min(roundAttempts - 1, 30)), maxRetrySeconds);
}

interface ClaimedDelivery {
  id: string;
  attempts: number;
  roundAttempts: number;
  event: string;
  data: unknown;
  occurredAt: Date | string;
  url: string;
  secret: string;
}

/**
 * Claims the next due delivery in one statement: `FOR UPDATE SKIP LOCKED` keeps other processes
 * off the row, and the counted attempt and the lease commit before the request is made, so no
 * transaction or lock is held while a slow receiver answers. A paused subscription's events wait
 * (its «Тест» pings do not).
 */
async function claimNextDelivery(db: Database, at: SQL): Promise<ClaimedDelivery | undefined> {
  const [claimed] = await rows<ClaimedDelivery>(
    db,
    sql`update webhook_deliveries d set attempts = d.attempts + 1, round_attempts = d.round_attempts + 1,
          claimed_until = ${at} + make_interval(secs => ${leaseSeconds}),
          first_attempt_at = coalesce(d.first_attempt_at, ${at}), last_attempt_at = ${at}
        from webhook_subscriptions s
        where s.id = d.subscription_id and d.id = (
          select w.id from webhook_deliveries w join webhook_subscriptions ws on ws.id = w.subscription_id
          where w.state = 'pending' and w.next_attempt_at <= ${at} and (w.claimed_until is null or w.claimed_until <= ${at})
            and (ws.active or w.event = 'ping')
          order by w.next_attempt_at, w.occurred_at, w.id limit 1
          for update of w skip locked)
        returning d.id, d.attempts, d.round_attempts as "roundAttempts", d.event, d.data, d.occurred_at as "occurredAt",
          s.url, s.secret`,
  );
  return claimed;
}

/** The body as sent: its bytes are what the signature covers. */
export function deliveryBody(delivery: Pick<ClaimedDelivery, "id" | "event" | "data" | "occurredAt">): string {
  return JSON.stringify({
    id: delivery.id,
    event: delivery.event,
    occurredAt: toIso(delivery.occurredAt),
    data: delivery.data,
  });
}

/** PostgreSQL text cannot hold NUL: a receiver's answer with one is kept with it replaced. */
function storable(text: string): string {
  return text.replaceAll("\u0000", "\uFFFD");
}

async function attempt(delivery: ClaimedDelivery, allowedHosts: readonly string[]) {
  const body = deliveryBody(delivery);
  try {
    const answer = await postWebhook({
      url: delivery.url,
      body,
      allowedHosts,
      headers: {
        "x-planerka-event": delivery.event,
        "x-planerka-delivery": delivery.id,
        "x-planerka-signature": signatureHeader(openSecret(delivery.secret), body),
      },
    });
    return { status: answer.status, body: storable(answer.body), error: null };
  } catch (error) {
    const message =
      error instanceof RefusedAddressError || error instanceof DeliveryError
        ? error.message
        : `Failed: ${(error as Error).message}`;
    return { status: null, body: null, error: storable(message.slice(0, responseBodyLimit)) };
  }
}

/**
 * The attempt's outcome, fenced by `attempts`: a worker whose lease ran out (and whose delivery
 * another worker has claimed since) changes nothing. A 2xx is delivered; anything else waits for
 * the next attempt, or fails once 24 hours have passed since the round's first attempt.
 */
async function recordOutcome(
  db: Database,
  delivery: ClaimedDelivery,
  outcome: { status: number | null; body: string | null; error: string | null },
  at: SQL,
) {
  const fence = sql`id = ${delivery.id} and attempts = ${delivery.attempts} and state = 'pending'`;
  if (outcome.status !== null && outcome.status >= 200 && outcome.status < 300) {
    await db.execute(
      sql`update webhook_deliveries set state = 'delivered', delivered_at = ${at}, response_status = ${outcome.status},
            response_body = ${outcome.body}, error = null, next_attempt_at = null, claimed_until = null
          where ${fence}`,
    );
    return;
  }
  const deadline = sql`first_attempt_at + make_interval(secs => ${retryWindowSeconds})`;
  await db.execute(
    sql`update webhook_deliveries set response_status = ${outcome.status}, response_body = ${outcome.body},
          error = ${outcome.error ?? (outcome.status !== null ? `HTTP ${outcome.status}` : null)}, claimed_until = null,
          state = case when ${at} >= ${deadline} then 'failed' else 'pending' end,
          next_attempt_at = case when ${at} >= ${deadline} then null
            else least(${at} + make_interval(secs => ${retryDelaySeconds(delivery.roundAttempts)}), ${deadline}) end
        where ${fence}`,
  );
}

/**
 * Delivers what is due, one claim at a time, until nothing is (or `limit` went, or `shouldStop`).
 * `now` replaces the database's clock: tests step through the back-off with it.
 */
export async function deliverDueWebhooks(
  db: Database,
  options: { now?: Date; limit?: number; shouldStop?: () => boolean } = {},
): Promise<number> {
  const at = options.now ? sql`${options.now.toISOString()}::timestamptz` : sql`now()`;
  const limit = options.limit ?? 100;
  const { allowedHosts } = await webhookAllowedHosts(db);
  let count = 0;
  while (count < limit && !options.shouldStop?.()) {
    const delivery = await claimNextDelivery(db, at);
    if (!delivery) break;
    count++;
    await recordOutcome(db, delivery, await attempt(delivery, allowedHosts), at);
  }
  return count;
}

/** The log keeps finished deliveries this long; the worker removes older ones about once an hour. */
export const deliveryRetentionDays = 30;
const pruneEveryMs = 3600_000;

/** Removes delivered and failed deliveries older than the retention; waiting ones always stay. */
export async function pruneOldDeliveries(db: Database, now = new Date()): Promise<number> {
  const removed = await rows<{ id: string }>(
    db,
    sql`delete from webhook_deliveries
        where state in ('delivered', 'failed')
          and occurred_at < ${now.toISOString()}::timestamptz - make_interval(days => ${deliveryRetentionDays})
        returning id`,
  );
  return removed.length;
}

const running = new Set<PollingWorker>();

/**
 * Delivers in the background: at start, when a delivery is queued in any process (NOTIFY, when
 * `listen` is given), and every 10 s in case a notice was missed.
 */
export function startWebhookWorker(
  db: Database,
  options: { listen?: DatabaseHandle["listen"]; pollMs?: number; onError?: (error: unknown) => void } = {},
): PollingWorker {
  let prunedAt = 0;
  const pass = async (shouldStop: () => boolean) => {
    if (Date.now() - prunedAt > pruneEveryMs) {
      prunedAt = Date.now();
      await pruneOldDeliveries(db);
    }
    return deliverDueWebhooks(db, { limit: 20, shouldStop });
  };
  const worker = startPollingWorker(pass, {
    pollMs: options.pollMs ?? pollMilliseconds,
    onError: options.onError,
  });
  running.add(worker);
  const unlisten = options
    .listen?.(webhookChannel, () => worker.wake())
    .catch((error) => {
      options.onError?.(error);
      return undefined;
    });
  return {
    get processed() {
      return worker.processed;
    },
    wake: () => worker.wake(),
    async stop() {
      running.delete(worker);
      await (await unlisten)?.();
      await worker.stop();
    },
  };
}

/** Something was queued by this process: its workers look at once. Called after the commit. */
export function wakeWebhookWorkers() {
  for (const worker of running) worker.wake();
}
