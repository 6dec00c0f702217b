import type { TaskDetail, TaskStatus, TaskStatusAction } from "@planerka/common";
import { sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, rows } from "../../platform/db/database";
import { invalid, staleVersion } from "../../platform/errors/problem";
import { notify } from "../../platform/notifications/notify";
import { stopTimers } from "./task.queries";
import { taskDetailOrThrow } from "./task.service";
import { abilitiesOf, assertMayOrThrow, taskAccessOrThrow } from "./task-access";

const moves: Record<TaskStatusAction, { from: readonly TaskStatus[]; to: TaskStatus }> = {
  start: { from: ["new", "deferred"], to: "in_progress" },
  pause: { from: ["in_progress"], to: "new" },
  defer: { from: ["new", "in_progress"], to: "deferred" },
  complete: { from: ["new", "in_progress", "deferred"], to: "done" },
  accept: { from: ["waiting_control"], to: "done" },
  return: { from: ["waiting_control"], to: "in_progress" },
  renew: { from: ["done", "deferred"], to: "new" },
};

/**
 * Where an action takes a task: «complete» by anyone but the creator of a task under control
 * waits for the creator's acceptance first. An action that does not apply is a 422 on `action`.
 */
export function nextStatusOrThrow(
  action: TaskStatusAction,
  current: TaskStatus,
  context: { requiresControl: boolean; byCreator: boolean },
): TaskStatus {
  const move = moves[action];
  if (!move.from.includes(current)) throw invalid("action", `A task that is ${current} cannot be moved by ${action}`);
  if (action === "complete" && context.requiresControl && !context.byCreator) return "waiting_control";
  return move.to;
}

export async function changeTaskStatusOrThrow(
  db: Database,
  actor: Actor,
  taskId: string,
  input: { version: number; action: TaskStatusAction },
): Promise<TaskDetail> {
  return db.transaction(async (tx) => {
    const task = await taskAccessOrThrow(tx, actor, taskId, { lock: true });
    const abilities = abilitiesOf(task);
    if (input.action === "accept" || input.action === "return") {
      assertMayOrThrow(abilities.control, "Only the creator accepts or returns a task under control");
    } else {
      assertMayOrThrow(abilities.changeStatus, "Only the people doing the task and its editors move it");
    }
    if (task.version !== input.version) throw staleVersion();
    const status = nextStatusOrThrow(input.action, task.status, {
      requiresControl: task.requiresControl,
      byCreator: task.roles.includes("creator"),
    });
    await tx.execute(
      sql`update tasks set status = ${status}, completed_at = ${status === "done" ? sql`now()` : sql`null`},
            version = version + 1, updated_at = now()
          where id = ${taskId}`,
    );
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "task",
      entityId: taskId,
      action: `status_${input.action}`,
      changes: [{ field: "status", old: task.status, new: status }],
    });
    const notice = { userId: task.creatorId, title: task.title, link: `/tasks/${taskId}`, actorId: actor.user.id };
    if (status === "waiting_control") await notify(tx, [{ ...notice, kind: "task_control" }]);
    if (input.action === "return") {
      // Returned for rework: the people doing the task learn it needs more work.
      const workers = await rows<{ userId: string }>(
        tx,
        sql`select distinct user_id as "userId" from task_members
            where task_id = ${taskId} and role in ('assignee', 'coassignee')`,
      );
      await notify(
        tx,
        workers.map((worker) => ({ ...notice, userId: worker.userId, kind: "task_returned" })),
      );
    }
    if (status === "done") {
      await notify(tx, [{ ...notice, kind: "task_done" }]);
      await stopTimers(tx, sql`e.task_id = ${taskId}`);
      if (task.workflowInstanceId) {
        // The workflow waiting on this task re-checks it now instead of at its next poll; rows a
        // worker holds are skipped, so finishing a task never waits on the engine.
        await tx.execute(
          sql`update workflow_jobs set run_at = now() where id in (
                select id from workflow_jobs where instance_id = ${task.workflowInstanceId} and kind = 'advance'
                  and done_at is null and run_at > now() for update skip locked)`,
        );
      }
    }
    return taskDetailOrThrow(tx, actor, taskId);
  });
}
