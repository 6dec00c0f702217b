import type { TaskMemberRole, TaskPriority, TaskStatus } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import { companyZone } from "../../platform/db/company-zone";
import { type Executor, rows } from "../../platform/db/database";
import type { AccessScope } from "../../platform/scope/access-scope";
import { visibleGroupCondition } from "../../policies/groups";

export const companyToday = sql`(now() at time zone ${companyZone})::date`;
/** The instant a company day (a YYYY-MM-DD value) begins. */
export const startOfCompanyDay = (day: string | SQL) => sql`(${day}::date::timestamp at time zone ${companyZone})`;

/** Minutes of a time entry; a running timer counts whole minutes up to now. */
export const entryMinutes = (alias: string) =>
  sql`coalesce(${sql.raw(alias)}.minutes, greatest(0, floor(extract(epoch from now() - ${sql.raw(alias)}.started_at) / 60))::int)`;

export interface TaskSummaryRow {
  id: string;
  title: string;
  status: TaskStatus;
  priority: TaskPriority;
  deadline: Date | string | null;
  overdue: boolean;
  creatorId: string;
  creatorName: string;
  assigneeId: string;
  assigneeName: string;
  parentId: string | null;
  entityType: "deal" | "lead" | "company" | "contact" | null;
  entityId: string | null;
  linkTitle: string | null;
  group: { id: string; name: string } | null;
  checklistTotal: number;
  checklistDone: number;
  commentCount: number;
  subtaskCount: number;
  plannedMinutes: number | null;
  spentMinutes: number;
  timerRunning: boolean;
  completedAt: Date | string | null;
  version: number;
  createdAt: Date | string;
  updatedAt: Date | string;
}

export interface TaskDetailRow extends TaskSummaryRow {
  description: string;
  requiresControl: boolean;
  workflowInstanceId: string | null;
  parentTitle: string | null;
  roles: TaskMemberRole[];
  canWrite: boolean;
  canDelete: boolean;
}

/** The linked CRM record's name, only when the caller may read that record. */
function linkTitle(scope: AccessScope): SQL {
  const visible = (entity: "deals" | "leads" | "companies" | "contacts") =>
    sql`r.id = t.entity_id and r.deleted_at is null and ${scope.ownerCondition(entity, "read", sql`r.owner_id`)}`;
  return sql`case t.entity_type
    when 'deal' then (select r.title from deals r where ${visible("deals")})
    when 'lead' then (select r.title from leads r where ${visible("leads")})
    when 'company' then (select r.name from companies r where ${visible("companies")})
    when 'contact' then (select r.name from contacts r where ${visible("contacts")})
  end`;
}

/** The task's group, only when the caller may see that group (a closed group's name stays hidden). */
function taskGroup(scope: AccessScope): SQL {
  return sql`(select json_build_object('id', tg.id, 'name', tg.name) from groups tg
    where tg.id = t.group_id and ${visibleGroupCondition(scope.user, "tg")})`;
}

/** Tasks (`t`) with their creator, assignee and the parent the caller may read. */
export function taskFrom(scope: AccessScope): SQL {
  return sql`tasks t join users creator on creator.id = t.creator_id join users assignee on assignee.id = t.assignee_id
    left join tasks parent on parent.id = t.parent_id and parent.deleted_at is null
      and ${scope.taskCondition("read", sql`parent.id`)}`;
}

export function summaryColumns(scope: AccessScope, callerId: string): SQL {
  return sql`t.id, t.title, t.status, t.priority, t.deadline,
    (t.deadline is not null and t.deadline < now() and t.status <> 'done') as overdue,
    t.creator_id as "creatorId", creator.name as "creatorName", t.assignee_id as "assigneeId", assignee.name as "assigneeName",
    parent.id as "parentId", t.entity_type as "entityType", t.entity_id as "entityId", ${linkTitle(scope)} as "linkTitle",
    ${taskGroup(scope)} as "group",
    (select count(*)::int from task_checklist_items c where c.task_id = t.id) as "checklistTotal",
    (select count(*)::int from task_checklist_items c where c.task_id = t.id and c.done) as "checklistDone",
    (select count(*)::int from task_comments c where c.task_id = t.id and c.deleted_at is null) as "commentCount",
    (select count(*)::int from tasks s where s.parent_id = t.id and s.deleted_at is null
       and ${scope.taskCondition("read", sql`s.id`)}) as "subtaskCount",
    t.planned_minutes as "plannedMinutes",
    (select coalesce(sum(${entryMinutes("e")}), 0)::int from task_time_entries e where e.task_id = t.id) as "spentMinutes",
    exists (select 1 from task_time_entries e where e.task_id = t.id and e.user_id = ${callerId} and e.ended_at is null)
      as "timerRunning",
    t.completed_at as "completedAt", t.version, t.created_at as "createdAt", t.updated_at as "updatedAt"`;
}

