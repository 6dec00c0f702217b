CREATE TABLE "calendar_event_attendees" (
	"event_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"response" text DEFAULT 'pending' NOT NULL,
	"comment" text,
	"responded_at" timestamp with time zone,
	CONSTRAINT "calendar_event_attendees_event_id_user_id_pk" PRIMARY KEY("event_id","user_id"),
	CONSTRAINT "calendar_event_attendees_response_check" CHECK ("calendar_event_attendees"."response" in ('pending', 'accepted', 'declined', 'maybe'))
);
--> statement-breakpoint
CREATE TABLE "calendar_event_contacts" (
	"event_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	CONSTRAINT "calendar_event_contacts_event_id_contact_id_pk" PRIMARY KEY("event_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "calendar_event_reminders" (
	"event_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"minutes_before" integer NOT NULL,
	CONSTRAINT "calendar_event_reminders_event_id_user_id_minutes_before_pk" PRIMARY KEY("event_id","user_id","minutes_before"),
	CONSTRAINT "calendar_event_reminders_minutes_check" CHECK ("calendar_event_reminders"."minutes_before" between 0 and 40320)
);
--> statement-breakpoint
CREATE TABLE "calendar_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"calendar" text DEFAULT 'personal' NOT NULL,
	"group_id" uuid,
	"organizer_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"location" text,
	"video_url" text,
	"all_day" boolean DEFAULT false NOT NULL,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"start_date" date,
	"end_date" date,
	"time_zone" text NOT NULL,
	"private" boolean DEFAULT false NOT NULL,
	"deal_id" uuid,
	"company_id" uuid,
	"contact_id" uuid,
	"recurrence" text,
	"exceptions" date[] DEFAULT '{}' NOT NULL,
	"span_start" timestamp with time zone NOT NULL,
	"span_end" timestamp with time zone NOT NULL,
	"recurrence_cut" boolean DEFAULT false NOT NULL,
	"deleted_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_events_calendar_check" CHECK ("calendar_events"."calendar" in ('personal', 'company', 'group')),
	CONSTRAINT "calendar_events_group_check" CHECK (("calendar_events"."calendar" = 'group') = ("calendar_events"."group_id" is not null)),
	CONSTRAINT "calendar_events_timing_check" CHECK (("calendar_events"."all_day" and "calendar_events"."start_date" is not null and "calendar_events"."end_date" is not null
        and "calendar_events"."start_date" <= "calendar_events"."end_date" and "calendar_events"."starts_at" is null and "calendar_events"."ends_at" is null)
        or (not "calendar_events"."all_day" and "calendar_events"."starts_at" is not null and "calendar_events"."ends_at" is not null
        and "calendar_events"."starts_at" < "calendar_events"."ends_at" and "calendar_events"."start_date" is null and "calendar_events"."end_date" is null)),
	CONSTRAINT "calendar_events_span_check" CHECK ("calendar_events"."span_start" <= "calendar_events"."span_end")
);
--> statement-breakpoint
ALTER TABLE "calendar_event_attendees" ADD CONSTRAINT "calendar_event_attendees_event_id_calendar_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."calendar_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_event_attendees" ADD CONSTRAINT "calendar_event_attendees_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_event_contacts" ADD CONSTRAINT "calendar_event_contacts_event_id_calendar_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."calendar_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_event_contacts" ADD CONSTRAINT "calendar_event_contacts_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_event_reminders" ADD CONSTRAINT "calendar_event_reminders_event_id_calendar_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."calendar_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_event_reminders" ADD CONSTRAINT "calendar_event_reminders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_events" ADD CONSTRAINT "calendar_events_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_events" ADD CONSTRAINT "calendar_events_organizer_id_users_id_fk" FOREIGN KEY ("organizer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_events" ADD CONSTRAINT "calendar_events_deal_id_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."deals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_events" ADD CONSTRAINT "calendar_events_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_events" ADD CONSTRAINT "calendar_events_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "calendar_event_attendees_user_idx" ON "calendar_event_attendees" USING btree ("user_id","event_id");--> statement-breakpoint
CREATE INDEX "calendar_event_contacts_contact_idx" ON "calendar_event_contacts" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "calendar_events_organizer_idx" ON "calendar_events" USING btree ("organizer_id","span_start");--> statement-breakpoint
CREATE INDEX "calendar_events_company_idx" ON "calendar_events" USING btree ("span_start") WHERE "calendar_events"."calendar" = 'company';--> statement-breakpoint
CREATE INDEX "calendar_events_group_idx" ON "calendar_events" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "calendar_events_deal_idx" ON "calendar_events" USING btree ("deal_id");--> statement-breakpoint
CREATE INDEX "calendar_events_company_record_idx" ON "calendar_events" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "calendar_events_contact_idx" ON "calendar_events" USING btree ("contact_id");