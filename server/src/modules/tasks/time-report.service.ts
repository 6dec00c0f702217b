import type { TimeReport } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Executor, rows } from "../../platform/db/database";
import { assertDayRangeOrThrow, reportPeopleOrThrow } from "./report-scope";
import { entryMinutes, startOfCompanyDay } from "./task.queries";

interface ReportRow {
  taskId: string;
  taskTitle: string;
  plannedMinutes: number | null;
  userId: string;
  userName: string;
  minutes: number;
}

/**
 * Time tracked from `from` to `to` (company days, both included; an entry counts on the day it
 * started, a running timer up to now) by the people whose reports the caller may read, on tasks
 * the caller may read — by person and by task.
 */
export async function timeReportOrThrow(
  executor: Executor,
  actor: Actor,
  query: { from: string; to: string; unitId?: string; userId?: string },
): Promise<TimeReport> {
  assertDayRangeOrThrow(query.from, query.to);
  const people = await reportPeopleOrThrow(executor, actor, sql`e.user_id`, query);
  const found = await rows<ReportRow>(
    executor,
    sql`select e.task_id as "taskId", t.title as "taskTitle", t.planned_minutes as "plannedMinutes",
          e.user_id as "userId", u.name as "userName", sum(${entryMinutes("e")})::int as minutes
        from task_time_entries e join tasks t on t.id = e.task_id join users u on u.id = e.user_id
        where e.started_at >= ${startOfCompanyDay(query.from)}
          and e.started_at < ${startOfCompanyDay(query.to)} + interval '1 day'
          and t.deleted_at is null and ${people} and ${actor.scope.taskCondition("read", sql`e.task_id`)}
        group by e.task_id, t.title, t.planned_minutes, e.user_id, u.name
        order by t.title, e.task_id, u.name, e.user_id`,
  );
  const byUser = new Map<string, TimeReport["byUser"][number] & { tasks: Set<string> }>();
  const byTask = new Map<string, TimeReport["byTask"][number]>();
  for (const row of found) {
    const user = { id: row.userId, name: row.userName };
    const person = byUser.get(row.userId) ?? { user, minutes: 0, taskCount: 0, tasks: new Set<string>() };
    person.minutes += row.minutes;
    person.tasks.add(row.taskId);
    person.taskCount = person.tasks.size;
    byUser.set(row.userId, person);
    const task = byTask.get(row.taskId) ?? {
      task: { id: row.taskId, title: row.taskTitle },
      plannedMinutes: row.plannedMinutes,
      minutes: 0,
      users: [],
    };
    task.minutes += row.minutes;
    task.users.push({ user, minutes: row.minutes });
    byTask.set(row.taskId, task);
  }
  const users = [...byUser.values()]
    .map(({ tasks: _tasks, ...person }) => person)
    .sort((a, b) => a.user.name.localeCompare(b.user.name, "ru") || a.user.id.localeCompare(b.user.id));
  return {
    from: query.from,
    to: query.to,
    byUser: users,
    byTask: [...byTask.values()],
    totalMinutes: users.reduce((total, person) => total + person.minutes, 0),
  };
}
