CREATE TABLE "bonus_approvals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"period" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"approved_by" uuid NOT NULL,
	"approved_at" timestamp with time zone DEFAULT now() NOT NULL,
	"total" numeric(18, 2) NOT NULL,
	"sheet" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bonus_schemes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"name" text NOT NULL,
	"period" text NOT NULL,
	"applies_role" text,
	"applies_unit_id" uuid,
	"applies_user_ids" uuid[] DEFAULT '{}' NOT NULL,
	"base" text NOT NULL,
	"bands" jsonb NOT NULL,
	"mode" text NOT NULL,
	"fixed" numeric(18, 2) DEFAULT '0' NOT NULL,
	"cap" numeric(18, 2),
	"coefficient_floor" numeric(6, 2),
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reconciliation_acceptances" (
	"period" text NOT NULL,
	"key" text NOT NULL,
	"comment" text NOT NULL,
	"accepted_by" uuid NOT NULL,
	"accepted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reconciliation_acceptances_period_key_pk" PRIMARY KEY("period","key")
);
--> statement-breakpoint
ALTER TABLE "bonus_approvals" ADD CONSTRAINT "bonus_approvals_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bonus_approvals" ADD CONSTRAINT "bonus_approvals_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bonus_schemes" ADD CONSTRAINT "bonus_schemes_applies_unit_id_units_id_fk" FOREIGN KEY ("applies_unit_id") REFERENCES "public"."units"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bonus_schemes" ADD CONSTRAINT "bonus_schemes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_acceptances" ADD CONSTRAINT "reconciliation_acceptances_accepted_by_users_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bonus_approvals_period_unit_idx" ON "bonus_approvals" USING btree ("period","unit_id");--> statement-breakpoint
CREATE INDEX "reconciliation_key_idx" ON "reconciliation_acceptances" USING btree ("key");--> statement-breakpoint
CREATE INDEX "one_c_orders_paid_idx" ON "one_c_orders" USING btree ("paid_at");--> statement-breakpoint
CREATE INDEX "one_c_orders_document_date_idx" ON "one_c_orders" USING btree ("document_date");