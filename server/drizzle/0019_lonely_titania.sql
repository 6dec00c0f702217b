CREATE TABLE "telephony_call_events" (
	"call_id" text NOT NULL,
	"event" text NOT NULL,
	"direction" text NOT NULL,
	"client_number" text,
	"user_id" uuid,
	"at" timestamp with time zone NOT NULL,
	"duration_sec" integer,
	"recording_url" text,
	"activity_id" uuid,
	"lead_id" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "telephony_call_events_call_id_event_pk" PRIMARY KEY("call_id","event")
);
--> statement-breakpoint
CREATE TABLE "telephony_extensions" (
	"extension" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "telephony_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"secret" text NOT NULL,
	"originate_url" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "telephony_settings_single_row" CHECK ("telephony_settings"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "telephony_call_events" ADD CONSTRAINT "telephony_call_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telephony_call_events" ADD CONSTRAINT "telephony_call_events_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telephony_call_events" ADD CONSTRAINT "telephony_call_events_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telephony_extensions" ADD CONSTRAINT "telephony_extensions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telephony_settings" ADD CONSTRAINT "telephony_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "telephony_call_events_received_idx" ON "telephony_call_events" USING btree ("received_at");