import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { bytea } from "./column-types";

const timestamps = {
  version: integer("version").notNull().default(1),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
};

export const companySettings = pgTable(
  "company_settings",
  {
    id: integer("id").primaryKey().default(1),
    companyName: text("company_name").notNull(),
    timeZone: text("time_zone").notNull().default("Asia/Almaty"),
    currency: text("currency").notNull().default("KZT"),
    weekStart: integer("week_start").notNull().default(1),
    workingWeekdays: integer("working_weekdays").array().notNull().default(sql`'{1,2,3,4,5}'`),
    locale: text("locale").notNull().default("ru"),
    /** An open deal with no activity for this many days is «подвисшая» on the heads' start pages. */
    hangingDealDays: integer("hanging_deal_days").notNull().default(14),
    version: integer("version").notNull().default(1),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [check("company_settings_hanging_deal_days", sql`${table.hangingDealDays} between 1 and 365`)],
);

export const units = pgTable(
  "units",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    kind: text("kind").notNull(),
    parentId: uuid("parent_id").references((): AnyPgColumn => units.id),
    headUserId: uuid("head_user_id").references((): AnyPgColumn => users.id, { onDelete: "set null" }),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    ...timestamps,
  },
  (table) => [index("units_parent_idx").on(table.parentId), index("units_head_idx").on(table.headUserId)],
);

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    login: text("login").notNull(),
    passwordHash: text("password_hash").notNull(),
    name: text("name").notNull(),
    position: text("position"),
    email: text("email"),
    phone: text("phone"),
    /** The zone this person's calendar shows times in (travelling, another office); the company's when null. */
    calendarTimeZone: text("calendar_time_zone"),
    role: text("role").notNull(),
    unitId: uuid("unit_id")
      .notNull()
      .references((): AnyPgColumn => units.id),
    active: boolean("active").notNull().default(true),
    /** Where the person lands after logging in: the start page («Главная») or their cabinet. */
    startPage: text("start_page").notNull().default("home"),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("users_login_idx").on(table.login),
    index("users_unit_idx").on(table.unitId),
    check("users_start_page", sql`${table.startPage} in ('home', 'cabinet')`),
  ],
);

export const userPhotos = pgTable("user_photos", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  mimeType: text("mime_type").notNull(),
  data: bytea("data").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const sessions = pgTable(
  "sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (table) => [index("sessions_user_idx").on(table.userId)],
);

export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    login: text("login").notNull(),
    ip: text("ip").notNull(),
    succeeded: boolean("succeeded").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("login_attempts_login_idx").on(table.login, table.at),
    index("login_attempts_ip_idx").on(table.ip, table.at),
  ],
);

export const calendarExceptions = pgTable("calendar_exceptions", {
  date: date("date", { mode: "string" }).primaryKey(),
  kind: text("kind").notNull(),
  name: text("name"),
});

export const accessRules = pgTable(
  "access_rules",
  {
    role: text("role").notNull(),
    entity: text("entity").notNull(),
    action: text("action").notNull(),
    level: text("level").notNull(),
  },
  (table) => [primaryKey({ columns: [table.role, table.entity, table.action] })],
);

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    prefix: text("prefix").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    scopes: text("scopes").array().notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (table) => [uniqueIndex("api_tokens_hash_idx").on(table.tokenHash)],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid("actor_id"),
    entity: text("entity").notNull(),
    entityId: text("entity_id").notNull(),
    action: text("action").notNull(),
    changes: jsonb("changes").notNull().default([]),
    /** What made the change when it was not a person's own request: `1c` for the exchange. */
    via: text("via"),
  },
  (table) => [index("audit_entity_idx").on(table.entity, table.entityId, table.at)],
);

export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    actorId: uuid("actor_id").notNull(),
    key: text("key").notNull(),
    /** The request the key was used for: its method, path and a SHA-256 of its body. */
    route: text("route").notNull(),
    /** Null from the commit of the request's work until its answer is stored. */
    statusCode: integer("status_code"),
    body: jsonb("body"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.actorId, table.key] })],
);
export * from "./bonus-schema";
export * from "./calendar-schema";
export * from "./chat-schema";
export * from "./crm-schema";
export * from "./drive-schema";
export * from "./feed-schema";
export * from "./figure-schema";
export * from "./group-schema";
export * from "./mail-inbox-schema";
export * from "./mail-letter-schema";
export * from "./mail-schema";
export * from "./meeting-room-schema";
export * from "./meeting-schema";
export * from "./one-c-schema";
export * from "./plan-schema";
export * from "./task-schema";
export * from "./telephony-schema";
export * from "./training-schema";
export * from "./webhook-schema";
export * from "./week-plan-schema";
export * from "./workflow-schema";
