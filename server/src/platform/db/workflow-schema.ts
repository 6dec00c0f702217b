import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./schema";

/**
 * A workflow template: steps (JSON, validated by `workflowDefinitionSchema` in common) bound to
 * an entity and started by hand, on the record's creation or when a deal enters a stage.
 */
export const workflowTemplates = pgTable(
  "workflow_templates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** lead, deal, company, contact */
    entity: text("entity").notNull(),
    /** manual, created, stage */
    trigger: text("trigger").notNull(),
    triggerStageId: uuid("trigger_stage_id"),
    /** { startStepId, steps: [...] } */
    definition: jsonb("definition").notNull(),
    active: boolean("active").notNull().default(false),
    /** The key of a template shipped with Planerka, so it is installed once. */
    builtinKey: text("builtin_key"),
    version: integer("version").notNull().default(1),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (table) => [
    index("workflow_templates_trigger_idx").on(table.entity, table.trigger, table.active),
    uniqueIndex("workflow_templates_builtin_idx").on(table.builtinKey),
    check("workflow_templates_entity_check", sql`${table.entity} in ('lead', 'deal', 'company', 'contact')`),
    check("workflow_templates_trigger_check", sql`${table.trigger} in ('manual', 'created', 'stage')`),
  ],
);

/**
 * One run of a template on one record. The definition is copied at start, so editing a template
 * never changes a running instance. `stepStartedAt` is when the current step began: the instance
 * is stalled when that is longer ago than the step's stall limit.
 */
export const workflowInstances = pgTable(
  "workflow_instances",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    templateId: uuid("template_id")
      .notNull()
      .references(() => workflowTemplates.id),
    templateName: text("template_name").notNull(),
    definition: jsonb("definition").notNull(),
    entity: text("entity").notNull(),
    entityId: uuid("entity_id").notNull(),
    /** running, completed, failed, cancelled */
    status: text("status").notNull().default("running"),
    currentStepId: text("current_step_id"),
    stepStartedAt: timestamp("step_started_at", { withTimezone: true }),
    /** The current step's stall limit in hours (copied from the step for the stalled query). */
    stallHours: integer("stall_hours"),
    /** Steps run so far; each step run takes the next number, unique per instance. */
    stepCount: integer("step_count").notNull().default(0),
    startedBy: uuid("started_by").references(() => users.id, { onDelete: "set null" }),
    error: text("error"),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (table) => [
    index("workflow_instances_entity_idx").on(table.entity, table.entityId, table.createdAt),
    index("workflow_instances_running_idx").on(table.stepStartedAt).where(sql`${table.status} = 'running'`),
    index("workflow_instances_template_idx").on(table.templateId, table.createdAt),
    check("workflow_instances_status_check", sql`${table.status} in ('running', 'completed', 'failed', 'cancelled')`),
  ],
);

/** The history of an instance: every step it ran, in order, with its outcome. */
export const workflowStepRuns = pgTable(
  "workflow_step_runs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    instanceId: uuid("instance_id")
      .notNull()
      .references(() => workflowInstances.id, { onDelete: "cascade" }),
    /** 1, 2, 3 … per instance: a step run twice would break this uniqueness. */
    seq: integer("seq").notNull(),
    stepId: text("step_id").notNull(),
    stepType: text("step_type").notNull(),
    stepName: text("step_name").notNull(),
    /** running (waiting), done, failed, cancelled */
    status: text("status").notNull(),
    /** approved, rejected, then, else, timeout, … */
    outcome: text("outcome"),
    detail: jsonb("detail").notNull().default({}),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    /** Who decided (an approval) or null for the engine. */
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
  },
  (table) => [uniqueIndex("workflow_step_runs_seq_idx").on(table.instanceId, table.seq)],
);

/** Approvals a workflow waits for; the approver decides from their notifications or the record. */
export const workflowApprovals = pgTable(
  "workflow_approvals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    instanceId: uuid("instance_id")
      .notNull()
      .references(() => workflowInstances.id, { onDelete: "cascade" }),
    stepRunId: bigint("step_run_id", { mode: "number" }).notNull(),
    approverId: uuid("approver_id")
      .notNull()
      .references(() => users.id),
    title: text("title").notNull(),
    /** null while waiting; approved or rejected */
    decision: text("decision"),
    comment: text("comment"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    /** When the approver and their head were told it stalled: once per approval. */
    stallNotifiedAt: timestamp("stall_notified_at", { withTimezone: true }),
  },
  (table) => [
    index("workflow_approvals_approver_idx")
      .on(table.approverId, table.createdAt)
      .where(sql`${table.decision} is null`),
    index("workflow_approvals_instance_idx").on(table.instanceId),
  ],
);

/**
 * Background work of the workflow engine: start an instance, run or re-check its current step.
 * Due jobs are claimed with `FOR UPDATE SKIP LOCKED` inside the transaction that runs them, so with
 * several server processes each job runs exactly once, and a crash rolls the claim back.
 */
export const workflowJobs = pgTable(
  "workflow_jobs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** start (payload: templateId, entityId, startedBy) or advance (instanceId) */
    kind: text("kind").notNull(),
    instanceId: uuid("instance_id").references(() => workflowInstances.id, { onDelete: "cascade" }),
    payload: jsonb("payload").notNull().default({}),
    runAt: timestamp("run_at", { withTimezone: true }).notNull().defaultNow(),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    doneAt: timestamp("done_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("workflow_jobs_due_idx").on(table.runAt).where(sql`${table.doneAt} is null`),
    index("workflow_jobs_instance_idx").on(table.instanceId),
    check("workflow_jobs_kind_check", sql`${table.kind} in ('start', 'advance')`),
  ],
);
