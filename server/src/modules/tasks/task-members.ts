import type { LinkableEntity } from "@planerka/common";
import { sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";
import { AppError, invalid } from "../../platform/errors/problem";
import type { AccessScope } from "../../platform/scope/access-scope";
import { assertActiveUsersOrThrow } from "../org/user.queries";

export interface TaskPeople {
  assigneeId: string;
  coassigneeIds: string[];
  observerIds: string[];
}

/** One role per person: the assignee is no co-assignee, and nobody doing the work also observes it. */
export function normalisePeople(assigneeId: string, coassigneeIds: readonly string[], observerIds: readonly string[]) {
  const coassignees = [...new Set(coassigneeIds)].filter((id) => id !== assigneeId);
  const observers = [...new Set(observerIds)].filter((id) => id !== assigneeId && !coassignees.includes(id));
  return { assigneeId, coassigneeIds: coassignees, observerIds: observers };
}

export async function assertPeopleOrThrow(executor: Executor, people: TaskPeople) {
  await assertActiveUsersOrThrow(executor, [people.assigneeId], "assigneeId");
  await assertActiveUsersOrThrow(executor, people.coassigneeIds, "coassigneeIds");
  await assertActiveUsersOrThrow(executor, people.observerIds, "observerIds");
}

/** Replaces everyone holding `role` in the task with `userIds`. */
export async function replaceMembers(executor: Executor, taskId: string, role: string, userIds: readonly string[]) {
  await executor.execute(sql`delete from task_members where task_id = ${taskId} and role = ${role}`);
  if (userIds.length === 0) return;
  await executor.execute(
    sql`insert into task_members (task_id, user_id, role) values ${sql.join(
      userIds.map((userId) => sql`(${taskId}, ${userId}, ${role})`),
      sql`, `,
    )} on conflict do nothing`,
  );
}

const noSuchRecord = (field: string, message: string) =>
  new AppError(404, "Not Found", `${field}: ${message}`, [{ path: field, message }]);

/** A sub-task hangs under a task its creator can read; anything else is "no such task". */
export async function assertReadableTaskOrThrow(executor: Executor, scope: AccessScope, taskId: string) {
  const [task] = await rows<{ id: string }>(
    executor,
    sql`select t.id from tasks t where t.id = ${taskId} and t.deleted_at is null and ${scope.taskCondition("read", sql`t.id`)}`,
  );
  if (!task) throw noSuchRecord("parentId", "No such task");
}

const linkTables: Record<LinkableEntity, "deals" | "leads" | "companies" | "contacts"> = {
  deal: "deals",
  lead: "leads",
  company: "companies",
  contact: "contacts",
};

/**
 * The CRM record a task links to: both fields or neither, and only a record the caller may read
 * (else 404 naming the field, as if it did not exist).
 */
export async function linkOrThrow(
  executor: Executor,
  scope: AccessScope,
  input: { entityType?: LinkableEntity | null; entityId?: string | null },
): Promise<{ entityType: LinkableEntity | null; entityId: string | null }> {
  const entityType = input.entityType ?? null;
  const entityId = input.entityId ?? null;
  if (entityType === null && entityId === null) return { entityType, entityId };
  if (entityType === null) throw invalid("entityType", "Name the kind of record together with its id");
  if (entityId === null) throw invalid("entityId", "Name the record together with its kind");
  const table = linkTables[entityType];
  const [record] = await rows<{ id: string }>(
    executor,
    sql`select id from ${sql.identifier(table)} where id = ${entityId} and deleted_at is null
        and ${scope.ownerCondition(table, "read", sql`owner_id`)}`,
  );
  if (!record) throw noSuchRecord("entityId", "No such record");
  return { entityType, entityId };
}
