import { sql } from "drizzle-orm";
import {
  bigint,
  check,
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
import { tsvector } from "./column-types";
import { groups } from "./group-schema";
import { users } from "./schema";

/**
 * The drive (issue #20). Folders form trees under three kinds of root: a person's «Мой диск», a
 * group's drive and the company drive. Rights come from the root (the owner; the group's members;
 * every employee reads the company's) plus grants on any folder, inherited by everything below it.
 */
export const driveFolders = pgTable(
  "drive_folders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** personal, group or company: the kind of the tree's root, copied onto every folder of it */
    kind: text("kind").notNull(),
    parentId: uuid("parent_id"),
    ownerId: uuid("owner_id").references(() => users.id),
    groupId: uuid("group_id").references(() => groups.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** In the trash since then (restorable for 30 days); its contents go and come back with it. */
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    deletedBy: uuid("deleted_by").references(() => users.id, { onDelete: "set null" }),
    version: integer("version").notNull().default(1),
  },
  (table) => [
    index("drive_folders_parent_idx").on(table.parentId),
    uniqueIndex("drive_folders_name_idx")
      .on(table.parentId, sql`lower(${table.name})`)
      .where(sql`${table.deletedAt} is null`),
    uniqueIndex("drive_folders_personal_root_idx")
      .on(table.ownerId)
      .where(sql`${table.parentId} is null and ${table.kind} = 'personal'`),
    uniqueIndex("drive_folders_group_root_idx")
      .on(table.groupId)
      .where(sql`${table.parentId} is null and ${table.kind} = 'group'`),
    uniqueIndex("drive_folders_company_root_idx")
      .on(table.kind)
      .where(sql`${table.parentId} is null and ${table.kind} = 'company'`),
    check("drive_folders_kind_check", sql`${table.kind} in ('personal', 'group', 'company')`),
  ],
);

/** Read or edit for a person, a unit (and everything below it) or a group's members, on a folder and below. */
export const driveFolderGrants = pgTable(
  "drive_folder_grants",
  {
    folderId: uuid("folder_id")
      .notNull()
      .references(() => driveFolders.id, { onDelete: "cascade" }),
    /** user, unit or group */
    subjectType: text("subject_type").notNull(),
    subjectId: uuid("subject_id").notNull(),
    /** read or edit */
    level: text("level").notNull(),
    grantedBy: uuid("granted_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.folderId, table.subjectType, table.subjectId] }),
    index("drive_folder_grants_subject_idx").on(table.subjectType, table.subjectId),
    check("drive_folder_grants_subject_check", sql`${table.subjectType} in ('user', 'unit', 'group')`),
    check("drive_folder_grants_level_check", sql`${table.level} in ('read', 'edit')`),
  ],
);

/**
 * Stored bytes: one row per object in the blob store, under a generated key (never the user's file
 * name). Versions, thumbnails and attachments point here; the bytes go when nothing does.
 */
export const driveBlobs = pgTable("drive_blobs", {
  id: uuid("id").primaryKey().defaultRandom(),
  storageKey: text("storage_key").notNull().unique(),
  size: bigint("size", { mode: "number" }).notNull(),
  sha256: text("sha256").notNull(),
  /** The type sniffed from the content (the declared one when the content says nothing). */
  mimeType: text("mime_type").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const driveFiles = pgTable(
  "drive_files",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    folderId: uuid("folder_id")
      .notNull()
      .references(() => driveFolders.id),
    name: text("name").notNull(),
    currentVersionId: uuid("current_version_id"),
    /** The current version's size and type, kept here for listings. */
    size: bigint("size", { mode: "number" }).notNull().default(0),
    mimeType: text("mime_type").notNull().default("application/octet-stream"),
    /** The extracted text of the current version (PDF, DOCX, XLSX, text), capped. */
    content: text("content"),
    /** pending, done, none (nothing to extract) or failed: the extractor's state for the current version */
    contentState: text("content_state").notNull().default("pending"),
    /** Russian and English words of the name (weighted first) and of the text. */
    search: tsvector("search").generatedAlwaysAs(
      sql`setweight(to_tsvector('russian', regexp_replace(name, '[._-]+', ' ', 'g')), 'A') ||
        setweight(to_tsvector('english', regexp_replace(name, '[._-]+', ' ', 'g')), 'A') ||
        to_tsvector('russian', coalesce(content, '')) || to_tsvector('english', coalesce(content, ''))`,
    ),
    lockedBy: uuid("locked_by").references(() => users.id, { onDelete: "set null" }),
    lockedAt: timestamp("locked_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    deletedBy: uuid("deleted_by").references(() => users.id, { onDelete: "set null" }),
    version: integer("version").notNull().default(1),
  },
  (table) => [
    // A folder's listing reads one page in each order through these (keyset paging).
    index("drive_files_folder_idx").on(table.folderId, sql`lower(${table.name})`, table.id),
    index("drive_files_folder_updated_idx")
      .on(table.folderId, table.updatedAt, table.id)
      .where(sql`${table.deletedAt} is null`),
    index("drive_files_folder_size_idx")
      .on(table.folderId, table.size, table.id)
      .where(sql`${table.deletedAt} is null`),
    uniqueIndex("drive_files_name_idx")
      .on(table.folderId, sql`lower(${table.name})`)
      .where(sql`${table.deletedAt} is null`),
    index("drive_files_search_idx").using("gin", table.search),
    index("drive_files_content_state_idx").on(table.contentState).where(sql`${table.contentState} = 'pending'`),
    check("drive_files_content_state_check", sql`${table.contentState} in ('pending', 'done', 'none', 'failed')`),
  ],
);

export const driveFileVersions = pgTable(
  "drive_file_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    fileId: uuid("file_id")
      .notNull()
      .references(() => driveFiles.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    blobId: uuid("blob_id")
      .notNull()
      .references(() => driveBlobs.id),
    /** A small picture of an image version, made on the server with sharp. */
    thumbnailBlobId: uuid("thumbnail_blob_id").references(() => driveBlobs.id),
    uploadedBy: uuid("uploaded_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** A version restored from an earlier one says which. */
    restoredFrom: integer("restored_from"),
  },
  (table) => [uniqueIndex("drive_file_versions_number_idx").on(table.fileId, table.number)],
);

/**
 * A resumable upload in progress: bytes arrive in chunks at the recorded offset; a dropped
 * connection resumes from it. The partial object lives under `storage_key` in the blob store.
 */
export const driveUploads = pgTable(
  "drive_uploads",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    folderId: uuid("folder_id")
      .notNull()
      .references(() => driveFolders.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    declaredType: text("declared_type").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    received: bigint("received", { mode: "number" }).notNull().default(0),
    storageKey: text("storage_key").notNull().unique(),
    /** SHA-256 of each chunk received; the blob's hash is the SHA-256 of their concatenation. */
    chunkHashes: text("chunk_hashes").array().notNull().default(sql`'{}'`),
    /** A chunk is being written until then: a second writer of the same upload is refused meanwhile. */
    writingUntil: timestamp("writing_until", { withTimezone: true }),
    /** The store's own state of a multipart upload (S3's upload id and part tags). */
    storeState: jsonb("store_state").notNull().default(sql`'{}'::jsonb`),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("drive_uploads_user_idx").on(table.createdBy),
    index("drive_uploads_updated_idx").on(table.updatedAt),
  ],
);

/** A drive file linked to a record: one stored file, many links. */
export const driveAttachments = pgTable(
  "drive_attachments",
  {
    fileId: uuid("file_id")
      .notNull()
      .references(() => driveFiles.id, { onDelete: "cascade" }),
    /** deal, company, contact, lead, task */
    entityType: text("entity_type").notNull(),
    entityId: uuid("entity_id").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.entityType, table.entityId, table.fileId] }),
    index("drive_attachments_file_idx").on(table.fileId),
    check("drive_attachments_entity_check", sql`${table.entityType} in ('deal', 'company', 'contact', 'lead', 'task')`),
  ],
);

/** A link for a client: a file or a folder, until it expires or is revoked, maybe with a password and a limit. */
export const driveShareLinks = pgTable(
  "drive_share_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** SHA-256 of the link's secret; the secret itself is shown once. */
    tokenHash: text("token_hash").notNull().unique(),
    fileId: uuid("file_id").references(() => driveFiles.id, { onDelete: "cascade" }),
    folderId: uuid("folder_id").references(() => driveFolders.id, { onDelete: "cascade" }),
    passwordHash: text("password_hash"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    downloadLimit: integer("download_limit"),
    downloads: integer("downloads").notNull().default(0),
    /** The CRM record the link was given for: its downloads show on that record's timeline. */
    entityType: text("entity_type"),
    entityId: uuid("entity_id"),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedBy: uuid("revoked_by").references(() => users.id, { onDelete: "set null" }),
  },
  (table) => [
    index("drive_share_links_file_idx").on(table.fileId),
    index("drive_share_links_folder_idx").on(table.folderId),
    check("drive_share_links_target_check", sql`(${table.fileId} is null) <> (${table.folderId} is null)`),
  ],
);

export const driveShareDownloads = pgTable(
  "drive_share_downloads",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    linkId: uuid("link_id")
      .notNull()
      .references(() => driveShareLinks.id, { onDelete: "cascade" }),
    fileId: uuid("file_id").references(() => driveFiles.id, { onDelete: "set null" }),
    fileName: text("file_name").notNull(),
    address: text("address"),
    userAgent: text("user_agent"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("drive_share_downloads_link_idx").on(table.linkId, table.at)],
);

/** The drive's limits (one row): bytes per file, per person and for the company. */
export const driveSettings = pgTable(
  "drive_settings",
  {
    id: integer("id").primaryKey().default(1),
    maxFileBytes: bigint("max_file_bytes", { mode: "number" })
      .notNull()
      .default(4 * 1024 ** 3),
    userQuotaBytes: bigint("user_quota_bytes", { mode: "number" })
      .notNull()
      .default(20 * 1024 ** 3),
    companyQuotaBytes: bigint("company_quota_bytes", { mode: "number" })
      .notNull()
      .default(2 * 1024 ** 4),
    version: integer("version").notNull().default(1),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [check("drive_settings_single_row", sql`${table.id} = 1`)],
);
