import {
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { units, users } from "./schema";

/** A bonus scheme (issue #17): who it applies to, its period, its bands; the formula is common/bonus.ts. */
export const bonusSchemes = pgTable("bonus_schemes", {
  id: uuid("id").primaryKey().defaultRandom(),
  version: integer("version").notNull().default(1),
  name: text("name").notNull(),
  period: text("period").notNull(),
  appliesRole: text("applies_role"),
  appliesUnitId: uuid("applies_unit_id").references(() => units.id, { onDelete: "set null" }),
  appliesUserIds: uuid("applies_user_ids").array().notNull().default([]),
  base: text("base").notNull(),
  /** [{fromCompletion, rate}] as decimal strings, exact. */
  bands: jsonb("bands").notNull(),
  mode: text("mode").notNull(),
  fixed: numeric("fixed", { precision: 18, scale: 2 }).notNull().default("0"),
  cap: numeric("cap", { precision: 18, scale: 2 }),
  coefficientFloor: numeric("coefficient_floor", { precision: 6, scale: 2 }),
  active: boolean("active").notNull().default(true),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** An approved bonus sheet of a unit for a period: frozen as it was shown, never recomputed. */
export const bonusApprovals = pgTable(
  "bonus_approvals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    period: text("period").notNull(),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => units.id),
    approvedBy: uuid("approved_by")
      .notNull()
      .references(() => users.id),
    approvedAt: timestamp("approved_at", { withTimezone: true }).notNull().defaultNow(),
    total: numeric("total", { precision: 18, scale: 2 }).notNull(),
    sheet: jsonb("sheet").notNull(),
  },
  (table) => [uniqueIndex("bonus_approvals_period_unit_idx").on(table.period, table.unitId)],
);

/** A reconciliation difference someone looked at and accepted, with why. */
export const reconciliationAcceptances = pgTable(
  "reconciliation_acceptances",
  {
    period: text("period").notNull(),
    key: text("key").notNull(),
    comment: text("comment").notNull(),
    acceptedBy: uuid("accepted_by")
      .notNull()
      .references(() => users.id),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.period, table.key] }), index("reconciliation_key_idx").on(table.key)],
);
