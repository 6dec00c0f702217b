import type { TimeEntry } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { invalid, notFound } from "../../platform/errors/problem";
import { companyToday, entryMinutes, startOfCompanyDay, stopTimers } from "./task.queries";
import { abilitiesOf, assertMayOrThrow, taskAccessOrThrow } from "./task-access";

interface EntryRow {
  id: string;
  taskId: string;
  taskTitle: string;
  userId: string;
  userName: string;
  source: "timer" | "manual";
  startedAt: Date | string;
  endedAt: Date | string | null;
  minutes: number;
  comment: string | null;
}

function presentEntry(row: EntryRow): TimeEntry {
  return {
    id: row.id,
    taskId: row.taskId,
    taskTitle: row.taskTitle,
    user: { id: row.userId, name: row.userName },
    source: row.source,
    startedAt: new Date(row.startedAt).toISOString(),
    endedAt: row.endedAt ? new Date(row.endedAt).toISOString() : null,
    minutes: row.minutes,
    comment: row.comment,
  };
}

const entryColumns = sql`e.id, e.task_id as "taskId", t.title as "taskTitle", e.user_id as "userId", u.name as "userName",
  e.source, e.started_at as "startedAt", e.ended_at as "endedAt", ${entryMinutes("e")} as minutes, e.comment`;
const entryFrom = sql`task_time_entries e join tasks t on t.id = e.task_id join users u on u.id = e.user_id`;

async function entryRows(executor: Executor, where: SQL, tail: SQL = sql``): Promise<EntryRow[]> {
  return rows<EntryRow>(executor, sql`select ${entryColumns} from ${entryFrom} where ${where} ${tail}`);
}

/** One change of a person's timers at a time: two starts at once would both see no running timer. */
const lockPerson = (executor: Executor, userId: string) =>
  executor.execute(sql`select id from users where id = ${userId} for update`);

/**
 * Starts the caller's timer on a task, stopping their timer on any other task first (one runs at
 * a time, which the partial unique index also enforces). A timer already running here is kept.
 */
export async function startTimerOrThrow(db: Database, actor: Actor, taskId: string) {
  return db.transaction(async (tx) => {
    const task = await taskAccessOrThrow(tx, actor, taskId);
    assertMayOrThrow(abilitiesOf(task).trackTime, "Only the people doing the task track time on it");
    if (task.status === "done") throw invalid("status", "The task is done; renew it to track more time");
    await lockPerson(tx, actor.user.id);
    const [running] = await entryRows(
      tx,
      sql`e.user_id = ${actor.user.id} and e.ended_at is null and e.task_id = ${taskId}`,
    );
    if (running) return { created: false, entry: presentEntry(running) };
    const stopped = await stopTimers(tx, sql`e.user_id = ${actor.user.id}`);
    const [created] = await rows<{ id: string }>(
      tx,
      sql`insert into task_time_entries (task_id, user_id, source, started_at)
          values (${taskId}, ${actor.user.id}, 'timer', now()) returning id`,
    );
    // Starting the clock on a task not yet begun means work on it has started (as in Bitrix24).
    if (task.status === "new" || task.status === "deferred") {
      await tx.execute(
        sql`update tasks set status = 'in_progress', version = version + 1, updated_at = now() where id = ${taskId}`,
      );
      await recordAudit(tx, {
        actorId: actor.user.id,
        entity: "task",
        entityId: taskId,
        action: "update",
        changes: [{ field: "status", old: task.status, new: "in_progress" }],
      });
    }
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "task_time_entry",
      entityId: created!.id,
      action: "timer_start",
      changes: [
        { field: "taskId", old: null, new: taskId },
        { field: "stoppedEntryIds", old: null, new: stopped },
      ],
    });
    const [entry] = await entryRows(tx, sql`e.id = ${created!.id}`);
    return { created: true, entry: presentEntry(entry!) };
  });
}

