import {
  type ActivityCategory,
  activityCoefficient,
  addDays,
  completionPercent,
  countWorkingDays,
  dayInTimeZone,
  forecast,
  fromTiyn,
  isoWeekday,
  isoWeekOf,
  isoWeekStart,
  type ManagerCabinet,
  neededPerDay,
  planToDate,
  toTiyn,
  type WeekCabinet,
} from "@planerka/common";
import { sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Executor, rowsOfEach } from "../../platform/db/database";
import { notFound } from "../../platform/errors/problem";
import { type FigureSetup, loadFigureSetup, loadMonthSetup, monthFigures, type SubjectUser } from "./figure-context";
import { completedInDaysQuery, managerFigures, ownersOfUser } from "./figures.queries";
import type { NormBook } from "./norms";

/** Whose figures the caller may read: their own, their subtree's or everyone's (the `reports` level). */
function readableSubjectOrThrow(actor: Actor, setup: FigureSetup): SubjectUser {
  const user = setup.subject;
  if (!user || !actor.scope.canReachOwner("reports", "read", { id: user.id, unitId: user.unitId })) throw notFound();
  return user;
}

export function coefficientFor(
  norms: NormBook,
  user: { id: string; unitId: string },
  completed: Map<string, number> | undefined,
  days: number,
) {
  const terms = norms.types.map((type) => ({
    weight: type.weight,
    dailyNorm: norms.normFor(user, type.typeId) ?? 0,
    fact: completed?.get(type.typeId) ?? 0,
  }));
  return activityCoefficient(terms, days);
}

export async function managerCabinetOrThrow(
  executor: Executor,
  actor: Actor,
  userId: string,
  query: { month?: string; date?: string },
): Promise<ManagerCabinet> {
  const { setup, month } = await loadMonthSetup(executor, query, userId);
  const user = readableSubjectOrThrow(actor, setup);
  const figures = monthFigures(setup, month);
  const found = await managerFigures(executor, user.id, month, {
    through: figures.coefficientEnd,
    instants: figures.range,
  });
  const plan = toTiyn(found.plan);
  const actual = toTiyn(found.actual);
  const needed = neededPerDay(plan, actual, figures.progress);
  return {
    user,
    month,
    date: setup.asOf,
    plan: fromTiyn(plan),
    planToDate: fromTiyn(planToDate(plan, figures.progress)),
    actual: fromTiyn(actual),
    completion: completionPercent(actual, plan),
    forecast: fromTiyn(forecast(actual, figures.progress)),
    neededPerDay: needed === null ? null : fromTiyn(needed),
    dealsInWork: { count: found.inWork.count, amount: fromTiyn(toTiyn(found.inWork.amount ?? "0")) },
    activityCoefficient: coefficientFor(setup.norms, user, found.completed, figures.coefficientDays),
    clientGrowth: found.clientGrowth,
    stages: found.stages.map(({ position: _position, ...stage }) => ({
      ...stage,
      amount: fromTiyn(toTiyn(stage.amount)),
    })),
  };
}

const tableCategories: ActivityCategory[] = ["call", "meeting", "demo"];

interface WeekActivityRow {
  id: string;
  typeId: string;
  subject: string;
  dueAt: string;
  completedAt: string | null;
  state: "active" | "completed" | "overdue";
  version: number;
  dealId: string | null;
  dealTitle: string | null;
  leadId: string | null;
  leadTitle: string | null;
  companyId: string | null;
  companyName: string | null;
  contactId: string | null;
  contactName: string | null;
}

const reference = (id: string | null, name: string | null) => (id && name !== null ? { id, name } : null);

/** The week asked for (or the as-of day's week) with its setup, loaded once unless the zone moves "today" across a week. */
async function loadWeekSetup(executor: Executor, query: { week?: string; date?: string }, userId: string) {
  const guess = query.week ?? isoWeekOf(query.date ?? new Date().toISOString().slice(0, 10));
  const load = (week: string, date?: string) =>
    loadFigureSetup(executor, { from: isoWeekStart(week), to: addDays(isoWeekStart(week), 6) }, date, userId);
  const setup = await load(guess, query.date);
  const week = query.week ?? isoWeekOf(setup.asOf);
  return { setup: week === guess ? setup : await load(week, setup.asOf), week };
}

