CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subscription_id" uuid NOT NULL,
	"event" text NOT NULL,
	"data" jsonb NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"round_attempts" integer DEFAULT 0 NOT NULL,
	"first_attempt_at" timestamp with time zone,
	"last_attempt_at" timestamp with time zone,
	"next_attempt_at" timestamp with time zone DEFAULT now(),
	"claimed_until" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"response_status" integer,
	"response_body" text,
	"error" text,
	CONSTRAINT "webhook_deliveries_state_check" CHECK ("webhook_deliveries"."state" in ('pending', 'delivered', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "webhook_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"allowed_hosts" text[] DEFAULT '{}' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_settings_single_row" CHECK ("webhook_settings"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "webhook_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"url" text NOT NULL,
	"events" text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"description" text,
	"secret" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_subscription_id_webhook_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."webhook_subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_settings" ADD CONSTRAINT "webhook_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_subscriptions" ADD CONSTRAINT "webhook_subscriptions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_deliveries_subscription_idx" ON "webhook_deliveries" USING btree ("subscription_id","occurred_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("next_attempt_at") WHERE "webhook_deliveries"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "webhook_subscriptions_active_idx" ON "webhook_subscriptions" USING btree ("active");--> statement-breakpoint
-- Outgoing webhooks are queued by the database, whatever path wrote the record (API, import, 1C,
-- telephony, workflows): statement triggers add a delivery per event and subscribed active
-- subscription in the writing transaction (the outbox), and NOTIFY wakes the workers on commit.
-- `data` is the record's public fields in camelCase, as they were at that moment.
CREATE FUNCTION planerka_webhook_json(r jsonb, cols text[]) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_object_agg(lower(left(c, 1)) || substr(replace(initcap(replace(c, '_', ' ')), ' ', ''), 2), r -> c)
  FROM unnest(cols) AS c
$$;
--> statement-breakpoint
-- Creation: TG_ARGV[0] is the event, TG_ARGV[1] the columns sent.
CREATE FUNCTION planerka_webhooks_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM webhook_subscriptions WHERE active AND TG_ARGV[0] = ANY(events)) THEN RETURN NULL; END IF;
  INSERT INTO webhook_deliveries (subscription_id, event, data)
  SELECT s.id, TG_ARGV[0], planerka_webhook_json(to_jsonb(n), TG_ARGV[1]::text[])
  FROM new_rows n JOIN webhook_subscriptions s ON s.active AND TG_ARGV[0] = ANY(s.events)
  WHERE n.deleted_at IS NULL;
  PERFORM pg_notify('planerka_webhooks', '');
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Completion (activities, tasks): `completed_at` went from empty to set.
CREATE FUNCTION planerka_webhooks_on_complete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM webhook_subscriptions WHERE active AND TG_ARGV[0] = ANY(events)) THEN RETURN NULL; END IF;
  INSERT INTO webhook_deliveries (subscription_id, event, data)
  SELECT s.id, TG_ARGV[0], planerka_webhook_json(to_jsonb(n), TG_ARGV[1]::text[])
  FROM new_rows n
  JOIN old_rows o ON o.id = n.id AND o.completed_at IS NULL AND n.completed_at IS NOT NULL
  JOIN webhook_subscriptions s ON s.active AND TG_ARGV[0] = ANY(s.events)
  WHERE n.deleted_at IS NULL;
  PERFORM pg_notify('planerka_webhooks', '');
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Deals: created (and won or lost when created in such a stage); moved to another stage (with
-- the stage it left), and won or lost when the move enters a won or lost stage.
CREATE FUNCTION planerka_webhooks_on_deal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cols text[] := '{id,number,title,pipeline_id,stage_id,amount,company_id,contact_id,expected_close_date,closed_at,source,external_id,owner_id,created_at,updated_at}';
BEGIN
  IF NOT EXISTS (SELECT 1 FROM webhook_subscriptions WHERE active AND events && '{deal.created,deal.stage_changed,deal.won,deal.lost}'::text[]) THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO webhook_deliveries (subscription_id, event, data)
    SELECT s.id, e.event, e.data
    FROM (
      SELECT x.event, planerka_webhook_json(to_jsonb(n), cols) AS data
      FROM new_rows n
      JOIN stages st ON st.id = n.stage_id
      CROSS JOIN LATERAL (VALUES ('deal.created'), (CASE WHEN st.semantic IN ('won', 'lost') THEN 'deal.' || st.semantic END)) x(event)
      WHERE n.deleted_at IS NULL AND x.event IS NOT NULL
    ) e
    JOIN webhook_subscriptions s ON s.active AND e.event = ANY(s.events);
  ELSE
    INSERT INTO webhook_deliveries (subscription_id, event, data)
    SELECT s.id, e.event, e.data
    FROM (
      SELECT x.event, planerka_webhook_json(to_jsonb(n), cols) || jsonb_build_object('previousStageId', o.stage_id) AS data
      FROM new_rows n
      JOIN old_rows o ON o.id = n.id AND o.stage_id IS DISTINCT FROM n.stage_id
      JOIN stages ns ON ns.id = n.stage_id
      LEFT JOIN stages os ON os.id = o.stage_id
      CROSS JOIN LATERAL (VALUES ('deal.stage_changed'),
        (CASE WHEN ns.semantic IN ('won', 'lost') AND os.semantic IS DISTINCT FROM ns.semantic THEN 'deal.' || ns.semantic END)) x(event)
      WHERE n.deleted_at IS NULL AND x.event IS NOT NULL
    ) e
    JOIN webhook_subscriptions s ON s.active AND e.event = ANY(s.events);
  END IF;
  PERFORM pg_notify('planerka_webhooks', '');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER deals_webhooks_insert AFTER INSERT ON deals REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION planerka_webhooks_on_deal();
--> statement-breakpoint
CREATE TRIGGER deals_webhooks_update AFTER UPDATE ON deals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION planerka_webhooks_on_deal();
--> statement-breakpoint
CREATE TRIGGER activities_webhooks_insert AFTER INSERT ON activities REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION planerka_webhooks_on_insert('activity.created',
    '{id,type_id,subject,description,due_at,duration_minutes,completed_at,result,deal_id,lead_id,company_id,contact_id,origin,owner_id,created_at}');
--> statement-breakpoint
CREATE TRIGGER activities_webhooks_complete AFTER UPDATE ON activities REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION planerka_webhooks_on_complete('activity.completed',
    '{id,type_id,subject,description,due_at,duration_minutes,completed_at,result,deal_id,lead_id,company_id,contact_id,origin,owner_id,created_at}');
--> statement-breakpoint
CREATE TRIGGER companies_webhooks_insert AFTER INSERT ON companies REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION planerka_webhooks_on_insert('company.created',
    '{id,name,bin,phones,emails,address,city,industry,external_id,owner_id,created_at}');
--> statement-breakpoint
CREATE TRIGGER contacts_webhooks_insert AFTER INSERT ON contacts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION planerka_webhooks_on_insert('contact.created',
    '{id,name,position,phones,emails,company_id,external_id,owner_id,created_at}');
--> statement-breakpoint
CREATE TRIGGER leads_webhooks_insert AFTER INSERT ON leads REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION planerka_webhooks_on_insert('lead.created',
    '{id,title,source,status,contact_name,company_name,phone,email,comment,external_id,owner_id,created_at}');
--> statement-breakpoint
CREATE TRIGGER tasks_webhooks_insert AFTER INSERT ON tasks REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION planerka_webhooks_on_insert('task.created',
    '{id,title,status,priority,deadline,creator_id,assignee_id,parent_id,entity_type,entity_id,group_id,completed_at,created_at}');
--> statement-breakpoint
CREATE TRIGGER tasks_webhooks_complete AFTER UPDATE ON tasks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION planerka_webhooks_on_complete('task.completed',
    '{id,title,status,priority,deadline,creator_id,assignee_id,parent_id,entity_type,entity_id,group_id,completed_at,created_at}');
