import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./schema";

/**
 * Outgoing webhooks (issue #19). Hosts an administrator allowed although they resolve to a
 * private, loopback or link-local address (one row; absent means none).
 */
export const webhookSettings = pgTable(
  "webhook_settings",
  {
    id: integer("id").primaryKey().default(1),
    allowedHosts: text("allowed_hosts").array().notNull().default(sql`'{}'`),
    version: integer("version").notNull().default(1),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [check("webhook_settings_single_row", sql`${table.id} = 1`)],
);

/**
 * An address that is told about the events it subscribed to. The secret it is signed with is
 * sealed (platform/secrets) and shown once, when created or rotated.
 */
export const webhookSubscriptions = pgTable(
  "webhook_subscriptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    url: text("url").notNull(),
    events: text("events").array().notNull(),
    active: boolean("active").notNull().default(true),
    description: text("description"),
    secret: text("secret").notNull(),
    version: integer("version").notNull().default(1),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("webhook_subscriptions_active_idx").on(table.active)],
);

/**
 * One event for one subscription: queued by a trigger in the transaction that made the change
 * (the outbox), delivered by the webhook worker of any process. A worker claims a due row with
 * `FOR UPDATE SKIP LOCKED`, counting the attempt and taking a lease (`claimedUntil`) that commits
 * before the request; `attempts` fences the outcome, so a worker whose lease ran out changes
 * nothing. Failures wait 1, 2, 4 … minutes (at most an hour) for 24 hours after the first attempt.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    subscriptionId: uuid("subscription_id")
      .notNull()
      .references(() => webhookSubscriptions.id, { onDelete: "cascade" }),
    event: text("event").notNull(),
    data: jsonb("data").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
    /** `pending`, `delivered` or `failed`. */
    state: text("state").notNull().default("pending"),
    /** Every attempt ever made (the fence); never goes back. */
    attempts: integer("attempts").notNull().default(0),
    /** Attempts in this round (the back-off's step); «Повторить» starts a new round. */
    roundAttempts: integer("round_attempts").notNull().default(0),
    /** The round's first attempt: 24 hours after it the delivery is failed. */
    firstAttemptAt: timestamp("first_attempt_at", { withTimezone: true }),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).defaultNow(),
    claimedUntil: timestamp("claimed_until", { withTimezone: true }),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    responseStatus: integer("response_status"),
    responseBody: text("response_body"),
    error: text("error"),
  },
  (table) => [
    index("webhook_deliveries_subscription_idx").on(table.subscriptionId, table.occurredAt),
    index("webhook_deliveries_due_idx").on(table.nextAttemptAt).where(sql`${table.state} = 'pending'`),
    check("webhook_deliveries_state_check", sql`${table.state} in ('pending', 'delivered', 'failed')`),
  ],
);
