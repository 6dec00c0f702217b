ALTER TABLE "company_settings" ADD COLUMN "hanging_deal_days" integer DEFAULT 14 NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "start_page" text DEFAULT 'home' NOT NULL;--> statement-breakpoint
ALTER TABLE "company_settings" ADD CONSTRAINT "company_settings_hanging_deal_days" CHECK ("company_settings"."hanging_deal_days" between 1 and 365);--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_start_page" CHECK ("users"."start_page" in ('home', 'cabinet'));