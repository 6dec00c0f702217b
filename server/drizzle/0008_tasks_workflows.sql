CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text,
	"link" text,
	"actor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "task_checklist_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"title" text NOT NULL,
	"done" boolean DEFAULT false NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"done_by" uuid,
	"done_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "task_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"body" text NOT NULL,
	"mentioned_user_ids" uuid[] DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"edited_at" timestamp with time zone,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "task_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"name" text NOT NULL,
	"mime_type" text NOT NULL,
	"size" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_members" (
	"task_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "task_members_task_id_user_id_role_pk" PRIMARY KEY("task_id","user_id","role"),
	CONSTRAINT "task_members_role_check" CHECK ("task_members"."role" in ('creator', 'assignee', 'coassignee', 'observer'))
);
--> statement-breakpoint
CREATE TABLE "task_time_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"source" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"minutes" integer,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "task_time_source_check" CHECK ("task_time_entries"."source" in ('timer', 'manual')),
	CONSTRAINT "task_time_minutes_check" CHECK ("task_time_entries"."minutes" is null or "task_time_entries"."minutes" >= 0)
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"priority" text DEFAULT 'normal' NOT NULL,
	"deadline" timestamp with time zone,
	"planned_minutes" integer,
	"requires_control" boolean DEFAULT false NOT NULL,
	"creator_id" uuid NOT NULL,
	"assignee_id" uuid NOT NULL,
	"parent_id" uuid,
	"entity_type" text,
	"entity_id" uuid,
	"workflow_instance_id" uuid,
	"completed_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tasks_status_check" CHECK ("tasks"."status" in ('new', 'in_progress', 'waiting_control', 'done', 'deferred')),
	CONSTRAINT "tasks_priority_check" CHECK ("tasks"."priority" in ('low', 'normal', 'high')),
	CONSTRAINT "tasks_entity_check" CHECK (("tasks"."entity_type" is null and "tasks"."entity_id" is null) or ("tasks"."entity_type" in ('deal', 'lead', 'company', 'contact') and "tasks"."entity_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "workday_days" (
	"user_id" uuid NOT NULL,
	"day" date NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	CONSTRAINT "workday_days_user_id_day_pk" PRIMARY KEY("user_id","day")
);
--> statement-breakpoint
CREATE TABLE "workday_periods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"day" date NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "workflow_approvals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"instance_id" uuid NOT NULL,
	"step_run_id" bigint NOT NULL,
	"approver_id" uuid NOT NULL,
	"title" text NOT NULL,
	"decision" text,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "workflow_instances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"template_id" uuid NOT NULL,
	"template_name" text NOT NULL,
	"definition" jsonb NOT NULL,
	"entity" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"current_step_id" text,
	"step_started_at" timestamp with time zone,
	"stall_hours" integer,
	"step_count" integer DEFAULT 0 NOT NULL,
	"started_by" uuid,
	"error" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "workflow_instances_status_check" CHECK ("workflow_instances"."status" in ('running', 'completed', 'failed', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "workflow_jobs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"instance_id" uuid,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"done_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workflow_jobs_kind_check" CHECK ("workflow_jobs"."kind" in ('start', 'advance'))
);
--> statement-breakpoint
CREATE TABLE "workflow_step_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"instance_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"step_id" text NOT NULL,
	"step_type" text NOT NULL,
	"step_name" text NOT NULL,
	"status" text NOT NULL,
	"outcome" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"actor_id" uuid
);
--> statement-breakpoint
CREATE TABLE "workflow_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"entity" text NOT NULL,
	"trigger" text NOT NULL,
	"trigger_stage_id" uuid,
	"definition" jsonb NOT NULL,
	"active" boolean DEFAULT false NOT NULL,
	"builtin_key" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "workflow_templates_entity_check" CHECK ("workflow_templates"."entity" in ('lead', 'deal', 'company', 'contact')),
	CONSTRAINT "workflow_templates_trigger_check" CHECK ("workflow_templates"."trigger" in ('manual', 'created', 'stage'))
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_checklist_items" ADD CONSTRAINT "task_checklist_items_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_checklist_items" ADD CONSTRAINT "task_checklist_items_done_by_users_id_fk" FOREIGN KEY ("done_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_comments" ADD CONSTRAINT "task_comments_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_comments" ADD CONSTRAINT "task_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_files" ADD CONSTRAINT "task_files_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_files" ADD CONSTRAINT "task_files_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_members" ADD CONSTRAINT "task_members_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_members" ADD CONSTRAINT "task_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_time_entries" ADD CONSTRAINT "task_time_entries_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_time_entries" ADD CONSTRAINT "task_time_entries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_creator_id_users_id_fk" FOREIGN KEY ("creator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_parent_id_tasks_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workday_days" ADD CONSTRAINT "workday_days_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workday_periods" ADD CONSTRAINT "workday_periods_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_approvals" ADD CONSTRAINT "workflow_approvals_instance_id_workflow_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."workflow_instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_approvals" ADD CONSTRAINT "workflow_approvals_approver_id_users_id_fk" FOREIGN KEY ("approver_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_instances" ADD CONSTRAINT "workflow_instances_template_id_workflow_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."workflow_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_instances" ADD CONSTRAINT "workflow_instances_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_jobs" ADD CONSTRAINT "workflow_jobs_instance_id_workflow_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."workflow_instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_step_runs" ADD CONSTRAINT "workflow_step_runs_instance_id_workflow_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."workflow_instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_step_runs" ADD CONSTRAINT "workflow_step_runs_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_templates" ADD CONSTRAINT "workflow_templates_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("user_id") WHERE "notifications"."read_at" is null;--> statement-breakpoint
CREATE INDEX "task_checklist_task_idx" ON "task_checklist_items" USING btree ("task_id","sort");--> statement-breakpoint
CREATE INDEX "task_comments_task_idx" ON "task_comments" USING btree ("task_id","created_at");--> statement-breakpoint
CREATE INDEX "task_files_task_idx" ON "task_files" USING btree ("task_id","created_at");--> statement-breakpoint
CREATE INDEX "task_members_user_idx" ON "task_members" USING btree ("user_id","role","task_id");--> statement-breakpoint
CREATE INDEX "task_time_task_idx" ON "task_time_entries" USING btree ("task_id","started_at");--> statement-breakpoint
CREATE INDEX "task_time_user_idx" ON "task_time_entries" USING btree ("user_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "task_time_one_running_idx" ON "task_time_entries" USING btree ("user_id") WHERE "task_time_entries"."ended_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_assignee_deadline_idx" ON "tasks" USING btree ("assignee_id","deadline");--> statement-breakpoint
CREATE INDEX "tasks_creator_idx" ON "tasks" USING btree ("creator_id","created_at");--> statement-breakpoint
CREATE INDEX "tasks_parent_idx" ON "tasks" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "tasks_entity_idx" ON "tasks" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "tasks_workflow_idx" ON "tasks" USING btree ("workflow_instance_id");--> statement-breakpoint
CREATE INDEX "workday_periods_user_day_idx" ON "workday_periods" USING btree ("user_id","day");--> statement-breakpoint
CREATE INDEX "workday_periods_day_idx" ON "workday_periods" USING btree ("day");--> statement-breakpoint
CREATE UNIQUE INDEX "workday_periods_one_open_idx" ON "workday_periods" USING btree ("user_id") WHERE "workday_periods"."ended_at" is null;--> statement-breakpoint
CREATE INDEX "workflow_approvals_approver_idx" ON "workflow_approvals" USING btree ("approver_id","created_at") WHERE "workflow_approvals"."decision" is null;--> statement-breakpoint
CREATE INDEX "workflow_approvals_instance_idx" ON "workflow_approvals" USING btree ("instance_id");--> statement-breakpoint
CREATE INDEX "workflow_instances_entity_idx" ON "workflow_instances" USING btree ("entity","entity_id","created_at");--> statement-breakpoint
CREATE INDEX "workflow_instances_running_idx" ON "workflow_instances" USING btree ("step_started_at") WHERE "workflow_instances"."status" = 'running';--> statement-breakpoint
CREATE INDEX "workflow_instances_template_idx" ON "workflow_instances" USING btree ("template_id","created_at");--> statement-breakpoint
CREATE INDEX "workflow_jobs_due_idx" ON "workflow_jobs" USING btree ("run_at") WHERE "workflow_jobs"."done_at" is null;--> statement-breakpoint
CREATE INDEX "workflow_jobs_instance_idx" ON "workflow_jobs" USING btree ("instance_id");--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_step_runs_seq_idx" ON "workflow_step_runs" USING btree ("instance_id","seq");--> statement-breakpoint
CREATE INDEX "workflow_templates_trigger_idx" ON "workflow_templates" USING btree ("entity","trigger","active");--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_templates_builtin_idx" ON "workflow_templates" USING btree ("builtin_key");--> statement-breakpoint
-- Workflows start from the database, whatever path wrote the record (API, import, lead
-- conversion): a statement trigger queues a «start» job per new record and matching active
-- template, in the writing transaction. The engine runs the job in the background.
CREATE FUNCTION planerka_workflow_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO workflow_jobs (kind, payload)
  SELECT 'start', jsonb_build_object('templateId', t.id, 'entityId', n.id, 'startedBy', n.created_by)
  FROM new_rows n
  JOIN workflow_templates t ON t.active AND t.deleted_at IS NULL AND t.entity = TG_ARGV[0] AND t.trigger = 'created'
  WHERE n.deleted_at IS NULL;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- A deal that enters a stage (created in it, or moved to it) starts the templates bound to that
-- stage. Instances of changed records that wait for a condition are woken to check it again;
-- rows a worker holds are skipped, so a user's edit never waits on (or deadlocks with) the engine.
CREATE FUNCTION planerka_workflow_on_deal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO workflow_jobs (kind, payload)
    SELECT 'start', jsonb_build_object('templateId', t.id, 'entityId', n.id, 'startedBy', n.created_by)
    FROM new_rows n
    JOIN workflow_templates t ON t.active AND t.deleted_at IS NULL AND t.entity = 'deal' AND t.trigger = 'stage'
      AND t.trigger_stage_id = n.stage_id
    WHERE n.deleted_at IS NULL;
  ELSE
    INSERT INTO workflow_jobs (kind, payload)
    SELECT 'start', jsonb_build_object('templateId', t.id, 'entityId', n.id, 'startedBy', NULL)
    FROM new_rows n
    JOIN old_rows o ON o.id = n.id AND o.stage_id IS DISTINCT FROM n.stage_id
    JOIN workflow_templates t ON t.active AND t.deleted_at IS NULL AND t.entity = 'deal' AND t.trigger = 'stage'
      AND t.trigger_stage_id = n.stage_id
    WHERE n.deleted_at IS NULL;
    PERFORM planerka_workflow_wake('deal', array(SELECT id FROM new_rows));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION planerka_workflow_wake(entity_name text, ids uuid[]) RETURNS void LANGUAGE sql AS $$
  UPDATE workflow_jobs SET run_at = now()
  WHERE id IN (
    SELECT j.id FROM workflow_jobs j
    JOIN workflow_instances i ON i.id = j.instance_id
    WHERE i.entity = entity_name AND i.entity_id = ANY(ids) AND i.status = 'running'
      AND j.kind = 'advance' AND j.done_at IS NULL AND j.run_at > now()
    FOR UPDATE OF j SKIP LOCKED
  )
$$;
--> statement-breakpoint
CREATE FUNCTION planerka_workflow_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM planerka_workflow_wake(TG_ARGV[0], array(SELECT id FROM new_rows));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER deals_workflow_insert AFTER INSERT ON deals REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION planerka_workflow_on_deal();
--> statement-breakpoint
CREATE TRIGGER deals_workflow_created AFTER INSERT ON deals REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION planerka_workflow_on_insert('deal');
--> statement-breakpoint
CREATE TRIGGER deals_workflow_update AFTER UPDATE ON deals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION planerka_workflow_on_deal();
--> statement-breakpoint
CREATE TRIGGER leads_workflow_created AFTER INSERT ON leads REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION planerka_workflow_on_insert('lead');
--> statement-breakpoint
CREATE TRIGGER leads_workflow_update AFTER UPDATE ON leads REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION planerka_workflow_on_update('lead');
--> statement-breakpoint
CREATE TRIGGER companies_workflow_created AFTER INSERT ON companies REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION planerka_workflow_on_insert('company');
--> statement-breakpoint
CREATE TRIGGER companies_workflow_update AFTER UPDATE ON companies REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION planerka_workflow_on_update('company');
--> statement-breakpoint
CREATE TRIGGER contacts_workflow_created AFTER INSERT ON contacts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION planerka_workflow_on_insert('contact');
--> statement-breakpoint
CREATE TRIGGER contacts_workflow_update AFTER UPDATE ON contacts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION planerka_workflow_on_update('contact');
