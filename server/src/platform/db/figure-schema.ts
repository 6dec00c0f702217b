import { date, index, integer, numeric, pgTable, primaryKey, uuid } from "drizzle-orm/pg-core";

// Pre-aggregated figures, kept by statement triggers on `deals` and `activities` in the same
// transaction as every change (never a cache that can go stale): see migration 0006. Days and
// months are those of the company's time zone; a change of the zone rebuilds them in its
// transaction. The month tables' primary keys lead with the month and carry the counts
// (`INCLUDE`, added in the migration's SQL): a roll-up of thousands of people reads one month as
// an index-only range scan.

/** Non-deleted deals per owner and stage: count and amount (open stages give "deals in work"). */
export const dealStageTotals = pgTable(
  "deal_stage_totals",
  {
    ownerId: uuid("owner_id").notNull(),
    stageId: uuid("stage_id").notNull(),
    dealCount: integer("deal_count").notNull(),
    amount: numeric("amount", { precision: 20, scale: 2 }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.ownerId, table.stageId] })],
);

/** Non-deleted closed deals per month of `closedAt` (its first day), owner and stage: actual, won and lost stages. */
export const dealClosedMonths = pgTable("deal_closed_months", {
  month: date("month", { mode: "string" }).notNull(),
  ownerId: uuid("owner_id").notNull(),
  stageId: uuid("stage_id").notNull(),
  dealCount: integer("deal_count").notNull(),
  amount: numeric("amount", { precision: 20, scale: 2 }).notNull(),
});

/** Non-deleted completed activities per owner, day of `completedAt` and type: a week's coefficient. */
export const activityCompletedDays = pgTable(
  "activity_completed_days",
  {
    ownerId: uuid("owner_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    typeId: uuid("type_id").notNull(),
    activityCount: integer("activity_count").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.ownerId, table.day, table.typeId] }),
    index("activity_completed_days_day_idx").on(table.day),
  ],
);

/** The same per month (its first day): a month's coefficient. */
export const activityCompletedMonths = pgTable("activity_completed_months", {
  month: date("month", { mode: "string" }).notNull(),
  ownerId: uuid("owner_id").notNull(),
  typeId: uuid("type_id").notNull(),
  activityCount: integer("activity_count").notNull(),
});
