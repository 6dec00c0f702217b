CREATE TABLE "drive_attachments" (
	"file_id" uuid NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "drive_attachments_entity_type_entity_id_file_id_pk" PRIMARY KEY("entity_type","entity_id","file_id"),
	CONSTRAINT "drive_attachments_entity_check" CHECK ("drive_attachments"."entity_type" in ('deal', 'company', 'contact', 'lead', 'task'))
);
--> statement-breakpoint
CREATE TABLE "drive_blobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"storage_key" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"mime_type" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "drive_blobs_storage_key_unique" UNIQUE("storage_key")
);
--> statement-breakpoint
CREATE TABLE "drive_file_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"file_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"blob_id" uuid NOT NULL,
	"thumbnail_blob_id" uuid,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"restored_from" integer
);
--> statement-breakpoint
CREATE TABLE "drive_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"folder_id" uuid NOT NULL,
	"name" text NOT NULL,
	"current_version_id" uuid,
	"size" bigint DEFAULT 0 NOT NULL,
	"mime_type" text DEFAULT 'application/octet-stream' NOT NULL,
	"content" text,
	"content_state" text DEFAULT 'pending' NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('russian', regexp_replace(name, '[._-]+', ' ', 'g')), 'A') ||
        setweight(to_tsvector('english', regexp_replace(name, '[._-]+', ' ', 'g')), 'A') ||
        to_tsvector('russian', coalesce(content, '')) || to_tsvector('english', coalesce(content, ''))) STORED,
	"locked_by" uuid,
	"locked_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "drive_files_content_state_check" CHECK ("drive_files"."content_state" in ('pending', 'done', 'none', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "drive_folder_grants" (
	"folder_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"level" text NOT NULL,
	"granted_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "drive_folder_grants_folder_id_subject_type_subject_id_pk" PRIMARY KEY("folder_id","subject_type","subject_id"),
	CONSTRAINT "drive_folder_grants_subject_check" CHECK ("drive_folder_grants"."subject_type" in ('user', 'unit', 'group')),
	CONSTRAINT "drive_folder_grants_level_check" CHECK ("drive_folder_grants"."level" in ('read', 'edit'))
);
--> statement-breakpoint
CREATE TABLE "drive_folders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"parent_id" uuid,
	"owner_id" uuid,
	"group_id" uuid,
	"name" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "drive_folders_kind_check" CHECK ("drive_folders"."kind" in ('personal', 'group', 'company'))
);
--> statement-breakpoint
CREATE TABLE "drive_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"max_file_bytes" bigint DEFAULT 4294967296 NOT NULL,
	"user_quota_bytes" bigint DEFAULT 21474836480 NOT NULL,
	"company_quota_bytes" bigint DEFAULT 2199023255552 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "drive_settings_single_row" CHECK ("drive_settings"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "drive_share_downloads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"link_id" uuid NOT NULL,
	"file_id" uuid,
	"file_name" text NOT NULL,
	"address" text,
	"user_agent" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "drive_share_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"file_id" uuid,
	"folder_id" uuid,
	"password_hash" text,
	"expires_at" timestamp with time zone NOT NULL,
	"download_limit" integer,
	"downloads" integer DEFAULT 0 NOT NULL,
	"entity_type" text,
	"entity_id" uuid,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	CONSTRAINT "drive_share_links_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "drive_share_links_target_check" CHECK (("drive_share_links"."file_id" is null) <> ("drive_share_links"."folder_id" is null))
);
--> statement-breakpoint
CREATE TABLE "drive_uploads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"folder_id" uuid NOT NULL,
	"name" text NOT NULL,
	"declared_type" text NOT NULL,
	"size" bigint NOT NULL,
	"received" bigint DEFAULT 0 NOT NULL,
	"storage_key" text NOT NULL,
	"chunk_hashes" text[] DEFAULT '{}' NOT NULL,
	"writing_until" timestamp with time zone,
	"store_state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "drive_uploads_storage_key_unique" UNIQUE("storage_key")
);
--> statement-breakpoint
ALTER TABLE "drive_attachments" ADD CONSTRAINT "drive_attachments_file_id_drive_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."drive_files"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drive_attachments" ADD CONSTRAINT "drive_attachments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drive_file_versions" ADD CONSTRAINT "drive_file_versions_file_id_drive_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."drive_files"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drive_file_versions" ADD CONSTRAINT "drive_file_versions_blob_id_drive_blobs_id_fk" FOREIGN KEY ("blob_id") REFERENCES "public"."drive_blobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drive_file_versions" ADD CONSTRAINT "drive_file_versions_thumbnail_blob_id_drive_blobs_id_fk" FOREIGN KEY ("thumbnail_blob_id") REFERENCES "public"."drive_blobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drive_file_versions" ADD CONSTRAINT "drive_file_versions_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drive_files" ADD CONSTRAINT "drive_files_folder_id_drive_folders_id_fk" FOREIGN KEY ("folder_id") REFERENCES "public"."drive_folders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drive_files" ADD CONSTRAINT "drive_files_locked_by_users_id_fk" FOREIGN KEY ("locked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drive_files" ADD CONSTRAINT "drive_files_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drive_files" ADD CONSTRAINT "drive_files_deleted_by_users_id_fk" FOREIGN KEY ("deleted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drive_folder_grants" ADD CONSTRAINT "drive_folder_grants_folder_id_drive_folders_id_fk" FOREIGN KEY ("folder_id") REFERENCES "public"."drive_folders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drive_folder_grants" ADD CONSTRAINT "drive_folder_grants_granted_by_users_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drive_folders" ADD CONSTRAINT "drive_folders_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drive_folders" ADD CONSTRAINT "drive_folders_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drive_folders" ADD CONSTRAINT "drive_folders_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drive_folders" ADD CONSTRAINT "drive_folders_deleted_by_users_id_fk" FOREIGN KEY ("deleted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drive_settings" ADD CONSTRAINT "drive_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drive_share_downloads" ADD CONSTRAINT "drive_share_downloads_link_id_drive_share_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."drive_share_links"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drive_share_downloads" ADD CONSTRAINT "drive_share_downloads_file_id_drive_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."drive_files"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drive_share_links" ADD CONSTRAINT "drive_share_links_file_id_drive_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."drive_files"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drive_share_links" ADD CONSTRAINT "drive_share_links_folder_id_drive_folders_id_fk" FOREIGN KEY ("folder_id") REFERENCES "public"."drive_folders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drive_share_links" ADD CONSTRAINT "drive_share_links_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drive_share_links" ADD CONSTRAINT "drive_share_links_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drive_uploads" ADD CONSTRAINT "drive_uploads_folder_id_drive_folders_id_fk" FOREIGN KEY ("folder_id") REFERENCES "public"."drive_folders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drive_uploads" ADD CONSTRAINT "drive_uploads_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "drive_attachments_file_idx" ON "drive_attachments" USING btree ("file_id");--> statement-breakpoint
CREATE UNIQUE INDEX "drive_file_versions_number_idx" ON "drive_file_versions" USING btree ("file_id","number");--> statement-breakpoint
CREATE INDEX "drive_files_folder_idx" ON "drive_files" USING btree ("folder_id",lower("name"),"id");--> statement-breakpoint
CREATE INDEX "drive_files_folder_updated_idx" ON "drive_files" USING btree ("folder_id","updated_at","id") WHERE "drive_files"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "drive_files_folder_size_idx" ON "drive_files" USING btree ("folder_id","size","id") WHERE "drive_files"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "drive_files_name_idx" ON "drive_files" USING btree ("folder_id",lower("name")) WHERE "drive_files"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "drive_files_search_idx" ON "drive_files" USING gin ("search");--> statement-breakpoint
CREATE INDEX "drive_files_content_state_idx" ON "drive_files" USING btree ("content_state") WHERE "drive_files"."content_state" = 'pending';--> statement-breakpoint
CREATE INDEX "drive_folder_grants_subject_idx" ON "drive_folder_grants" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "drive_folders_parent_idx" ON "drive_folders" USING btree ("parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "drive_folders_name_idx" ON "drive_folders" USING btree ("parent_id",lower("name")) WHERE "drive_folders"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "drive_folders_personal_root_idx" ON "drive_folders" USING btree ("owner_id") WHERE "drive_folders"."parent_id" is null and "drive_folders"."kind" = 'personal';--> statement-breakpoint
CREATE UNIQUE INDEX "drive_folders_group_root_idx" ON "drive_folders" USING btree ("group_id") WHERE "drive_folders"."parent_id" is null and "drive_folders"."kind" = 'group';--> statement-breakpoint
CREATE UNIQUE INDEX "drive_folders_company_root_idx" ON "drive_folders" USING btree ("kind") WHERE "drive_folders"."parent_id" is null and "drive_folders"."kind" = 'company';--> statement-breakpoint
CREATE INDEX "drive_share_downloads_link_idx" ON "drive_share_downloads" USING btree ("link_id","at");--> statement-breakpoint
CREATE INDEX "drive_share_links_file_idx" ON "drive_share_links" USING btree ("file_id");--> statement-breakpoint
CREATE INDEX "drive_share_links_folder_idx" ON "drive_share_links" USING btree ("folder_id");--> statement-breakpoint
CREATE INDEX "drive_uploads_user_idx" ON "drive_uploads" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "drive_uploads_updated_idx" ON "drive_uploads" USING btree ("updated_at");