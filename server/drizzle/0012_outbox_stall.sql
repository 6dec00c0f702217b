ALTER TABLE "mail_messages" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "mail_messages" ADD COLUMN "next_attempt_at" timestamp with time zone DEFAULT now();--> statement-breakpoint
ALTER TABLE "mail_messages" ADD COLUMN "claimed_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "workflow_approvals" ADD COLUMN "stall_notified_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "mail_messages_due_idx" ON "mail_messages" USING btree ("next_attempt_at") WHERE "mail_messages"."state" = 'outbox';--> statement-breakpoint
-- Letters already sent or failed are not due; those waiting in the outbox are, at once.
UPDATE "mail_messages" SET "next_attempt_at" = NULL WHERE "state" <> 'outbox';
