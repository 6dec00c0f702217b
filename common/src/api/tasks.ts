import { z } from "zod";
import { instantSchema, isoDateSchema } from "../calendar";
import { idSchema, optionalText, pageSchema, pagingQuerySchema, text, versionSchema } from "./shared";

export const taskStatuses = ["new", "in_progress", "waiting_control", "done", "deferred"] as const;
export const taskStatusSchema = z.enum(taskStatuses);
export type TaskStatus = z.infer<typeof taskStatusSchema>;

export const taskPriorities = ["low", "normal", "high"] as const;
export const taskPrioritySchema = z.enum(taskPriorities);
export type TaskPriority = z.infer<typeof taskPrioritySchema>;

export const taskMemberRoles = ["creator", "assignee", "coassignee", "observer"] as const;
export type TaskMemberRole = (typeof taskMemberRoles)[number];

/** The CRM records a task (or a workflow) can be linked to. */
export const linkableEntities = ["deal", "lead", "company", "contact"] as const;
export const linkableEntitySchema = z.enum(linkableEntities);
export type LinkableEntity = z.infer<typeof linkableEntitySchema>;

export const personRefSchema = z.object({ id: idSchema, name: z.string() });
export type PersonRef = z.infer<typeof personRefSchema>;

/** The linked CRM record, shown only when the caller may read it (else `title` is null). */
export const taskLinkSchema = z.object({
  entityType: linkableEntitySchema,
  entityId: idSchema,
  title: z.string().nullable(),
});

/** The group or project a task belongs to. */
export const taskGroupSchema = z.object({ id: idSchema, name: z.string() });

/** Rich text from the editor: stored after the server sanitises it to an allowlist of tags. */
export const richTextSchema = z.string().max(100_000);

