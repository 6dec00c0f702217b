ALTER TABLE "chat_files" ALTER COLUMN "data" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "mail_files" ALTER COLUMN "data" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "task_files" ALTER COLUMN "data" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "chat_files" ADD COLUMN "blob_id" uuid;--> statement-breakpoint
ALTER TABLE "mail_files" ADD COLUMN "blob_id" uuid;--> statement-breakpoint
ALTER TABLE "task_files" ADD COLUMN "blob_id" uuid;--> statement-breakpoint
ALTER TABLE "chat_files" ADD CONSTRAINT "chat_files_blob_id_drive_blobs_id_fk" FOREIGN KEY ("blob_id") REFERENCES "public"."drive_blobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_files" ADD CONSTRAINT "mail_files_blob_id_drive_blobs_id_fk" FOREIGN KEY ("blob_id") REFERENCES "public"."drive_blobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_files" ADD CONSTRAINT "task_files_blob_id_drive_blobs_id_fk" FOREIGN KEY ("blob_id") REFERENCES "public"."drive_blobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chat_files_blob_idx" ON "chat_files" USING btree ("blob_id");--> statement-breakpoint
CREATE INDEX "mail_files_blob_idx" ON "mail_files" USING btree ("blob_id");--> statement-breakpoint
CREATE INDEX "task_files_blob_idx" ON "task_files" USING btree ("blob_id");--> statement-breakpoint
ALTER TABLE "chat_files" ADD CONSTRAINT "chat_files_bytes_check" CHECK ("chat_files"."data" is not null or "chat_files"."blob_id" is not null);--> statement-breakpoint
ALTER TABLE "mail_files" ADD CONSTRAINT "mail_files_bytes_check" CHECK ("mail_files"."data" is not null or "mail_files"."blob_id" is not null);--> statement-breakpoint
ALTER TABLE "task_files" ADD CONSTRAINT "task_files_bytes_check" CHECK ("task_files"."data" is not null or "task_files"."blob_id" is not null);