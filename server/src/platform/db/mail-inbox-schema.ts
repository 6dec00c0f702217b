import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { bytea } from "./column-types";
import { companies, contacts, deals, leads } from "./crm-schema";
import { mailMessages } from "./mail-schema";
import { users } from "./schema";

/**
 * Incoming mail (issue #19): IMAP mailboxes the importer reads. The company's mailbox (kind
 * `company`, set by administrators) or an employee's own (kind `personal`, `ownerId` them: nobody
 * else sees it). The password is sealed like the SMTP one and never returned. The importer keeps
 * where it stopped (`uidValidity` + `lastUid`) and its progress, and claims a mailbox with a lease
 * (`leaseUntil` + `leaseToken`) that fences every write of its pass, so two processes never import
 * the same mailbox at once.
 */
export const mailboxes = pgTable(
  "mailboxes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** `company` or `personal`. */
    kind: text("kind").notNull(),
    /** The employee of a personal mailbox; null for the company's. */
    ownerId: uuid("owner_id").references(() => users.id, { onDelete: "cascade" }),
    /** Who set it up: leads from the company mailbox's unknown senders are theirs. */
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    name: text("name").notNull(),
    host: text("host").notNull(),
    port: integer("port").notNull(),
    /** `tls` (from the first byte, 993), `starttls` or `none` (loopback and tests only). */
    security: text("security").notNull(),
    username: text("username").notNull(),
    password: text("password"),
    folder: text("folder").notNull().default("INBOX"),
    active: boolean("active").notNull().default(true),
    createLeads: boolean("create_leads").notNull().default(false),
    uidValidity: bigint("uid_validity", { mode: "number" }),
    lastUid: bigint("last_uid", { mode: "number" }).notNull().default(0),
    importedCount: integer("imported_count").notNull().default(0),
    /** Letters the last pass found in the folder past `lastUid`, plus those imported before. */
    totalCount: integer("total_count").notNull().default(0),
    lastError: text("last_error"),
    lastImportAt: timestamp("last_import_at", { withTimezone: true }),
    nextImportAt: timestamp("next_import_at", { withTimezone: true }).notNull().defaultNow(),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    leaseToken: uuid("lease_token"),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("mailboxes_owner_idx").on(table.ownerId),
    index("mailboxes_due_idx").on(table.nextImportAt).where(sql`${table.active}`),
    check("mailboxes_kind_check", sql`${table.kind} in ('company', 'personal')`),
    check("mailboxes_security_check", sql`${table.security} in ('tls', 'starttls', 'none')`),
    check("mailboxes_owner_check", sql`(${table.kind} = 'personal') = (${table.ownerId} is not null)`),
  ],
);

/**
 * A letter imported from a mailbox: its headers (threads by Message-ID, In-Reply-To, References),
 * the body text (cut at a limit), and the records it landed on. `direction` is `out` for a letter
 * the employee sent themselves (found by its sender), matched by its recipients instead.
 */
export const mailInboundMessages = pgTable(
  "mail_inbound_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Null once the mailbox is removed: its letters stay on their records. */
    mailboxId: uuid("mailbox_id").references(() => mailboxes.id, { onDelete: "set null" }),
    uidValidity: bigint("uid_validity", { mode: "number" }).notNull(),
    uid: bigint("uid", { mode: "number" }).notNull(),
    messageId: text("message_id"),
    inReplyTo: text("in_reply_to"),
    references: text("references").array().notNull().default(sql`'{}'::text[]`),
    direction: text("direction").notNull().default("in"),
    fromAddress: text("from_address").notNull(),
    fromName: text("from_name"),
    toAddresses: text("to_addresses").array().notNull().default(sql`'{}'::text[]`),
    ccAddresses: text("cc_addresses").array().notNull().default(sql`'{}'::text[]`),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    bodyTruncated: boolean("body_truncated").notNull().default(false),
    size: integer("size").notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull(),
    importedAt: timestamp("imported_at", { withTimezone: true }).notNull().defaultNow(),
    dealId: uuid("deal_id").references(() => deals.id, { onDelete: "set null" }),
    companyId: uuid("company_id").references(() => companies.id, { onDelete: "set null" }),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    leadId: uuid("lead_id").references(() => leads.id, { onDelete: "set null" }),
    /** The Planerka letter this one answers (its thread). */
    repliesTo: uuid("replies_to").references(() => mailMessages.id, { onDelete: "set null" }),
  },
  (table) => [
    uniqueIndex("mail_inbound_uid_idx").on(table.mailboxId, table.uidValidity, table.uid),
    uniqueIndex("mail_inbound_message_id_idx")
      .on(table.mailboxId, table.messageId)
      .where(sql`${table.messageId} is not null`),
    index("mail_inbound_deal_idx").on(table.dealId, table.sentAt),
    index("mail_inbound_company_idx").on(table.companyId, table.sentAt),
    index("mail_inbound_contact_idx").on(table.contactId, table.sentAt),
    index("mail_inbound_lead_idx").on(table.leadId, table.sentAt),
    index("mail_inbound_message_lookup_idx").on(table.messageId),
    check("mail_inbound_direction_check", sql`${table.direction} in ('in', 'out')`),
  ],
);

/** A file an imported letter carried; `data` is null when it was over the size the importer keeps. */
export const mailInboundAttachments = pgTable(
  "mail_inbound_attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    messageId: uuid("message_id")
      .notNull()
      .references(() => mailInboundMessages.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    mimeType: text("mime_type").notNull(),
    size: integer("size").notNull(),
    data: bytea("data"),
    position: integer("position").notNull(),
  },
  (table) => [index("mail_inbound_attachments_message_idx").on(table.messageId, table.position)],
);
