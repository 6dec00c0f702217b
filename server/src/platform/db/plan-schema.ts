import {
  bigserial,
  index,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { activityTypes } from "./crm-schema";
import { units, users } from "./schema";

/** One amount per (user, month); absent means 0. */
export const plans = pgTable(
  "plans",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    month: text("month").notNull(),
    amount: numeric("amount", { precision: 18, scale: 2 }).notNull(),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.month] }), index("plans_month_idx").on(table.month)],
);

/** Every change of a plan: who set which amount when. */
export const planHistory = pgTable(
  "plan_history",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    month: text("month").notNull(),
    oldAmount: numeric("old_amount", { precision: 18, scale: 2 }),
    newAmount: numeric("new_amount", { precision: 18, scale: 2 }).notNull(),
    changedBy: uuid("changed_by").references(() => users.id, { onDelete: "set null" }),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("plan_history_user_idx").on(table.userId, table.month)],
);

/** A daily norm for one activity type, set for a unit (and its sub-units) or for one user. */
export const activityNorms = pgTable(
  "activity_norms",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    typeId: uuid("type_id")
      .notNull()
      .references(() => activityTypes.id, { onDelete: "cascade" }),
    unitId: uuid("unit_id").references(() => units.id, { onDelete: "cascade" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    dailyNorm: numeric("daily_norm", { precision: 8, scale: 2 }).notNull(),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("activity_norms_unit_idx").on(table.typeId, table.unitId),
    uniqueIndex("activity_norms_user_idx").on(table.typeId, table.userId),
  ],
);
