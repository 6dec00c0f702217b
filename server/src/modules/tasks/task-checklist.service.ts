import type { ChecklistItem } from "@planerka/common";
import { sql } from "drizzle-orm";
import { diffFields, recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { invalid, notFound } from "../../platform/errors/problem";
import { presentChecklistItem } from "./task.presenter";
import type { ChecklistRow } from "./task.queries";
import { abilitiesOf, assertMayOrThrow, mayWorkOn, taskAccessOrThrow } from "./task-access";

/** The checklist of a task with at most this many items (the contract's limit on creation). */
export const checklistLimit = 200;

const itemColumns = sql`id, title, done, sort`;
const touchTask = (executor: Executor, taskId: string) =>
  executor.execute(sql`update tasks set updated_at = now() where id = ${taskId}`);

async function itemOrThrow(executor: Executor, taskId: string, itemId: string): Promise<ChecklistRow> {
  const [item] = await rows<ChecklistRow>(
    executor,
    sql`select ${itemColumns} from task_checklist_items where id = ${itemId} and task_id = ${taskId} for update`,
  );
  if (!item) throw notFound();
  return item;
}

/** Items are written by the task's editors; the checklist does not bump the task's version. */
export async function addChecklistItemOrThrow(
  db: Database,
  actor: Actor,
  taskId: string,
  title: string,
): Promise<ChecklistItem> {
  return db.transaction(async (tx) => {
    const task = await taskAccessOrThrow(tx, actor, taskId, { lock: true });
    assertMayOrThrow(abilitiesOf(task).edit, "Only the task's editors change its checklist");
    const [created] = await rows<ChecklistRow>(
      tx,
      sql`insert into task_checklist_items (task_id, title, sort)
          select ${taskId}, ${title}, coalesce(max(sort) + 1, 0) from task_checklist_items where task_id = ${taskId}
          having count(*) < ${checklistLimit}
          returning ${itemColumns}`,
    );
    if (!created) throw invalid("title", `A checklist holds at most ${checklistLimit} items`);
    await touchTask(tx, taskId);
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "task",
      entityId: taskId,
      action: "checklist_add",
      changes: [{ field: "checklist", old: null, new: title }],
    });
    return presentChecklistItem(created!);
  });
}

/** Ticking an item is for everyone working on the task; renaming and moving it for its editors. */
export async function updateChecklistItemOrThrow(
  db: Database,
  actor: Actor,
  taskId: string,
  itemId: string,
  patch: { title?: string; done?: boolean; sort?: number },
): Promise<ChecklistItem> {
  return db.transaction(async (tx) => {
    const task = await taskAccessOrThrow(tx, actor, taskId);
    const item = await itemOrThrow(tx, taskId, itemId);
    if (patch.title !== undefined || patch.sort !== undefined) {
      assertMayOrThrow(abilitiesOf(task).edit, "Only the task's editors rename or move checklist items");
    }
    if (patch.done !== undefined) assertMayOrThrow(mayWorkOn(task), "Only the people doing the task tick its items");
    const doneChange =
      patch.done === undefined || patch.done === item.done
        ? sql``
        : patch.done
          ? sql`, done = true, done_by = ${actor.user.id}, done_at = now()`
          : sql`, done = false, done_by = null, done_at = null`;
    const [updated] = await rows<ChecklistRow>(
      tx,
      sql`update task_checklist_items set title = ${patch.title ?? item.title}, sort = ${patch.sort ?? item.sort}${doneChange}
          where id = ${itemId} returning ${itemColumns}`,
    );
    const changes = diffFields(item, patch, ["title", "done", "sort"]);
    if (changes.length > 0) {
      await touchTask(tx, taskId);
      await recordAudit(tx, {
        actorId: actor.user.id,
        entity: "task",
        entityId: taskId,
        action: "checklist_update",
        changes: changes.map((change) => ({ ...change, field: `checklist.${itemId}.${change.field}` })),
      });
    }
    return presentChecklistItem(updated!);
  });
}

export async function deleteChecklistItemOrThrow(db: Database, actor: Actor, taskId: string, itemId: string) {
  await db.transaction(async (tx) => {
    const task = await taskAccessOrThrow(tx, actor, taskId);
    assertMayOrThrow(abilitiesOf(task).edit, "Only the task's editors change its checklist");
    const item = await itemOrThrow(tx, taskId, itemId);
    await tx.execute(sql`delete from task_checklist_items where id = ${itemId}`);
    await touchTask(tx, taskId);
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "task",
      entityId: taskId,
      action: "checklist_delete",
      changes: [{ field: "checklist", old: item.title, new: null }],
    });
  });
}
