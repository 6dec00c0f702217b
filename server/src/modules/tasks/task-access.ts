import type { TaskMemberRole, TaskStatus, taskAbilitiesSchema } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../../platform/auth/authenticate";
import { type Executor, rows } from "../../platform/db/database";
import { forbidden, notFound } from "../../platform/errors/problem";

export type TaskAbilities = z.infer<typeof taskAbilitiesSchema>;

/** A task as a command needs it: its state and the caller's part in it. */
export interface TaskAccess {
  id: string;
  title: string;
  status: TaskStatus;
  version: number;
  creatorId: string;
  assigneeId: string;
  requiresControl: boolean;
  workflowInstanceId: string | null;
  roles: TaskMemberRole[];
  /** The caller's "tasks" write level reaches the creator (heads above the creator, tops, admins). */
  canWrite: boolean;
  canDelete: boolean;
}

/**
 * Who may do what with a task the caller can read. The creator and whoever may write over the
 * creator edit it; the assignee and co-assignees move its status, tick the checklist, track time
 * and attach files; every reader (observers, heads above a participant) comments.
 */
export function abilitiesOf(access: Pick<TaskAccess, "roles" | "canWrite" | "canDelete">): TaskAbilities {
  const creator = access.roles.includes("creator");
  const worker = access.roles.includes("assignee") || access.roles.includes("coassignee");
  const edit = creator || access.canWrite;
  return {
    edit,
    delete: creator || access.canDelete,
    changeStatus: edit || worker,
    control: creator,
    trackTime: creator || worker,
    comment: true,
  };
}

/** Attaching files and ticking the checklist: the editors and the people doing the work. */
export function mayWorkOn(access: TaskAccess): boolean {
  const abilities = abilitiesOf(access);
  return abilities.edit || abilities.changeStatus;
}

/**
 * The task, when the caller may read it (else 404, so its existence stays hidden). `lock` holds
 * the row for the rest of the transaction, so two status changes never interleave.
 */
export async function taskAccessOrThrow(
  executor: Executor,
  actor: Actor,
  taskId: string,
  options: { lock?: boolean } = {},
): Promise<TaskAccess> {
  const scope = actor.scope;
  const [task] = await rows<TaskAccess>(
    executor,
    sql`select t.id, t.title, t.status, t.version, t.creator_id as "creatorId", t.assignee_id as "assigneeId",
          t.requires_control as "requiresControl", t.workflow_instance_id as "workflowInstanceId",
          coalesce((select array_agg(m.role order by m.role) from task_members m
                    where m.task_id = t.id and m.user_id = ${actor.user.id}), '{}'::text[]) as roles,
          ${scope.taskCondition("write", sql`t.id`)} as "canWrite",
          ${scope.taskCondition("delete", sql`t.id`)} as "canDelete"
        from tasks t
        where t.id = ${taskId} and t.deleted_at is null and ${scope.taskCondition("read", sql`t.id`)}
        ${options.lock ? sql`for update of t` : sql``}`,
  );
  if (!task) throw notFound();
  return task;
}

export function assertMayOrThrow(allowed: boolean, detail: string) {
  if (!allowed) throw forbidden(detail);
}
