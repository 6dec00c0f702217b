import {
  addDays,
  dayInTimeZone,
  isoWeekOf,
  isoWeekStart,
  type ManagerStart,
  startListLimit,
  startOfDayInZone,
} from "@planerka/common";
import { sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { companyTimeZoneOrThrow } from "../../platform/db/company-zone";
import { type Executor, rowsOfEach } from "../../platform/db/database";
import { AppError } from "../../platform/errors/problem";
import { managerCabinetOrThrow, weekCabinetOrThrow } from "../cabinet/cabinet.service";
import { ownersOfUser } from "../cabinet/figures.queries";
import { presentStartActivity } from "./start.presenter";
import { type ActivityRow, activitiesQuery, openActivitiesCountQuery, plannedInRangeQuery } from "./start.queries";

/** A figure read the access settings refuse for one's own figures (reports: none) leaves its block empty. */
async function unlessHidden<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof AppError && error.status === 404) return null;
    throw error;
  }
}

/**
 * The caller's own day: today's and overdue activities, the month's plan from the manager cabinet's
 * read (the very figures of «Мой кабинет») and the week's table by day. Only ever about the caller.
 */
export async function managerStartOrThrow(executor: Executor, actor: Actor): Promise<ManagerStart> {
  const userId = actor.user.id;
  const timeZone = await companyTimeZoneOrThrow(executor);
  const today = dayInTimeZone(new Date(), timeZone);
  const dayStart = startOfDayInZone(today, timeZone);
  const dayEnd = startOfDayInZone(addDays(today, 1), timeZone);
  const nextWeek = isoWeekOf(addDays(today, 7));
  const nextMonday = isoWeekStart(nextWeek);
  const nextRange = {
    from: startOfDayInZone(nextMonday, timeZone),
    to: startOfDayInZone(addDays(nextMonday, 7), timeZone),
  };
  const [cabinet, week, found] = await Promise.all([
    unlessHidden(managerCabinetOrThrow(executor, actor, userId, { date: today })),
    unlessHidden(weekCabinetOrThrow(executor, actor, userId, { date: today })),
    rowsOfEach<{
      today: ActivityRow[];
      overdue: ActivityRow[];
      overdueCount: { count: number }[];
      planned: { count: number }[];
    }>(executor, {
      today: activitiesQuery(actor.scope, userId, sql`a.due_at >= ${dayStart} and a.due_at < ${dayEnd}`, 500),
      overdue: activitiesQuery(
        actor.scope,
        userId,
        sql`a.completed_at is null and a.due_at < ${dayStart}`,
        startListLimit,
      ),
      overdueCount: openActivitiesCountQuery(userId, dayStart),
      planned: plannedInRangeQuery(ownersOfUser(userId), nextRange),
    }),
  ]);
  const inOrder = (list: ActivityRow[]) =>
    list
      .map(presentStartActivity)
      .sort((left, right) => Date.parse(left.dueAt) - Date.parse(right.dueAt) || (left.id < right.id ? -1 : 1));
  return {
    date: today,
    today: inOrder(found.today),
    overdue: { items: inOrder(found.overdue), total: found.overdueCount[0]?.count ?? 0 },
    month: cabinet && {
      month: cabinet.month,
      date: cabinet.date,
      plan: cabinet.plan,
      planToDate: cabinet.planToDate,
      actual: cabinet.actual,
      completion: cabinet.completion,
      forecast: cabinet.forecast,
      neededPerDay: cabinet.neededPerDay,
      dealsInWork: cabinet.dealsInWork,
      activityCoefficient: cabinet.activityCoefficient,
      clientGrowth: cabinet.clientGrowth,
    },
    week: week && {
      week: week.week,
      days: week.days.map((day) => ({
        date: day.date,
        groups: day.groups,
        total: day.activities.length,
        completed: day.activities.filter((activity) => activity.state === "completed").length,
        overdue: day.activities.filter((activity) => activity.state === "overdue").length,
      })),
      totals: week.totals.groups,
      activityCoefficient: week.activityCoefficient,
    },
    nextWeek: { week: nextWeek, planned: found.planned[0]?.count ?? 0 },
  };
}
