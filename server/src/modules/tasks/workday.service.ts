import type { WorkdayStatus, workdayActionSchema, workdayStates } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { invalid } from "../../platform/errors/problem";
import { reportPeopleOrThrow } from "./report-scope";
import { companyToday } from "./task.queries";

type WorkdayAction = z.infer<typeof workdayActionSchema>["action"];
type WorkdayState = (typeof workdayStates)[number];

interface WorkdayRow {
  userId: string;
  userName: string;
  unitName: string;
  day: string;
  state: WorkdayState;
  workedMinutes: number;
  startedAt: Date | string | null;
  finishedAt: Date | string | null;
}

/** Minutes of the periods (`alias`), an open one counted up to now, summed before rounding down. */
export const periodMinutes = (alias: string) =>
  sql`floor(coalesce(sum(extract(epoch from coalesce(${sql.raw(alias)}.ended_at, now()) - ${sql.raw(alias)}.started_at)), 0) / 60)::int`;

/**
 * Each person's current working day: the day of their open period (a day begun before midnight
 * goes on until it is paused or finished), else `day`, by default today in the company's time zone.
 */
async function workdayRows(executor: Executor, where: SQL, day: SQL | string = companyToday): Promise<WorkdayRow[]> {
  return rows<WorkdayRow>(
    executor,
    sql`select u.id as "userId", u.name as "userName", unit.name as "unitName", current_day.day::text as day,
          case when finished.finished_at is not null then 'finished'
               when open_period.id is not null then 'working'
               when worked.first_start is not null then 'paused'
               else 'not_started' end as state,
          worked.minutes as "workedMinutes", worked.first_start as "startedAt", finished.finished_at as "finishedAt"
        from users u join units unit on unit.id = u.unit_id
        left join workday_periods open_period on open_period.user_id = u.id and open_period.ended_at is null
        cross join lateral (select coalesce(open_period.day, ${day}::date) as day) current_day
        left join workday_days finished on finished.user_id = u.id and finished.day = current_day.day
        cross join lateral (select min(p.started_at) as first_start, ${periodMinutes("p")} as minutes
          from workday_periods p where p.user_id = u.id and p.day = current_day.day) worked
        where ${where}
        order by u.name, u.id`,
  );
}

function presentStatus(row: WorkdayRow): WorkdayStatus {
  return {
    day: row.day,
    state: row.state,
    workedMinutes: row.workedMinutes,
    startedAt: row.startedAt ? new Date(row.startedAt).toISOString() : null,
    finishedAt: row.finishedAt ? new Date(row.finishedAt).toISOString() : null,
  };
}

export async function workdayStatus(executor: Executor, actor: Actor): Promise<WorkdayStatus> {
  const [row] = await workdayRows(executor, sql`u.id = ${actor.user.id}`);
  return presentStatus(row!);
}

const allowedFrom: Record<WorkdayAction, readonly WorkdayState[]> = {
  start: ["not_started"],
  pause: ["working"],
  resume: ["paused"],
  finish: ["working", "paused"],
};

/** What an action may not do in a state, in the words the person sees. */
function refusal(action: WorkdayAction, state: WorkdayState): string {
  if (state === "finished") return "The working day is finished; the next one starts tomorrow";
  if (state === "not_started") return "Start the working day first";
  if (state === "working") return "The working day is already going";
  return action === "start" ? "The working day has begun; resume it" : "The working day is paused";
}

/** Start, pause, resume, finish: each start or resume opens a period, each pause or finish closes it. */
export async function changeWorkdayOrThrow(db: Database, actor: Actor, action: WorkdayAction): Promise<WorkdayStatus> {
  return db.transaction(async (tx) => {
    const me = actor.user.id;
    // One change of a person's day at a time: a double click must not open two periods.
    await tx.execute(sql`select id from users where id = ${me} for update`);
    const [before] = await workdayRows(tx, sql`u.id = ${me}`);
    if (!allowedFrom[action].includes(before!.state)) throw invalid("action", refusal(action, before!.state));
    if (action === "start" || action === "resume") {
      await tx.execute(
        sql`insert into workday_periods (user_id, day, started_at) values (${me}, ${before!.day}, now())`,
      );
    } else {
      await tx.execute(sql`update workday_periods set ended_at = now() where user_id = ${me} and ended_at is null`);
    }
    if (action === "finish") {
      await tx.execute(sql`insert into workday_days (user_id, day, finished_at) values (${me}, ${before!.day}, now())`);
    }
    // The answer is about the day acted on, also when it was begun before midnight.
    const [after] = await workdayRows(tx, sql`u.id = ${me}`, before!.day);
    await recordAudit(tx, {
      actorId: me,
      entity: "workday",
      entityId: me,
      action,
      changes: [
        { field: "day", old: before!.day, new: after!.day },
        { field: "state", old: before!.state, new: after!.state },
      ],
    });
    return presentStatus(after!);
  });
}

/** Who is working now: the active people whose reports the caller may read, optionally of one unit. */
export async function workdayTeamOrThrow(executor: Executor, actor: Actor, unitId?: string) {
  const people = await reportPeopleOrThrow(executor, actor, sql`u.id`, { unitId });
  const found = await workdayRows(executor, sql`u.active and ${people}`);
  return {
    items: found.map((row) => ({
      user: { id: row.userId, name: row.userName },
      unitName: row.unitName,
      status: presentStatus(row),
    })),
  };
}
