import { type ActivityCounts, countedCategories, monthStart } from "@planerka/common";
import { sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";
import type { InstantRange, Owners } from "./figures.queries";

// The month's counts of what people did (README, «Figures»), one visible statement each, run side
// by side like the roll-up's figures. Completed activities come from the totals table; planned and
// overdue ones from `activities` through its (owner, due) and (completed) indexes; tasks through
// (assignee, deadline).

const categories = sql.join(
  countedCategories.map((category) => sql`${category}`),
  sql`, `,
);

/** Activities due in the month, per owner and category, whatever their state. */
const plannedQuery = (owners: Owners, range: InstantRange) =>
  sql`select a.owner_id as "userId", t.category, count(*)::int as count
      from activities a join activity_types t on t.id = a.type_id
      where a.owner_id in ${owners} and a.due_at >= ${range.from} and a.due_at < ${range.to}
        and a.deleted_at is null and t.category in (${categories})
      group by 1, 2`;

/** Activities completed in the month (by `completedAt`, the company's days), from the month totals. */
const completedQuery = (owners: Owners, month: string) =>
  sql`select c.owner_id as "userId", t.category, sum(c.activity_count)::int as count
      from activity_completed_months c join activity_types t on t.id = c.type_id
      where c.month = ${monthStart(month)} and c.owner_id in ${owners} and t.category in (${categories})
      group by 1, 2 having sum(c.activity_count) <> 0`;

/** Activities open and due before now, whatever the month: the activity list's «Просроченные». */
const overdueQuery = (owners: Owners) =>
  sql`select a.owner_id as "userId", t.category, count(*)::int as count
      from activities a join activity_types t on t.id = a.type_id
      where a.completed_at is null and a.deleted_at is null and a.due_at < now()
        and a.owner_id in ${owners} and t.category in (${categories})
      group by 1, 2`;

/** Tasks per assignee: open (not done), overdue (open past the deadline), closed within the month. */
const tasksQuery = (owners: Owners, range: InstantRange) =>
  sql`select assignee_id as "userId",
             count(*) filter (where status <> 'done')::int as open,
             count(*) filter (where status <> 'done' and deadline < now())::int as overdue,
             count(*) filter (where status = 'done')::int as closed
      from tasks
      where assignee_id in ${owners} and deleted_at is null
        and (status <> 'done' or (completed_at >= ${range.from} and completed_at < ${range.to}))
      group by 1`;

type CategoryRow = { userId: string; category: (typeof countedCategories)[number]; count: number };
type TaskRow = { userId: string; open: number; overdue: number; closed: number };

export const emptyCounts = (): ActivityCounts => ({
  call: { planned: 0, completed: 0, overdue: 0 },
  meeting: { planned: 0, completed: 0, overdue: 0 },
  demo: { planned: 0, completed: 0, overdue: 0 },
  tasks: { open: 0, overdue: 0, closed: 0 },
});

/** Adds `from` into `into`, field by field. */
export function addCounts(into: ActivityCounts, from: ActivityCounts) {
  for (const category of countedCategories) {
    into[category].planned += from[category].planned;
    into[category].completed += from[category].completed;
    into[category].overdue += from[category].overdue;
  }
  into.tasks.open += from.tasks.open;
  into.tasks.overdue += from.tasks.overdue;
  into.tasks.closed += from.tasks.closed;
}

/** The counts of many people for one month, by user id (people with nothing are absent). */
export async function usersActivityCounts(executor: Executor, owners: Owners, month: string, range: InstantRange) {
  const [planned, completed, overdue, tasks] = await Promise.all([
    rows<CategoryRow>(executor, plannedQuery(owners, range)),
    rows<CategoryRow>(executor, completedQuery(owners, month)),
    rows<CategoryRow>(executor, overdueQuery(owners)),
    rows<TaskRow>(executor, tasksQuery(owners, range)),
  ]);
  const result = new Map<string, ActivityCounts>();
  const of = (userId: string) => {
    let counts = result.get(userId);
    if (!counts) {
      counts = emptyCounts();
      result.set(userId, counts);
    }
    return counts;
  };
  for (const row of planned) of(row.userId)[row.category].planned += row.count;
  for (const row of completed) of(row.userId)[row.category].completed += row.count;
  for (const row of overdue) of(row.userId)[row.category].overdue += row.count;
  for (const row of tasks) of(row.userId).tasks = { open: row.open, overdue: row.overdue, closed: row.closed };
  return result;
}