export async function weekCabinetOrThrow(
  executor: Executor,
  actor: Actor,
  userId: string,
  query: { week?: string; date?: string },
): Promise<WeekCabinet> {
  const { setup, week } = await loadWeekSetup(executor, query, userId);
  const user = readableSubjectOrThrow(actor, setup);
  const monday = isoWeekStart(week);
  const sunday = addDays(monday, 6);
  const range = setup.range(monday, sunday);
  const coefficientEnd = setup.asOf < sunday ? setup.asOf : sunday;
  const coefficientDays = setup.asOf < monday ? 0 : countWorkingDays(monday, coefficientEnd, setup.calendar);
  const visible = (entity: "deals" | "leads" | "companies" | "contacts", alias: string) =>
    sql`${sql.raw(alias)}.deleted_at is null and ${actor.scope.ownerCondition(entity, "read", sql.raw(`${alias}.owner_id`))}`;
  const found = await rowsOfEach<{ activities: WeekActivityRow[]; completed: { typeId: string; count: number }[] }>(
    executor,
    {
      activities: sql`select a.id, a.type_id as "typeId", a.subject, a.due_at as "dueAt", a.completed_at as "completedAt", a.version,
                 case when a.completed_at is not null then 'completed' when a.due_at < now() then 'overdue' else 'active' end as state,
                 d.id as "dealId", d.title as "dealTitle", l.id as "leadId", l.title as "leadTitle",
                 c.id as "companyId", c.name as "companyName", p.id as "contactId", p.name as "contactName"
          from activities a
          left join deals d on d.id = a.deal_id and ${visible("deals", "d")}
          left join leads l on l.id = a.lead_id and ${visible("leads", "l")}
          left join companies c on c.id = a.company_id and ${visible("companies", "c")}
          left join contacts p on p.id = a.contact_id and ${visible("contacts", "p")}
          where a.owner_id = ${user.id} and a.deleted_at is null and a.due_at >= ${range.from} and a.due_at < ${range.to}
          order by a.due_at, a.id`,
      completed: completedInDaysQuery(ownersOfUser(user.id), { from: monday, to: coefficientEnd }),
    },
    { prepared: true },
  );
  const activities = found.activities.sort(
    (left, right) => Date.parse(left.dueAt) - Date.parse(right.dueAt) || (left.id < right.id ? -1 : 1),
  );
  const types = setup.weeklyTypes;
  const categoryOf = new Map(types.map((type) => [type.id, type.category]));
  const byDay = new Map<string, WeekActivityRow[]>();
  for (const activity of activities) {
    const day = dayInTimeZone(new Date(activity.dueAt), setup.timeZone);
    const list = byDay.get(day);
    if (list) list.push(activity);
    else byDay.set(day, [activity]);
  }
  const cellsFor = (list: WeekActivityRow[]) =>
    types.map((type) => {
      const ofType = list.filter((activity) => activity.typeId === type.id);
      return {
        typeId: type.id,
        total: ofType.length,
        completed: ofType.filter((activity) => activity.state === "completed").length,
        overdue: ofType.filter((activity) => activity.state === "overdue").length,
      };
    });
  const groupsFor = (cells: ReturnType<typeof cellsFor>) =>
    tableCategories.map((category) => {
      const ofCategory = cells.filter((cell) => categoryOf.get(cell.typeId) === category);
      return {
        category,
        plan: ofCategory.reduce((sum, cell) => sum + cell.total, 0),
        fact: ofCategory.reduce((sum, cell) => sum + cell.completed, 0),
      };
    });
  const days = Array.from({ length: 7 }, (_, index) => addDays(monday, index))
    .filter((day) => isoWeekday(day) <= 5 || (byDay.get(day)?.length ?? 0) > 0)
    .map((date) => {
      const list = byDay.get(date) ?? [];
      const cells = cellsFor(list);
      return {
        date,
        cells,
        groups: groupsFor(cells),
        activities: list.map((activity) => ({
          id: activity.id,
          typeId: activity.typeId,
          subject: activity.subject,
          dueAt: new Date(activity.dueAt).toISOString(),
          completedAt: activity.completedAt ? new Date(activity.completedAt).toISOString() : null,
          state: activity.state,
          version: activity.version,
          deal: reference(activity.dealId, activity.dealTitle),
          lead: reference(activity.leadId, activity.leadTitle),
          company: reference(activity.companyId, activity.companyName),
          contact: reference(activity.contactId, activity.contactName),
        })),
      };
    });
  const totalCells = cellsFor(activities);
  const completed = new Map(found.completed.map((row) => [row.typeId, row.count]));
  return {
    user,
    week,
    types,
    days,
    totals: { cells: totalCells, groups: groupsFor(totalCells) },
    activityCoefficient: coefficientFor(setup.norms, user, completed, coefficientDays),
  };
}
