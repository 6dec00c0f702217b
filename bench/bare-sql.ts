/**
 * The cabinet reads' figures as plain SQL over the source tables (deals, activities, plans…): one
 * straightforward statement per figure plus the calendar, units and norms the formulas need, with
 * no HTTP, session, scope or presentation — what the API's time is compared with (≤ 1.5×).
 */
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "../server/src/platform/db/database";
import { timeIt } from "./measure";

/** The manager header's figures (plan, actual, deals in work, coefficient, client growth, stages). */
export function measureBareHeaderSql(handle: DatabaseHandle, userId: string, month: string) {
  const from = new Date(`${month}-01T00:00:00+05:00`);
  const to = new Date(new Date(from).setUTCMonth(from.getUTCMonth() + 1));
  const won = sql`d.deleted_at is null and d.stage_id in (select id from stages where semantic = 'won')`;
  return timeIt(async () => {
    await handle.db.execute(sql`select working_weekdays, time_zone from company_settings`);
    await handle.db.execute(
      sql`select date, kind from calendar_exceptions where date between ${`${month}-01`}::date and ${`${month}-01`}::date + interval '1 month'`,
    );
    await handle.db.execute(sql`select t.id, t.weight, coalesce(n.daily_norm, t.daily_norm) from activity_types t
      left join activity_norms n on n.type_id = t.id and n.user_id = ${userId}`);
    await handle.db.execute(sql`select amount from plans where user_id = ${userId} and month = ${month}`);
    await handle.db.execute(sql`select sum(d.amount) from deals d
      where d.owner_id = ${userId} and ${won} and d.closed_at >= ${from} and d.closed_at < ${to}`);
    await handle.db.execute(sql`select count(*), sum(d.amount) from deals d join stages s on s.id = d.stage_id
      where d.owner_id = ${userId} and s.semantic = 'open' and d.deleted_at is null`);
    await handle.db.execute(sql`select type_id, count(*) from activities where owner_id = ${userId} and deleted_at is null
      and completed_at >= ${from} and completed_at < ${to} group by type_id`);
    // Client growth: won deals of the month that are their client's first won deal ever.
    await handle.db.execute(sql`select count(*) from deals d
      where d.owner_id = ${userId} and ${won} and d.closed_at >= ${from} and d.closed_at < ${to}
        and coalesce(d.company_id, d.contact_id) is not null
        and not exists (select 1 from deals e where e.deleted_at is null and e.stage_id in (select id from stages where semantic = 'won')
          and ((d.company_id is not null and e.company_id = d.company_id)
               or (d.company_id is null and e.company_id is null and e.contact_id = d.contact_id))
          and (e.closed_at < d.closed_at or (e.closed_at = d.closed_at and e.id < d.id)))`);
    await handle.db.execute(sql`select s.id, count(d.id), sum(d.amount) from stages s left join deals d on d.stage_id = s.id
      and d.owner_id = ${userId} and d.deleted_at is null and (s.semantic = 'open' or (d.closed_at >= ${from} and d.closed_at < ${to}))
      group by s.id`);
  });
}

/** The weekly table as plain SQL: the week's activities with their links, the week's completions, types and calendar. */
export function measureBareWeekSql(handle: DatabaseHandle, userId: string) {
  const today = new Date();
  const monday = new Date(`${today.toISOString().slice(0, 10)}T00:00:00+05:00`);
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  const sunday = new Date(monday.getTime() + 7 * 86_400_000);
  return timeIt(async () => {
    await handle.db.execute(sql`select working_weekdays, time_zone from company_settings`);
    await handle.db.execute(sql`select date, kind from calendar_exceptions where date between ${monday} and ${sunday}`);
    await handle.db.execute(sql`select t.id, t.code, t.name, t.category, t.weight, coalesce(n.daily_norm, t.daily_norm)
      from activity_types t left join activity_norms n on n.type_id = t.id and n.user_id = ${userId} order by t.sort`);
    await handle.db.execute(sql`select a.id, a.type_id, a.subject, a.due_at, a.completed_at, d.title, l.title, c.name, p.name
      from activities a left join deals d on d.id = a.deal_id left join leads l on l.id = a.lead_id
      left join companies c on c.id = a.company_id left join contacts p on p.id = a.contact_id
      where a.owner_id = ${userId} and a.deleted_at is null and a.due_at >= ${monday} and a.due_at < ${sunday}
      order by a.due_at`);
    await handle.db.execute(sql`select type_id, count(*) from activities where owner_id = ${userId} and deleted_at is null
      and completed_at >= ${monday} and completed_at < ${today} group by type_id`);
  });
}

/** The roll-up's figures for every user of the company as plain SQL, with the tree, the calendar and the norms. */
export function measureBareRollupSql(handle: DatabaseHandle, month: string) {
  const from = new Date(`${month}-01T00:00:00+05:00`);
  const to = new Date(new Date(from).setUTCMonth(from.getUTCMonth() + 1));
  return timeIt(async () => {
    await handle.db.execute(sql`select working_weekdays, time_zone from company_settings`);
    await handle.db.execute(
      sql`select date, kind from calendar_exceptions where date between ${`${month}-01`}::date and ${`${month}-01`}::date + interval '1 month'`,
    );
    await handle.db.execute(sql`select id, name, kind, parent_id from units where deleted_at is null`);
    await handle.db.execute(sql`select id, name, unit_id from users`);
    await handle.db.execute(sql`select type_id, unit_id, user_id, daily_norm from activity_norms`);
    await handle.db.execute(sql`select user_id, amount from plans where month = ${month}`);
    await handle.db.execute(sql`select d.owner_id, sum(d.amount) from deals d join stages s on s.id = d.stage_id
      where s.semantic = 'won' and d.deleted_at is null and d.closed_at >= ${from} and d.closed_at < ${to} group by d.owner_id`);
    await handle.db.execute(sql`select d.owner_id, count(*), sum(d.amount) from deals d join stages s on s.id = d.stage_id
      where s.semantic = 'open' and d.deleted_at is null group by d.owner_id`);
    await handle.db.execute(sql`select owner_id, type_id, count(*) from activities where deleted_at is null
      and completed_at >= ${from} and completed_at < ${to} group by owner_id, type_id`);
  });
}
