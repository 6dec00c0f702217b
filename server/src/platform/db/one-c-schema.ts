import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { companies, contacts, deals } from "./crm-schema";
import { users } from "./schema";

/**
 * The 1C mirror: counterparties, orders and payments exactly as 1C last sent them, keyed by 1C's
 * GUID. Deals and companies are derived from it, so the same package twice finds every row
 * unchanged and writes nothing.
 */
export const oneCCounterparties = pgTable(
  "one_c_counterparties",
  {
    guid: text("guid").primaryKey(),
    name: text("name").notNull(),
    bin: text("bin"),
    kind: text("kind").notNull(),
    phones: text("phones").array().notNull(),
    emails: text("emails").array().notNull(),
    address: text("address"),
    managerName: text("manager_name"),
    deleted: boolean("deleted").notNull().default(false),
    companyId: uuid("company_id").references(() => companies.id),
    contactId: uuid("contact_id").references(() => contacts.id),
    /** The exchange created the record without knowing its manager: its owner is a placeholder. */
    ownerUnknown: boolean("owner_unknown").notNull().default(false),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("one_c_counterparties_company_idx").on(table.companyId)],
);

export const oneCOrders = pgTable(
  "one_c_orders",
  {
    guid: text("guid").primaryKey(),
    number: text("number").notNull(),
    documentDate: timestamp("document_date", { withTimezone: true }).notNull(),
    counterpartyGuid: text("counterparty_guid").notNull(),
    amount: numeric("amount", { precision: 18, scale: 2 }).notNull(),
    posted: boolean("posted").notNull(),
    deleted: boolean("deleted").notNull(),
    cancelled: boolean("cancelled").notNull(),
    managerName: text("manager_name"),
    comment: text("comment"),
    /** Null while nobody owns it: the «Не распределено» queue. */
    dealId: uuid("deal_id")
      .unique()
      .references(() => deals.id),
    paidAmount: numeric("paid_amount", { precision: 18, scale: 2 }).notNull().default("0"),
    /** The date of the payment that completed it, when it is paid in full. */
    paidAt: timestamp("paid_at", { withTimezone: true }),
    paymentNumber: text("payment_number"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("one_c_orders_counterparty_idx").on(table.counterpartyGuid),
    // The bonus base and the reconciliation read a period's paid and dated orders.
    index("one_c_orders_paid_idx").on(table.paidAt),
    index("one_c_orders_document_date_idx").on(table.documentDate),
  ],
);

export const oneCPayments = pgTable(
  "one_c_payments",
  {
    guid: text("guid").primaryKey(),
    orderGuid: text("order_guid").notNull(),
    number: text("number").notNull(),
    documentDate: timestamp("document_date", { withTimezone: true }).notNull(),
    amount: numeric("amount", { precision: 18, scale: 2 }).notNull(),
    refund: boolean("refund").notNull(),
    posted: boolean("posted").notNull(),
    deleted: boolean("deleted").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("one_c_payments_order_idx").on(table.orderGuid)],
);

/** How 1C names a manager (a requisite's text) → the Planerka user. */
export const oneCManagerNames = pgTable("one_c_manager_names", {
  name: text("name").primaryKey(),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
});

/** One exchange session: a checkauth of 1C, or one JSON upsert call. */
export const oneCSessions = pgTable(
  "one_c_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").notNull(),
    status: text("status").notNull().default("running"),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    /** SHA-256 of the cookie 1C sends back; the cookie itself is never stored. */
    cookieHash: text("cookie_hash").unique(),
    directions: text("directions").array().notNull().default([]),
    files: jsonb("files").notNull().default([]),
    created: integer("created").notNull().default(0),
    updated: integer("updated").notNull().default(0),
    unchanged: integer("unchanged").notNull().default(0),
    rejected: integer("rejected").notNull().default(0),
    ordersSent: integer("orders_sent").notNull().default(0),
    /** mode=query's cut-off, made the new watermark by mode=success. */
    queryUntil: timestamp("query_until", { withTimezone: true }),
    error: text("error"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (table) => [index("one_c_sessions_started_idx").on(table.startedAt)],
);

export const oneCRejections = pgTable(
  "one_c_rejections",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => oneCSessions.id, { onDelete: "cascade" }),
    fileName: text("file_name"),
    kind: text("kind").notNull(),
    guid: text("guid"),
    reason: text("reason").notNull(),
  },
  (table) => [index("one_c_rejections_session_idx").on(table.sessionId, table.id)],
);

/** One row: the exchange's watermarks and settings. */
export const oneCState = pgTable("one_c_state", {
  id: integer("id").primaryKey().default(1),
  lastSuccessAt: timestamp("last_success_at", { withTimezone: true }),
  /** Deals changed after this are what mode=query gives 1C next. */
  queryWatermark: timestamp("query_watermark", { withTimezone: true }),
  staleAfterHours: integer("stale_after_hours").notNull().default(26),
});
