import { sql } from "drizzle-orm";
import { check, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./schema";

/**
 * «Планёрка»: a head's note about one of their people for one ISO week, written during the weekly
 * meeting and shown again at the next one. One note per author, person and week. Read by the heads,
 * tops and admins whose reports scope reaches the person — never by the person (`policies/meeting-notes.ts`).
 */
export const meetingNotes = pgTable(
  "meeting_notes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Who wrote it: a head, top or admin above the person. */
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    /** Whom the note is about. */
    subjectId: uuid("subject_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** `YYYY-Www`: ISO weeks sort as text, so «the latest week before this one» is an index scan. */
    week: text("week").notNull(),
    /** Plain text. */
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (table) => [
    uniqueIndex("meeting_notes_subject_week_author_idx").on(table.subjectId, table.week, table.authorId),
    check("meeting_notes_body_length", sql`char_length(${table.body}) between 1 and 5000`),
    check("meeting_notes_week_format", sql`${table.week} ~ '^[0-9]{4}-W[0-9]{2}$'`),
  ],
);
