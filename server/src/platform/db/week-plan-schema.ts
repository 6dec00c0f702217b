import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./schema";

/** A head's comment on a subordinate's plan for one ISO week (the «Личные планы» tab of the cabinet). */
export const weekPlanComments = pgTable(
  "week_plan_comments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Whose plan. */
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** `YYYY-Www`. */
    week: text("week").notNull(),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("week_plan_comments_user_week_idx").on(table.userId, table.week),
    check("week_plan_comments_body_length", sql`char_length(${table.body}) between 1 and 2000`),
  ],
);