/** One page of tasks: the ids come from `tasks` alone, the per-row subqueries run for that page only. */
export async function taskPageRows(
  executor: Executor,
  scope: AccessScope,
  callerId: string,
  page: { where: SQL; order: SQL; limit: number; offset: number },
): Promise<{ items: TaskSummaryRow[]; total: number }> {
  const items = await rows<TaskSummaryRow>(
    executor,
    sql`with page as (
          select t.id as page_id, row_number() over () as position from (
            select t.id from tasks t where ${page.where} order by ${page.order} limit ${page.limit} offset ${page.offset}
          ) t
        )
        select ${summaryColumns(scope, callerId)} from ${taskFrom(scope)} join page on page.page_id = t.id
        order by page.position`,
  );
  const [count] = await rows<{ total: number }>(
    executor,
    sql`select count(*)::int as total from tasks t where ${page.where}`,
  );
  return { items, total: count?.total ?? 0 };
}

/** The visible, not deleted sub-tasks of a task, oldest first. */
export async function subtaskRows(
  executor: Executor,
  scope: AccessScope,
  callerId: string,
  taskId: string,
): Promise<TaskSummaryRow[]> {
  return rows<TaskSummaryRow>(
    executor,
    sql`select ${summaryColumns(scope, callerId)} from ${taskFrom(scope)}
        where t.parent_id = ${taskId} and t.deleted_at is null and ${scope.taskCondition("read", sql`t.id`)}
        order by t.created_at, t.id limit 500`,
  );
}

export async function taskDetailRow(
  executor: Executor,
  scope: AccessScope,
  callerId: string,
  taskId: string,
): Promise<TaskDetailRow | undefined> {
  const [row] = await rows<TaskDetailRow>(
    executor,
    sql`select ${summaryColumns(scope, callerId)}, t.description, t.requires_control as "requiresControl",
          t.workflow_instance_id as "workflowInstanceId", parent.title as "parentTitle",
          coalesce((select array_agg(m.role order by m.role) from task_members m
                    where m.task_id = t.id and m.user_id = ${callerId}), '{}'::text[]) as roles,
          ${scope.taskCondition("write", sql`t.id`)} as "canWrite",
          ${scope.taskCondition("delete", sql`t.id`)} as "canDelete"
        from ${taskFrom(scope)}
        where t.id = ${taskId} and t.deleted_at is null and ${scope.taskCondition("read", sql`t.id`)}`,
  );
  return row;
}

export interface MemberRow {
  userId: string;
  name: string;
  role: TaskMemberRole;
}

export async function memberRows(executor: Executor, taskId: string): Promise<MemberRow[]> {
  return rows<MemberRow>(
    executor,
    sql`select m.user_id as "userId", u.name, m.role from task_members m join users u on u.id = m.user_id
        where m.task_id = ${taskId} order by u.name, u.id`,
  );
}

export interface ChecklistRow {
  id: string;
  title: string;
  done: boolean;
  sort: number;
}

export async function checklistRows(executor: Executor, taskId: string): Promise<ChecklistRow[]> {
  return rows<ChecklistRow>(
    executor,
    sql`select id, title, done, sort from task_checklist_items where task_id = ${taskId} order by sort, id`,
  );
}

export interface FileRow {
  id: string;
  name: string;
  mimeType: string;
  size: number;
  uploadedById: string;
  uploadedByName: string;
  createdAt: Date | string;
}

export const fileColumns = sql`f.id, f.name, f.mime_type as "mimeType", f.size, f.uploaded_by as "uploadedById",
  u.name as "uploadedByName", f.created_at as "createdAt"`;

export async function fileRows(executor: Executor, taskId: string): Promise<FileRow[]> {
  return rows<FileRow>(
    executor,
    sql`select ${fileColumns} from task_files f join users u on u.id = f.uploaded_by
        where f.task_id = ${taskId} order by f.created_at, f.id`,
  );
}

/** Stops the running timers (`e`) matching `where`, storing the whole minutes they ran. */
export async function stopTimers(executor: Executor, where: SQL): Promise<string[]> {
  const stopped = await rows<{ id: string }>(
    executor,
    sql`update task_time_entries e set ended_at = now(), minutes = ${entryMinutes("e")}
        where e.ended_at is null and ${where} returning e.id`,
  );
  return stopped.map((row) => row.id);
}
