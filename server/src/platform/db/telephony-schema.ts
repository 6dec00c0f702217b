import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { activities, leads } from "./crm-schema";
import { users } from "./schema";

/**
 * The office or cloud PBX that tells Planerka about calls (issue #19): the shared secret its
 * webhook signs with (sealed like the SMTP password) and the address that places a call for
 * click-to-call. One row, set by an administrator.
 */
export const telephonySettings = pgTable(
  "telephony_settings",
  {
    id: integer("id").primaryKey().default(1),
    secret: text("secret").notNull(),
    originateUrl: text("originate_url"),
    version: integer("version").notNull().default(1),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [check("telephony_settings_single_row", sql`${table.id} = 1`)],
);

/** Whose phone an internal number (extension) rings. */
export const telephonyExtensions = pgTable("telephony_extensions", {
  extension: text("extension").primaryKey(),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
});

/**
 * Every call event the PBX sent, once: the key is the call and the event, so a PBX that sends an
 * event again changes nothing. What the event made (an activity, a lead) is kept beside it.
 */
export const telephonyCallEvents = pgTable(
  "telephony_call_events",
  {
    callId: text("call_id").notNull(),
    /** ringing, answered, finished, missed */
    event: text("event").notNull(),
    direction: text("direction").notNull(),
    clientNumber: text("client_number"),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    at: timestamp("at", { withTimezone: true }).notNull(),
    durationSec: integer("duration_sec"),
    recordingUrl: text("recording_url"),
    activityId: uuid("activity_id").references(() => activities.id, { onDelete: "set null" }),
    leadId: uuid("lead_id").references(() => leads.id, { onDelete: "set null" }),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.callId, table.event] }),
    index("telephony_call_events_received_idx").on(table.receivedAt),
  ],
);