/** A row of the task lists and the kanban. */
export const taskSummarySchema = z.object({
  id: idSchema,
  title: z.string(),
  status: taskStatusSchema,
  priority: taskPrioritySchema,
  deadline: z.string().nullable(),
  overdue: z.boolean(),
  creator: personRefSchema,
  assignee: personRefSchema,
  parentId: idSchema.nullable(),
  link: taskLinkSchema.nullable(),
  group: taskGroupSchema.nullable(),
  checklistTotal: z.number().int(),
  checklistDone: z.number().int(),
  commentCount: z.number().int(),
  subtaskCount: z.number().int(),
  plannedMinutes: z.number().int().nullable(),
  spentMinutes: z.number().int(),
  /** The caller's running timer is on this task. */
  timerRunning: z.boolean(),
  completedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TaskSummary = z.infer<typeof taskSummarySchema>;

export const checklistItemSchema = z.object({
  id: idSchema,
  title: z.string(),
  done: z.boolean(),
  sort: z.number().int(),
});
export type ChecklistItem = z.infer<typeof checklistItemSchema>;

export const taskFileSchema = z.object({
  id: idSchema,
  name: z.string(),
  mimeType: z.string(),
  size: z.number().int(),
  uploadedBy: personRefSchema,
  createdAt: z.string(),
});
export type TaskFile = z.infer<typeof taskFileSchema>;

/** What the caller may do with the task (the card hides what they may not). */
export const taskAbilitiesSchema = z.object({
  edit: z.boolean(),
  delete: z.boolean(),
  changeStatus: z.boolean(),
  /** Accept or return a task waiting for control (the creator). */
  control: z.boolean(),
  trackTime: z.boolean(),
  comment: z.boolean(),
});

export const taskDetailSchema = taskSummarySchema.extend({
  description: z.string(),
  requiresControl: z.boolean(),
  coassignees: z.array(personRefSchema),
  observers: z.array(personRefSchema),
  parent: z.object({ id: idSchema, title: z.string() }).nullable(),
  subtasks: z.array(taskSummarySchema),
  checklist: z.array(checklistItemSchema),
  files: z.array(taskFileSchema),
  workflowInstanceId: idSchema.nullable(),
  abilities: taskAbilitiesSchema,
});
export type TaskDetail = z.infer<typeof taskDetailSchema>;

export const taskWriteSchema = z.strictObject({
  title: text(300),
  description: richTextSchema.optional(),
  priority: taskPrioritySchema.optional(),
  deadline: instantSchema.nullable().optional(),
  plannedMinutes: z.number().int().min(0).max(100_000).nullable().optional(),
  requiresControl: z.boolean().optional(),
  /** Defaults to the creator. */
  assigneeId: idSchema.optional(),
  coassigneeIds: z.array(idSchema).max(50).optional(),
  observerIds: z.array(idSchema).max(50).optional(),
  parentId: idSchema.nullable().optional(),
  entityType: linkableEntitySchema.nullable().optional(),
  entityId: idSchema.nullable().optional(),
  /** A group the caller is a member of. */
  groupId: idSchema.nullable().optional(),
  checklist: z.array(text(500)).max(200).optional(),
});
export type TaskInput = z.infer<typeof taskWriteSchema>;

export const taskPatchSchema = z.strictObject({
  version: versionSchema,
  title: text(300).optional(),
  description: richTextSchema.optional(),
  priority: taskPrioritySchema.optional(),
  deadline: instantSchema.nullable().optional(),
  plannedMinutes: z.number().int().min(0).max(100_000).nullable().optional(),
  requiresControl: z.boolean().optional(),
  assigneeId: idSchema.optional(),
  coassigneeIds: z.array(idSchema).max(50).optional(),
  observerIds: z.array(idSchema).max(50).optional(),
  entityType: linkableEntitySchema.nullable().optional(),
  entityId: idSchema.nullable().optional(),
  groupId: idSchema.nullable().optional(),
});
export type TaskPatch = z.infer<typeof taskPatchSchema>;

/**
 * Status moves: start, defer, complete (to waiting_control when the task requires control and the
 * caller is not the creator), accept / return (the creator controls), renew (reopen).
 */
export const taskStatusActions = ["start", "pause", "defer", "complete", "accept", "return", "renew"] as const;
export const taskStatusChangeSchema = z.strictObject({
  version: versionSchema,
  action: z.enum(taskStatusActions),
});
export type TaskStatusAction = (typeof taskStatusActions)[number];

/** my: I am the assignee or a co-assignee; set: I created; observe: I observe; all: every task I may see. */
export const taskViews = ["my", "set", "observe", "all"] as const;
export const taskListQuerySchema = pagingQuerySchema.extend({
  view: z.enum(taskViews).default("my"),
  status: z.union([taskStatusSchema, z.array(taskStatusSchema)]).optional(),
  overdue: z.enum(["true", "false"]).optional(),
  /** A head's view of one person's tasks (as assignee or co-assignee). */
  userId: idSchema.optional(),
  entityType: linkableEntitySchema.optional(),
  entityId: idSchema.optional(),
  /** The tasks of one group the caller may see (404 for a group they may not). */
  groupId: idSchema.optional(),
  q: z.string().trim().max(200).optional(),
  /** Tasks whose deadline falls in [deadlineFrom, deadlineTo) — the owner's planned work. */
  deadlineFrom: instantSchema.optional(),
  deadlineTo: instantSchema.optional(),
  sort: z
    .enum(["deadline", "-deadline", "createdAt", "-createdAt", "priority", "-priority", "title", "-title"])
    .default("deadline"),
});
export type TaskListQuery = z.infer<typeof taskListQuerySchema>;
export const taskPageSchema = pageSchema(taskSummarySchema);
export type TaskPage = z.infer<typeof taskPageSchema>;

export const taskCountsSchema = z.object({
  my: z.number().int(),
  set: z.number().int(),
  observe: z.number().int(),
  overdue: z.number().int(),
});
export type TaskCounts = z.infer<typeof taskCountsSchema>;

export const checklistItemWriteSchema = z.strictObject({ title: text(500) });
export const checklistItemPatchSchema = z.strictObject({
  title: text(500).optional(),
  done: z.boolean().optional(),
  sort: z.number().int().min(0).max(100_000).optional(),
});

export const taskCommentSchema = z.object({
  id: idSchema,
  author: personRefSchema,
  body: z.string(),
  mentions: z.array(personRefSchema),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  mine: z.boolean(),
});
export type TaskComment = z.infer<typeof taskCommentSchema>;
export const taskCommentPageSchema = pageSchema(taskCommentSchema);
/** Mentions are written as `@[Name](user-id)` in the body; the server resolves and checks them. */
export const taskCommentWriteSchema = z.strictObject({ body: text(20_000) });

// ---- Time tracking ----

export const timeEntrySchema = z.object({
  id: idSchema,
  taskId: idSchema,
  taskTitle: z.string(),
  user: personRefSchema,
  source: z.enum(["timer", "manual"]),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  /** For a running timer: minutes so far. */
  minutes: z.number().int(),
  comment: z.string().nullable(),
});
export type TimeEntry = z.infer<typeof timeEntrySchema>;
export const timeEntryPageSchema = pageSchema(timeEntrySchema);

export const manualTimeEntrySchema = z.strictObject({
  /** The day the work was done, YYYY-MM-DD, in the company time zone. */
  day: isoDateSchema,
  minutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  comment: optionalText(1000),
});

/** The caller's running timer, if any. */
export const runningTimerSchema = z.object({ entry: timeEntrySchema.nullable() });

export const timeReportQuerySchema = z.object({
  from: isoDateSchema,
  to: isoDateSchema,
  unitId: idSchema.optional(),
  userId: idSchema.optional(),
});
export const timeReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  byUser: z.array(z.object({ user: personRefSchema, minutes: z.number().int(), taskCount: z.number().int() })),
  byTask: z.array(
    z.object({
      task: z.object({ id: idSchema, title: z.string() }),
      plannedMinutes: z.number().int().nullable(),
      minutes: z.number().int(),
      users: z.array(z.object({ user: personRefSchema, minutes: z.number().int() })),
    }),
  ),
  totalMinutes: z.number().int(),
});
export type TimeReport = z.infer<typeof timeReportSchema>;

