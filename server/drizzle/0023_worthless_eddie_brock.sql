CREATE TABLE "mail_inbound_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"message_id" uuid NOT NULL,
	"name" text NOT NULL,
	"mime_type" text NOT NULL,
	"size" integer NOT NULL,
	"data" "bytea",
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mail_inbound_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mailbox_id" uuid,
	"uid_validity" bigint NOT NULL,
	"uid" bigint NOT NULL,
	"message_id" text,
	"in_reply_to" text,
	"references" text[] DEFAULT '{}'::text[] NOT NULL,
	"direction" text DEFAULT 'in' NOT NULL,
	"from_address" text NOT NULL,
	"from_name" text,
	"to_addresses" text[] DEFAULT '{}'::text[] NOT NULL,
	"cc_addresses" text[] DEFAULT '{}'::text[] NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"body_truncated" boolean DEFAULT false NOT NULL,
	"size" integer NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deal_id" uuid,
	"company_id" uuid,
	"contact_id" uuid,
	"lead_id" uuid,
	"replies_to" uuid,
	CONSTRAINT "mail_inbound_direction_check" CHECK ("mail_inbound_messages"."direction" in ('in', 'out'))
);
--> statement-breakpoint
CREATE TABLE "mailboxes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"owner_id" uuid,
	"created_by" uuid NOT NULL,
	"name" text NOT NULL,
	"host" text NOT NULL,
	"port" integer NOT NULL,
	"security" text NOT NULL,
	"username" text NOT NULL,
	"password" text,
	"folder" text DEFAULT 'INBOX' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"create_leads" boolean DEFAULT false NOT NULL,
	"uid_validity" bigint,
	"last_uid" bigint DEFAULT 0 NOT NULL,
	"imported_count" integer DEFAULT 0 NOT NULL,
	"total_count" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"last_import_at" timestamp with time zone,
	"next_import_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"lease_token" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mailboxes_kind_check" CHECK ("mailboxes"."kind" in ('company', 'personal')),
	CONSTRAINT "mailboxes_security_check" CHECK ("mailboxes"."security" in ('tls', 'starttls', 'none')),
	CONSTRAINT "mailboxes_owner_check" CHECK (("mailboxes"."kind" = 'personal') = ("mailboxes"."owner_id" is not null))
);
--> statement-breakpoint
ALTER TABLE "mail_messages" ADD COLUMN "in_reply_to" text;--> statement-breakpoint
ALTER TABLE "mail_messages" ADD COLUMN "references_header" text;--> statement-breakpoint
ALTER TABLE "mail_inbound_attachments" ADD CONSTRAINT "mail_inbound_attachments_message_id_mail_inbound_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."mail_inbound_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_inbound_messages" ADD CONSTRAINT "mail_inbound_messages_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_inbound_messages" ADD CONSTRAINT "mail_inbound_messages_deal_id_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."deals"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_inbound_messages" ADD CONSTRAINT "mail_inbound_messages_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_inbound_messages" ADD CONSTRAINT "mail_inbound_messages_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_inbound_messages" ADD CONSTRAINT "mail_inbound_messages_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_inbound_messages" ADD CONSTRAINT "mail_inbound_messages_replies_to_mail_messages_id_fk" FOREIGN KEY ("replies_to") REFERENCES "public"."mail_messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD CONSTRAINT "mailboxes_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD CONSTRAINT "mailboxes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mail_inbound_attachments_message_idx" ON "mail_inbound_attachments" USING btree ("message_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "mail_inbound_uid_idx" ON "mail_inbound_messages" USING btree ("mailbox_id","uid_validity","uid");--> statement-breakpoint
CREATE UNIQUE INDEX "mail_inbound_message_id_idx" ON "mail_inbound_messages" USING btree ("mailbox_id","message_id") WHERE "mail_inbound_messages"."message_id" is not null;--> statement-breakpoint
CREATE INDEX "mail_inbound_deal_idx" ON "mail_inbound_messages" USING btree ("deal_id","sent_at");--> statement-breakpoint
CREATE INDEX "mail_inbound_company_idx" ON "mail_inbound_messages" USING btree ("company_id","sent_at");--> statement-breakpoint
CREATE INDEX "mail_inbound_contact_idx" ON "mail_inbound_messages" USING btree ("contact_id","sent_at");--> statement-breakpoint
CREATE INDEX "mail_inbound_lead_idx" ON "mail_inbound_messages" USING btree ("lead_id","sent_at");--> statement-breakpoint
CREATE INDEX "mail_inbound_message_lookup_idx" ON "mail_inbound_messages" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "mailboxes_owner_idx" ON "mailboxes" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "mailboxes_due_idx" ON "mailboxes" USING btree ("next_import_at") WHERE "mailboxes"."active";