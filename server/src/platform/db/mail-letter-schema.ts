import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { bytea } from "./column-types";
import { driveBlobs } from "./drive-schema";
import { mailMessages } from "./mail-schema";
import { users } from "./schema";

/**
 * Files letters carry. Uploaded for a letter being written (`uploadedBy` alone may use it until a
 * letter holds it; unused uploads are removed after a day) or copied from a task of the deal. One
 * file may go with several letters from the same deal («files from the record»), so the bytes are
 * kept once and letters point at them.
 */
export const mailFiles = pgTable(
  "mail_files",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    mimeType: text("mime_type").notNull(),
    size: integer("size").notNull(),
    /** Files stored before the blob store: moved there by the drive's maintenance, then null. */
    data: bytea("data"),
    /** The bytes in the blob store (shared with the drive: one stored file, many links). */
    blobId: uuid("blob_id").references(() => driveBlobs.id),
    uploadedBy: uuid("uploaded_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("mail_files_uploader_idx").on(table.uploadedBy, table.createdAt),
    index("mail_files_blob_idx").on(table.blobId),
    check("mail_files_bytes_check", sql`${table.data} is not null or ${table.blobId} is not null`),
  ],
);

/** Which files a letter carries, in the order they were chosen. */
export const mailMessageAttachments = pgTable(
  "mail_message_attachments",
  {
    messageId: uuid("message_id")
      .notNull()
      .references(() => mailMessages.id, { onDelete: "cascade" }),
    fileId: uuid("file_id")
      .notNull()
      .references(() => mailFiles.id),
    position: integer("position").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.messageId, table.fileId] }),
    index("mail_message_attachments_file_idx").on(table.fileId),
  ],
);

/**
 * The company's letter templates, written by admins and heads and used by everyone: subject and
 * body with `{{placeholders}}` filled from the record when a letter is written.
 */
export const mailTemplates = pgTable("mail_templates", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  subject: text("subject").notNull(),
  body: text("body").notNull(),
  version: integer("version").notNull().default(1),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