export async function stopTimerOrThrow(db: Database, actor: Actor, taskId: string): Promise<TimeEntry> {
  return db.transaction(async (tx) => {
    await taskAccessOrThrow(tx, actor, taskId);
    await lockPerson(tx, actor.user.id);
    const [stopped] = await stopTimers(tx, sql`e.user_id = ${actor.user.id} and e.task_id = ${taskId}`);
    if (!stopped) throw invalid("timer", "No timer of yours runs on this task");
    const [entry] = await entryRows(tx, sql`e.id = ${stopped}`);
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "task_time_entry",
      entityId: stopped,
      action: "timer_stop",
      changes: [{ field: "minutes", old: null, new: entry!.minutes }],
    });
    return presentEntry(entry!);
  });
}

/** The caller's running timer, on a task they may still read. */
export async function runningTimer(executor: Executor, actor: Actor): Promise<{ entry: TimeEntry | null }> {
  const [entry] = await entryRows(
    executor,
    sql`e.user_id = ${actor.user.id} and e.ended_at is null and t.deleted_at is null
        and ${actor.scope.taskCondition("read", sql`e.task_id`)}`,
  );
  return { entry: entry ? presentEntry(entry) : null };
}

/** Time written by hand for a company day, today or earlier; it starts at that day's midnight. */
export async function addManualEntryOrThrow(
  db: Database,
  actor: Actor,
  taskId: string,
  input: { day: string; minutes: number; comment?: string | null },
): Promise<TimeEntry> {
  return db.transaction(async (tx) => {
    const task = await taskAccessOrThrow(tx, actor, taskId);
    assertMayOrThrow(abilitiesOf(task).trackTime, "Only the people doing the task track time on it");
    const [created] = await rows<{ id: string }>(
      tx,
      sql`insert into task_time_entries (task_id, user_id, source, started_at, ended_at, minutes, comment)
          select ${taskId}, ${actor.user.id}, 'manual', ${startOfCompanyDay(input.day)},
                 ${startOfCompanyDay(input.day)} + make_interval(mins => ${input.minutes}::int), ${input.minutes},
                 ${input.comment || null}
          where ${input.day}::date <= ${companyToday}
          returning id`,
    );
    if (!created) throw invalid("day", "Time is written for today or an earlier day");
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "task_time_entry",
      entityId: created.id,
      action: "create",
      changes: [
        { field: "taskId", old: null, new: taskId },
        { field: "day", old: null, new: input.day },
        { field: "minutes", old: null, new: input.minutes },
      ],
    });
    const [entry] = await entryRows(tx, sql`e.id = ${created.id}`);
    return presentEntry(entry!);
  });
}

/** Everyone's time on a task the caller may read, newest first. */
export async function listTimeEntriesOrThrow(
  executor: Executor,
  actor: Actor,
  taskId: string,
  page: { limit: number; offset: number },
) {
  await taskAccessOrThrow(executor, actor, taskId);
  const items = await entryRows(
    executor,
    sql`e.task_id = ${taskId}`,
    sql`order by e.started_at desc, e.id desc limit ${page.limit} offset ${page.offset}`,
  );
  const [count] = await rows<{ total: number }>(
    executor,
    sql`select count(*)::int as total from task_time_entries where task_id = ${taskId}`,
  );
  return { items: items.map(presentEntry), total: count?.total ?? 0 };
}

/** A person deletes only their own entries (a running timer included). */
export async function deleteTimeEntryOrThrow(db: Database, actor: Actor, taskId: string, entryId: string) {
  await db.transaction(async (tx) => {
    await taskAccessOrThrow(tx, actor, taskId);
    const [entry] = await entryRows(tx, sql`e.id = ${entryId} and e.task_id = ${taskId}`);
    if (!entry) throw notFound();
    assertMayOrThrow(entry.userId === actor.user.id, "Only the person who tracked the time deletes it");
    await tx.execute(sql`delete from task_time_entries where id = ${entryId}`);
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "task_time_entry",
      entityId: entryId,
      action: "delete",
      changes: [{ field: "minutes", old: entry.minutes, new: null }],
    });
  });
}
