CREATE TABLE "week_plan_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"week" text NOT NULL,
	"author_id" uuid NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "week_plan_comments_body_length" CHECK (char_length("week_plan_comments"."body") between 1 and 2000)
);
--> statement-breakpoint
ALTER TABLE "week_plan_comments" ADD CONSTRAINT "week_plan_comments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "week_plan_comments" ADD CONSTRAINT "week_plan_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "week_plan_comments_user_week_idx" ON "week_plan_comments" USING btree ("user_id","week");