import type { WorkdayReport } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Executor, rows } from "../../platform/db/database";
import { assertDayRangeOrThrow, daysBetween, reportPeopleOrThrow } from "./report-scope";
import { periodMinutes } from "./workday.service";

/**
 * Minutes worked per person and company day. A period counts wholly to the working day it belongs
 * to (the day it was started on): a shift from 22:00 to 02:00 is four hours of its first day, as
 * the person's own «today» showed it, not two hours on each calendar day. Open periods count up
 * to now. People: those whose reports the caller may read (optionally of one unit), the active
 * ones always, those who have left only when they worked in the period.
 */
export async function workdayReportOrThrow(
  executor: Executor,
  actor: Actor,
  query: { from: string; to: string; unitId?: string },
): Promise<WorkdayReport> {
  assertDayRangeOrThrow(query.from, query.to);
  const people = await reportPeopleOrThrow(executor, actor, sql`u.id`, { unitId: query.unitId });
  const inPeriod = sql`p.day >= ${query.from}::date and p.day <= ${query.to}::date`;
  const users = await rows<{ id: string; name: string }>(
    executor,
    sql`select u.id, u.name from users u
        where ${people} and (u.active or exists (select 1 from workday_periods p where p.user_id = u.id and ${inPeriod}))
        order by u.name, u.id`,
  );
  const worked = await rows<{ userId: string; day: string; minutes: number }>(
    executor,
    sql`select p.user_id as "userId", p.day::text as day, ${periodMinutes("p")} as minutes
        from workday_periods p join users u on u.id = p.user_id
        where ${inPeriod} and ${people}
        group by p.user_id, p.day`,
  );
  const days = daysBetween(query.from, query.to);
  const dayIndex = new Map(days.map((day, index) => [day, index]));
  const minutesOf = new Map(users.map((user) => [user.id, days.map(() => 0)]));
  for (const entry of worked) {
    const index = dayIndex.get(entry.day);
    const minutes = minutesOf.get(entry.userId);
    if (index !== undefined && minutes) minutes[index] = entry.minutes;
  }
  return {
    from: query.from,
    to: query.to,
    days,
    rows: users.map((user) => {
      const minutes = minutesOf.get(user.id)!;
      return {
        user: { id: user.id, name: user.name },
        minutes,
        totalMinutes: minutes.reduce((total, value) => total + value, 0),
      };
    }),
  };
}
