CREATE TABLE "one_c_counterparties" (
	"guid" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"bin" text,
	"kind" text NOT NULL,
	"phones" text[] NOT NULL,
	"emails" text[] NOT NULL,
	"address" text,
	"manager_name" text,
	"deleted" boolean DEFAULT false NOT NULL,
	"company_id" uuid,
	"contact_id" uuid,
	"owner_unknown" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "one_c_manager_names" (
	"name" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "one_c_orders" (
	"guid" text PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"document_date" timestamp with time zone NOT NULL,
	"counterparty_guid" text NOT NULL,
	"amount" numeric(18, 2) NOT NULL,
	"posted" boolean NOT NULL,
	"deleted" boolean NOT NULL,
	"cancelled" boolean NOT NULL,
	"manager_name" text,
	"comment" text,
	"deal_id" uuid,
	"paid_amount" numeric(18, 2) DEFAULT '0' NOT NULL,
	"paid_at" timestamp with time zone,
	"payment_number" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "one_c_orders_deal_id_unique" UNIQUE("deal_id")
);
--> statement-breakpoint
CREATE TABLE "one_c_payments" (
	"guid" text PRIMARY KEY NOT NULL,
	"order_guid" text NOT NULL,
	"number" text NOT NULL,
	"document_date" timestamp with time zone NOT NULL,
	"amount" numeric(18, 2) NOT NULL,
	"refund" boolean NOT NULL,
	"posted" boolean NOT NULL,
	"deleted" boolean NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "one_c_rejections" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"session_id" uuid NOT NULL,
	"file_name" text,
	"kind" text NOT NULL,
	"guid" text,
	"reason" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "one_c_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"user_id" uuid,
	"cookie_hash" text,
	"directions" text[] DEFAULT '{}' NOT NULL,
	"files" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"orders_sent" integer DEFAULT 0 NOT NULL,
	"query_until" timestamp with time zone,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "one_c_sessions_cookie_hash_unique" UNIQUE("cookie_hash")
);
--> statement-breakpoint
CREATE TABLE "one_c_state" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"last_success_at" timestamp with time zone,
	"query_watermark" timestamp with time zone,
	"stale_after_hours" integer DEFAULT 26 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "via" text;--> statement-breakpoint
ALTER TABLE "one_c_counterparties" ADD CONSTRAINT "one_c_counterparties_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_c_counterparties" ADD CONSTRAINT "one_c_counterparties_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_c_manager_names" ADD CONSTRAINT "one_c_manager_names_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_c_orders" ADD CONSTRAINT "one_c_orders_deal_id_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."deals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_c_rejections" ADD CONSTRAINT "one_c_rejections_session_id_one_c_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."one_c_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_c_sessions" ADD CONSTRAINT "one_c_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "one_c_counterparties_company_idx" ON "one_c_counterparties" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "one_c_orders_counterparty_idx" ON "one_c_orders" USING btree ("counterparty_guid");--> statement-breakpoint
CREATE INDEX "one_c_payments_order_idx" ON "one_c_payments" USING btree ("order_guid");--> statement-breakpoint
CREATE INDEX "one_c_rejections_session_idx" ON "one_c_rejections" USING btree ("session_id","id");--> statement-breakpoint
CREATE INDEX "one_c_sessions_started_idx" ON "one_c_sessions" USING btree ("started_at");--> statement-breakpoint
INSERT INTO "one_c_state" ("id") VALUES (1);