// ---- Workday ----

export const workdayStates = ["not_started", "working", "paused", "finished"] as const;
export const workdayStatusSchema = z.object({
  day: z.string(),
  state: z.enum(workdayStates),
  /** Worked so far today, in minutes (the open period counted up to now). */
  workedMinutes: z.number().int(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type WorkdayStatus = z.infer<typeof workdayStatusSchema>;
export const workdayActionSchema = z.strictObject({ action: z.enum(["start", "pause", "resume", "finish"]) });

/** Who is working now, for a head: their people (or the company for a top) with today's state. */
export const workdayTeamSchema = z.object({
  items: z.array(z.object({ user: personRefSchema, unitName: z.string(), status: workdayStatusSchema })),
});
export const workdayReportQuerySchema = z.object({
  from: isoDateSchema,
  to: isoDateSchema,
  unitId: idSchema.optional(),
});
export const workdayReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  days: z.array(z.string()),
  rows: z.array(
    z.object({
      user: personRefSchema,
      /** Minutes per day, aligned with `days`. */
      minutes: z.array(z.number().int()),
      totalMinutes: z.number().int(),
    }),
  ),
});
export type WorkdayReport = z.infer<typeof workdayReportSchema>;

// ---- Notifications (the chat issue makes them real time) ----

export const notificationSchema = z.object({
  id: idSchema,
  kind: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  link: z.string().nullable(),
  actor: personRefSchema.nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;
export const notificationPageSchema = pageSchema(notificationSchema).extend({ unread: z.number().int() });
export const notificationListQuerySchema = pagingQuerySchema.extend({ unread: z.enum(["true", "false"]).optional() });
export const notificationReadSchema = z.strictObject({
  /** Absent: mark all read. */
  ids: z.array(idSchema).max(500).optional(),
});

/** «Написать»: a message to a colleague, delivered to their notifications (the chat issue makes it a chat). */
export const directMessageWriteSchema = z.strictObject({ userId: idSchema, text: text(4000) });
export type DirectMessageInput = z.infer<typeof directMessageWriteSchema>;
