import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { bytea } from "./column-types";
import { driveBlobs } from "./drive-schema";
import { groups } from "./group-schema";
import { users } from "./schema";

/**
 * A task: set by its creator for an assignee, with co-assignees and observers in `task_members`.
 * `description` holds sanitised HTML. A task may be a sub-task (`parentId`) and may be linked to
 * one CRM record (`entityType` + `entityId`), belong to a group (`groupId`) or be created by a
 * workflow step.
 */
export const tasks = pgTable(
  "tasks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    /** new, in_progress, waiting_control, done, deferred */
    status: text("status").notNull().default("new"),
    /** low, normal, high */
    priority: text("priority").notNull().default("normal"),
    deadline: timestamp("deadline", { withTimezone: true }),
    /** Minutes the creator expects the work to take; compared with the time tracked. */
    plannedMinutes: integer("planned_minutes"),
    /** When set, the assignee's «done» sends the task to the creator for control first. */
    requiresControl: boolean("requires_control").notNull().default(false),
    creatorId: uuid("creator_id")
      .notNull()
      .references(() => users.id),
    assigneeId: uuid("assignee_id")
      .notNull()
      .references(() => users.id),
    parentId: uuid("parent_id").references((): AnyPgColumn => tasks.id, { onDelete: "set null" }),
    /** deal, lead, company or contact */
    entityType: text("entity_type"),
    entityId: uuid("entity_id"),
    workflowInstanceId: uuid("workflow_instance_id"),
    /** The group or project the task belongs to; its members may read it. */
    groupId: uuid("group_id").references(() => groups.id, { onDelete: "set null" }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("tasks_assignee_deadline_idx").on(table.assigneeId, table.deadline),
    index("tasks_creator_idx").on(table.creatorId, table.createdAt),
    index("tasks_parent_idx").on(table.parentId),
    index("tasks_entity_idx").on(table.entityType, table.entityId),
    index("tasks_workflow_idx").on(table.workflowInstanceId),
    index("tasks_group_idx").on(table.groupId, table.createdAt),
    check("tasks_status_check", sql`${table.status} in ('new', 'in_progress', 'waiting_control', 'done', 'deferred')`),
    check("tasks_priority_check", sql`${table.priority} in ('low', 'normal', 'high')`),
    check(
      "tasks_entity_check",
      sql`(${table.entityType} is null and ${table.entityId} is null) or (${table.entityType} in ('deal', 'lead', 'company', 'contact') and ${table.entityId} is not null)`,
    ),
  ],
);

/**
 * Who takes part in a task and how. Visibility of tasks is decided on this table: a participant
 * sees the task, and so do the heads above any participant.
 */
export const taskMembers = pgTable(
  "task_members",
  {
    taskId: uuid("task_id")
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    /** creator, assignee, coassignee, observer */
    role: text("role").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.taskId, table.userId, table.role] }),
    index("task_members_user_idx").on(table.userId, table.role, table.taskId),
    check("task_members_role_check", sql`${table.role} in ('creator', 'assignee', 'coassignee', 'observer')`),
  ],
);

export const taskChecklistItems = pgTable(
  "task_checklist_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    taskId: uuid("task_id")
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    done: boolean("done").notNull().default(false),
    sort: integer("sort").notNull().default(0),
    doneBy: uuid("done_by").references(() => users.id, { onDelete: "set null" }),
    doneAt: timestamp("done_at", { withTimezone: true }),
  },
  (table) => [index("task_checklist_task_idx").on(table.taskId, table.sort)],
);

export const taskComments = pgTable(
  "task_comments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    taskId: uuid("task_id")
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    /** Sanitised HTML. */
    body: text("body").notNull(),
    mentionedUserIds: uuid("mentioned_user_ids").array().notNull().default(sql`'{}'`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    editedAt: timestamp("edited_at", { withTimezone: true }),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (table) => [index("task_comments_task_idx").on(table.taskId, table.createdAt)],
);

export const taskFiles = pgTable(
  "task_files",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    taskId: uuid("task_id")
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    mimeType: text("mime_type").notNull(),
    size: integer("size").notNull(),
    /** Files stored before the blob store: moved there by the drive's maintenance, then null. */
    data: bytea("data"),
    /** The bytes in the blob store (shared with the drive: one stored file, many links). */
    blobId: uuid("blob_id").references(() => driveBlobs.id),
    uploadedBy: uuid("uploaded_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("task_files_task_idx").on(table.taskId, table.createdAt),
    index("task_files_blob_idx").on(table.blobId),
    check("task_files_bytes_check", sql`${table.data} is not null or ${table.blobId} is not null`),
  ],
);

/**
 * Time spent on tasks: a running timer has no `endedAt` (one per person, by the partial unique
 * index), a stopped timer or a manual entry has its minutes.
 */
export const taskTimeEntries = pgTable(
  "task_time_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    taskId: uuid("task_id")
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    /** timer or manual */
    source: text("source").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    minutes: integer("minutes"),
    comment: text("comment"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("task_time_task_idx").on(table.taskId, table.startedAt),
    index("task_time_user_idx").on(table.userId, table.startedAt),
    uniqueIndex("task_time_one_running_idx").on(table.userId).where(sql`${table.endedAt} is null`),
    check("task_time_source_check", sql`${table.source} in ('timer', 'manual')`),
    check("task_time_minutes_check", sql`${table.minutes} is null or ${table.minutes} >= 0`),
  ],
);

/** The working day: each start or resume opens a period, each pause or finish closes it. */
export const workdayPeriods = pgTable(
  "workday_periods",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    /** The day in the company time zone the period belongs to. */
    day: date("day", { mode: "string" }).notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
  },
  (table) => [
    index("workday_periods_user_day_idx").on(table.userId, table.day),
    index("workday_periods_day_idx").on(table.day),
    uniqueIndex("workday_periods_one_open_idx").on(table.userId).where(sql`${table.endedAt} is null`),
  ],
);

/** A finished working day (after «Завершить день» no period opens on that day again). */
export const workdayDays = pgTable(
  "workday_days",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    day: date("day", { mode: "string" }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.day] })],
);

/** Everything addressed to a person; the chat issue pushes them in real time. */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** task_assigned, task_comment, mention, workflow_approval, workflow_notice, activity_assigned, message, deal_won … */
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body"),
    /** A path inside the web app, for example /tasks/<id>. */
    link: text("link"),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp("read_at", { withTimezone: true }),
    /** From the real-time sequence: a reconnecting client asks for what came after its last. */
    seq: bigint("seq", { mode: "number" }).notNull().default(sql`nextval('realtime_seq')`),
  },
  (table) => [
    index("notifications_user_idx").on(table.userId, table.createdAt),
    index("notifications_seq_idx").on(table.userId, table.seq),
    index("notifications_unread_idx").on(table.userId).where(sql`${table.readAt} is null`),
  ],
);
