import type { LinkableEntity, TaskDetail, TaskInput, TaskPatch, TaskPriority } from "@planerka/common";
import { and, eq, sql } from "drizzle-orm";
import { diffFields, recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { tasks } from "../../platform/db/task-schema";
import { notFound, staleVersion } from "../../platform/errors/problem";
import { type NotificationInput, notify } from "../../platform/notifications/notify";
import { richTextOf } from "../../platform/text/rich-text";
import { assertGroupMemberOrThrow } from "../../policies/groups";
import { assertActiveUsersOrThrow } from "../org/user.queries";
import { presentTaskDetail } from "./task.presenter";
import { checklistRows, fileRows, memberRows, stopTimers, subtaskRows, taskDetailRow } from "./task.queries";
import { abilitiesOf, assertMayOrThrow, taskAccessOrThrow } from "./task-access";
import { insertTask } from "./task-create";
import {
  assertPeopleOrThrow,
  assertReadableTaskOrThrow,
  linkOrThrow,
  normalisePeople,
  replaceMembers,
} from "./task-members";

export async function taskDetailOrThrow(executor: Executor, actor: Actor, taskId: string): Promise<TaskDetail> {
  const row = await taskDetailRow(executor, actor.scope, actor.user.id, taskId);
  if (!row) throw notFound();
  // One after another: inside a transaction the statements share one connection anyway.
  const members = await memberRows(executor, taskId);
  const subtasks = await subtaskRows(executor, actor.scope, actor.user.id, taskId);
  const checklist = await checklistRows(executor, taskId);
  const files = await fileRows(executor, taskId);
  return presentTaskDetail(row, { members, subtasks, checklist, files });
}

export async function createTaskOrThrow(db: Database, actor: Actor, input: TaskInput): Promise<TaskDetail> {
  return db.transaction(async (tx) => {
    const people = normalisePeople(
      input.assigneeId ?? actor.user.id,
      input.coassigneeIds ?? [],
      input.observerIds ?? [],
    );
    await assertPeopleOrThrow(tx, people);
    if (input.parentId) await assertReadableTaskOrThrow(tx, actor.scope, input.parentId);
    const link = await linkOrThrow(tx, actor.scope, input);
    if (input.groupId) await assertGroupMemberOrThrow(tx, actor.user, input.groupId, "tasks");
    const taskId = await insertTask(tx, {
      title: input.title,
      description: richTextOf(input.description ?? ""),
      creatorId: actor.user.id,
      ...people,
      priority: input.priority,
      deadline: input.deadline ? new Date(input.deadline) : null,
      plannedMinutes: input.plannedMinutes ?? null,
      requiresControl: input.requiresControl ?? false,
      parentId: input.parentId ?? null,
      ...link,
      groupId: input.groupId ?? null,
      checklist: input.checklist,
      actorId: actor.user.id,
    });
    return taskDetailOrThrow(tx, actor, taskId);
  });
}

interface TaskState {
  title: string;
  description: string;
  priority: TaskPriority;
  deadline: string | null;
  plannedMinutes: number | null;
  requiresControl: boolean;
  assigneeId: string;
  coassigneeIds: string[];
  observerIds: string[];
  entityType: LinkableEntity | null;
  entityId: string | null;
  groupId: string | null;
}

const auditedFields = [
  "title",
  "description",
  "priority",
  "deadline",
  "plannedMinutes",
  "requiresControl",
  "assigneeId",
  "coassigneeIds",
  "observerIds",
  "entityType",
  "entityId",
  "groupId",
] as const;

async function taskStateOf(executor: Executor, taskId: string): Promise<TaskState> {
  const [state] = await rows<TaskState>(
    executor,
    sql`select t.title, t.description, t.priority, to_char(t.deadline at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as deadline,
          t.planned_minutes as "plannedMinutes", t.requires_control as "requiresControl", t.assignee_id as "assigneeId",
          coalesce((select array_agg(m.user_id::text order by m.user_id) from task_members m
                    where m.task_id = t.id and m.role = 'coassignee'), '{}'::text[]) as "coassigneeIds",
          coalesce((select array_agg(m.user_id::text order by m.user_id) from task_members m
                    where m.task_id = t.id and m.role = 'observer'), '{}'::text[]) as "observerIds",
          t.entity_type as "entityType", t.entity_id as "entityId", t.group_id as "groupId"
        from tasks t where t.id = ${taskId}`,
  );
  return state!;
}

const newcomers = (before: readonly string[], after: readonly string[]) => after.filter((id) => !before.includes(id));

/** The creator and whoever may write over the creator change a task; the version guards their edits. */
export async function updateTaskOrThrow(
  db: Database,
  actor: Actor,
  taskId: string,
  patch: TaskPatch,
): Promise<TaskDetail> {
  return db.transaction(async (tx) => {
    const access = await taskAccessOrThrow(tx, actor, taskId, { lock: true });
    assertMayOrThrow(abilitiesOf(access).edit, "Only the creator or someone above them changes this task");
    if (access.version !== patch.version) throw staleVersion();
    const before = await taskStateOf(tx, taskId);

    const peopleChanged =
      patch.assigneeId !== undefined || patch.coassigneeIds !== undefined || patch.observerIds !== undefined;
    const people = normalisePeople(
      patch.assigneeId ?? before.assigneeId,
      patch.coassigneeIds ?? before.coassigneeIds,
      patch.observerIds ?? before.observerIds,
    );
    // People already on the task stay even if they have left since; only newcomers must be active.
    if (people.assigneeId !== before.assigneeId) await assertActiveUsersOrThrow(tx, [people.assigneeId], "assigneeId");
    await assertActiveUsersOrThrow(tx, newcomers(before.coassigneeIds, people.coassigneeIds), "coassigneeIds");
    await assertActiveUsersOrThrow(tx, newcomers(before.observerIds, people.observerIds), "observerIds");

    let link = { entityType: before.entityType, entityId: before.entityId };
    if (patch.entityType !== undefined || patch.entityId !== undefined) {
      const wanted = { entityType: patch.entityType ?? null, entityId: patch.entityId ?? null };
      // An unchanged link is kept even when this editor may not read the record.
      const unchanged = wanted.entityType === before.entityType && wanted.entityId === before.entityId;
      link = unchanged ? wanted : await linkOrThrow(tx, actor.scope, wanted);
    }
    // Taking a task out of its group is an edit like any other; putting it into one needs membership.
    const groupId = patch.groupId === undefined ? before.groupId : patch.groupId;
    if (groupId !== null && groupId !== before.groupId)
      await assertGroupMemberOrThrow(tx, actor.user, groupId, "tasks");

    const after: Partial<TaskState> = {
      title: patch.title,
      description: patch.description === undefined ? undefined : richTextOf(patch.description),
      priority: patch.priority,
      deadline: patch.deadline === undefined ? undefined : patch.deadline && new Date(patch.deadline).toISOString(),
      plannedMinutes: patch.plannedMinutes,
      requiresControl: patch.requiresControl,
      ...(peopleChanged ? people : {}),
      ...link,
      groupId,
    };
    for (const key of Object.keys(after) as (keyof TaskState)[]) if (after[key] === undefined) delete after[key];
    const changes = diffFields(before, after, auditedFields);

    const updated = await tx
      .update(tasks)
      .set({
        title: after.title,
        description: after.description,
        priority: after.priority,
        deadline: after.deadline === undefined ? undefined : after.deadline ? new Date(after.deadline) : null,
        plannedMinutes: after.plannedMinutes,
        requiresControl: after.requiresControl,
        assigneeId: after.assigneeId,
        entityType: link.entityType,
        entityId: link.entityId,
        groupId,
        version: sql`${tasks.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(tasks.id, taskId), eq(tasks.version, patch.version)))
      .returning({ id: tasks.id });
    if (updated.length === 0) throw staleVersion();

    if (peopleChanged) {
      await replaceMembers(tx, taskId, "assignee", [people.assigneeId]);
      await replaceMembers(tx, taskId, "coassignee", people.coassigneeIds);
      await replaceMembers(tx, taskId, "observer", people.observerIds);
      const notice = (userId: string, kind: string): NotificationInput => ({
        userId,
        kind,
        title: after.title ?? before.title,
        link: `/tasks/${taskId}`,
        actorId: actor.user.id,
      });
      await notify(tx, [
        ...newcomers([before.assigneeId, ...before.coassigneeIds], [people.assigneeId, ...people.coassigneeIds]).map(
          (userId) => notice(userId, "task_assigned"),
        ),
        ...newcomers(before.observerIds, people.observerIds).map((userId) => notice(userId, "task_observer")),
      ]);
    }
    if (changes.length > 0) {
      await recordAudit(tx, { actorId: actor.user.id, entity: "task", entityId: taskId, action: "update", changes });
    }
    return taskDetailOrThrow(tx, actor, taskId);
  });
}

/** Deleting hides the task (and stops the timers running on it); its sub-tasks stay. */
export async function deleteTaskOrThrow(db: Database, actor: Actor, taskId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const access = await taskAccessOrThrow(tx, actor, taskId, { lock: true });
    assertMayOrThrow(abilitiesOf(access).delete, "Only the creator or someone above them deletes this task");
    await tx.execute(
      sql`update tasks set deleted_at = now(), version = version + 1, updated_at = now() where id = ${taskId}`,
    );
    await stopTimers(tx, sql`e.task_id = ${taskId}`);
    await recordAudit(tx, { actorId: actor.user.id, entity: "task", entityId: taskId, action: "delete" });
  });
}
