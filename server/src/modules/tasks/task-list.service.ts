import type { TaskCounts, TaskListQuery, TaskPage } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Executor, rows } from "../../platform/db/database";
import { everyWordMatches } from "../../platform/db/search-words";
import { notFound } from "../../platform/errors/problem";

import { assertVisibleGroupOrThrow } from "../../policies/groups";

import { presentTaskSummary } from "./task.presenter";

import { taskPageRows } from "./task.queries";

/** Sort keys from the client, mapped to fixed SQL; high priority ranks above normal and low. */
const sorts: Record<string, { expression: SQL; nullable?: boolean }> = {
  deadline: { expression: sql`t.deadline`, nullable: true },
  createdAt: { expression: sql`t.created_at` },
  priority: { expression: sql`case t.priority when 'low' then 0 when 'normal' then 1 else 2 end` },
  title: { expression: sql`lower(t.title)` },
};

function orderOf(sort: string): SQL {
  const descending = sort.startsWith("-");
  const key = sorts[sort.replace(/^-/, "")]!;
  const direction = descending ? sql`desc` : sql`asc`;
  const nulls = key.nullable ? sql` nulls last` : sql``;
  return sql`${key.expression} ${direction}${nulls}, t.id ${direction}`;
}

const memberIs = (userId: string, roles: readonly string[]) =>
  sql`exists (select 1 from task_members m where m.task_id = t.id and m.user_id = ${userId}
      and m.role in (${sql.join(
        roles.map((role) => sql`${role}`),
        sql`, `,
      )}))`;

const anyRole = ["creator", "assignee", "coassignee", "observer"] as const;

/** Whose tasks a head asks for: a person whose tasks the caller may read (else 404). */
async function subjectOrThrow(executor: Executor, actor: Actor, userId: string | undefined): Promise<string> {
  if (!userId || userId === actor.user.id) return actor.user.id;
  const [user] = await rows<{ id: string; unitId: string }>(
    executor,
    sql`select id, unit_id as "unitId" from users where id = ${userId}`,
  );
  if (!user || !actor.scope.canReachOwner("tasks", "read", user)) throw notFound();
  return user.id;
}

/**
 * The lists: my (assignee or co-assignee), set (creator), observe (observer), all (every task the
 * caller may read). With `userId` the same views are of that person, still limited to the tasks
 * the caller may read.
 */
export async function listTasksOrThrow(executor: Executor, actor: Actor, query: TaskListQuery): Promise<TaskPage> {
  const subject = await subjectOrThrow(executor, actor, query.userId);
  if (query.groupId) await assertVisibleGroupOrThrow(executor, actor.user, query.groupId);
  const conditions: SQL[] = [sql`t.deleted_at is null`, actor.scope.taskCondition("read", sql`t.id`)];
  if (query.view === "my") conditions.push(memberIs(subject, ["assignee", "coassignee"]));
  if (query.view === "set") conditions.push(memberIs(subject, ["creator"]));
  if (query.view === "observe") conditions.push(memberIs(subject, ["observer"]));
  if (query.view === "all" && subject !== actor.user.id) conditions.push(memberIs(subject, anyRole));
  if (query.status !== undefined) {
    const statuses = Array.isArray(query.status) ? query.status : [query.status];
    conditions.push(
      sql`t.status in (${sql.join(
        statuses.map((status) => sql`${status}`),
        sql`, `,
      )})`,
    );
  }
  const overdue = sql`(t.deadline < now() and t.status <> 'done')`;
  if (query.overdue === "true") conditions.push(overdue);
  if (query.overdue === "false") conditions.push(sql`not coalesce(${overdue}, false)`);
  if (query.entityType) conditions.push(sql`t.entity_type = ${query.entityType}`);
  if (query.entityId) conditions.push(sql`t.entity_id = ${query.entityId}`);
  if (query.groupId) conditions.push(sql`t.group_id = ${query.groupId}`);
  // Every word of the search in the title, in any order («отчёт март» finds «Март: отчёт»).
  const search = query.q ? everyWordMatches(query.q, (word) => sql`t.title ilike ${word.pattern}`) : undefined;
  if (search) conditions.push(search);
  if (query.deadlineFrom) conditions.push(sql`t.deadline >= ${new Date(query.deadlineFrom)}`);
  if (query.deadlineTo) conditions.push(sql`t.deadline < ${new Date(query.deadlineTo)}`);
  const page = await taskPageRows(executor, actor.scope, actor.user.id, {
    where: sql.join(conditions, sql` and `),
    order: orderOf(query.sort),
    limit: query.limit,
    offset: query.offset,
  });
  return { items: page.items.map(presentTaskSummary), total: page.total };
}

/**
 * The caller's counters for the menu: tasks still open (not done) that they do, set and observe,
 * and how many of those they do are overdue.
 */
export async function taskCounts(executor: Executor, actor: Actor): Promise<TaskCounts> {
  const me = actor.user.id;
  const doing = memberIs(me, ["assignee", "coassignee"]);
  const [counts] = await rows<TaskCounts>(
    executor,
    sql`select count(*) filter (where ${doing})::int as my,
               count(*) filter (where ${memberIs(me, ["creator"])})::int as set,
               count(*) filter (where ${memberIs(me, ["observer"])})::int as observe,
               count(*) filter (where ${doing} and t.deadline < now())::int as overdue
        from tasks t
        where t.deleted_at is null and t.status <> 'done' and ${memberIs(me, anyRole)}
          and ${actor.scope.taskCondition("read", sql`t.id`)}`,
  );
  return counts!;
}
