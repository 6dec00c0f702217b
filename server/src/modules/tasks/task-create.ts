import type { LinkableEntity, TaskPriority } from "@planerka/common";
import { sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit/audit";
import { type Executor, rows } from "../../platform/db/database";
import { notify } from "../../platform/notifications/notify";

export interface NewTask {
  title: string;
  /** Sanitised HTML (callers with plain text escape it first). */
  description: string;
  creatorId: string;
  assigneeId: string;
  coassigneeIds?: readonly string[];
  observerIds?: readonly string[];
  priority?: TaskPriority;
  deadline?: Date | null;
  plannedMinutes?: number | null;
  requiresControl?: boolean;
  parentId?: string | null;
  entityType?: LinkableEntity | null;
  entityId?: string | null;
  workflowInstanceId?: string | null;
  /** A group the creator belongs to (checked by the caller). */
  groupId?: string | null;
  checklist?: readonly string[];
  /** Who caused it (for the audit and notifications); null for the workflow engine. */
  actorId: string | null;
}

/**
 * Inserts a task with its members and checklist in the caller's transaction, audits it and
 * notifies the people it concerns. Authorisation is the caller's job: the task service checks the
 * caller's scope; the workflow engine acts for the company.
 */
export async function insertTask(tx: Executor, input: NewTask): Promise<string> {
  const [created] = await rows<{ id: string }>(
    tx,
    sql`insert into tasks (title, description, priority, deadline, planned_minutes, requires_control, creator_id,
          assignee_id, parent_id, entity_type, entity_id, workflow_instance_id, group_id)
        values (${input.title}, ${input.description}, ${input.priority ?? "normal"}, ${input.deadline ?? null},
          ${input.plannedMinutes ?? null}, ${input.requiresControl ?? false}, ${input.creatorId}, ${input.assigneeId},
          ${input.parentId ?? null}, ${input.entityType ?? null}, ${input.entityId ?? null}, ${input.workflowInstanceId ?? null},
          ${input.groupId ?? null})
        returning id`,
  );
  const taskId = created!.id;
  const members = memberRows(input);
  await tx.execute(
    sql`insert into task_members (task_id, user_id, role) values ${sql.join(
      members.map((member) => sql`(${taskId}, ${member.userId}, ${member.role})`),
      sql`, `,
    )} on conflict do nothing`,
  );
  if (input.checklist && input.checklist.length > 0) {
    await tx.execute(
      sql`insert into task_checklist_items (task_id, title, sort) values ${sql.join(
        input.checklist.map((title, index) => sql`(${taskId}, ${title}, ${index})`),
        sql`, `,
      )}`,
    );
  }
  await recordAudit(tx, {
    actorId: input.actorId,
    entity: "task",
    entityId: taskId,
    action: "create",
    changes: [
      { field: "title", old: null, new: input.title },
      { field: "assigneeId", old: null, new: input.assigneeId },
    ],
  });
  await notify(
    tx,
    members
      .filter((member) => member.role !== "creator")
      .map((member) => ({
        userId: member.userId,
        kind: member.role === "observer" ? "task_observer" : "task_assigned",
        title: input.title,
        link: `/tasks/${taskId}`,
        actorId: input.actorId,
      })),
  );
  return taskId;
}

function memberRows(input: NewTask): { userId: string; role: string }[] {
  const members = [
    { userId: input.creatorId, role: "creator" },
    { userId: input.assigneeId, role: "assignee" },
    ...(input.coassigneeIds ?? []).map((userId) => ({ userId, role: "coassignee" })),
    ...(input.observerIds ?? []).map((userId) => ({ userId, role: "observer" })),
  ];
  const seen = new Set<string>();
  return members.filter((member) => {
    const key = `${member.userId}:${member.role}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
