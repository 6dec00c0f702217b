import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { companies, contacts, deals, leads } from "./crm-schema";
import { users } from "./schema";

/**
 * The company's outgoing mail server, set by an administrator (one row). The password is kept to
 * log in to the server and is never returned by the API.
 */
export const smtpSettings = pgTable(
  "smtp_settings",
  {
    id: integer("id").primaryKey().default(1),
    host: text("host").notNull(),
    port: integer("port").notNull(),
    secure: boolean("secure").notNull().default(false),
    username: text("username"),
    password: text("password"),
    fromAddress: text("from_address").notNull(),
    fromName: text("from_name"),
    version: integer("version").notNull().default(1),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [check("smtp_settings_single_row", sql`${table.id} = 1`)],
);

/**
 * Every letter written from a card: waiting in the outbox (queued, or between attempts), sent, or
 * failed for good (with the server's last answer). The outbox worker sends them outside any
 * request: it claims a due letter by setting `claimedUntil` (a lease, so a killed sender's letter
 * is tried again), counts the attempt and, on failure, sets `nextAttemptAt` further out. Shown on
 * the deal's (and its company's and contact's) timeline.
 */
export const mailMessages = pgTable(
  "mail_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    dealId: uuid("deal_id").references(() => deals.id, { onDelete: "cascade" }),
    companyId: uuid("company_id").references(() => companies.id, { onDelete: "set null" }),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    /** An answer to a lead's letter (incoming mail): on the lead's timeline. */
    leadId: uuid("lead_id").references(() => leads.id, { onDelete: "set null" }),
    senderId: uuid("sender_id")
      .notNull()
      .references(() => users.id),
    fromAddress: text("from_address").notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    /** `sent`, `failed` or `outbox`. */
    state: text("state").notNull(),
    /** The last attempt's error: kept while the letter waits for its next attempt. */
    error: text("error"),
    messageId: text("message_id"),
    /** A reply from the card to an imported letter (mail-inbox): its Message-ID, and the thread's References. */
    inReplyTo: text("in_reply_to"),
    referencesHeader: text("references_header"),
    /** Attempts made (or running); the lease's fence: a late sender whose lease expired changes nothing. */
    attempts: integer("attempts").notNull().default(0),
    /** When the outbox worker may try next; null once sent or failed for good. */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).defaultNow(),
    /** A sender holds the letter until then. */
    claimedUntil: timestamp("claimed_until", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (table) => [
    index("mail_messages_deal_idx").on(table.dealId, table.createdAt),
    index("mail_messages_company_idx").on(table.companyId, table.createdAt),
    index("mail_messages_contact_idx").on(table.contactId, table.createdAt),
    index("mail_messages_lead_idx").on(table.leadId, table.createdAt),
    index("mail_messages_state_idx").on(table.state, table.createdAt),
    index("mail_messages_due_idx").on(table.nextAttemptAt).where(sql`${table.state} = 'outbox'`),
    check("mail_messages_state_check", sql`${table.state} in ('sent', 'failed', 'outbox')`),
  ],
);
