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
  type UnitKind,
  type UnitRollup,
  type WeekCabinet,
} from "@planerka/common";
import { sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Executor, rows } from "../../platform/db/database";
import { notFound } from "../../platform/errors/problem";
import { asOfDay, monthContext, monthFigures, periodContext } from "./figure-context";
import {
  actualByUser,
  clientGrowthByUser,
  completedByUserAndType,
  dealsInWorkByUser,
  plansByUser,
  stagesForUser,
} from "./figures.queries";
import { loadNormBook, type NormBook } from "./norms";

interface CabinetUser {
  id: string;
  name: string;
  position: string | null;
  unitId: string;
  unitName: string;
  hasPhoto: boolean;
}

const userColumns = sql`u.id, u.name, u.position, u.unit_id as "unitId", un.name as "unitName",
  exists(select 1 from user_photos p where p.user_id = u.id) as "hasPhoto"`;

/** Whose figures the caller may read: their own, their subtree's or everyone's (the `reports` level). */
async function targetUserOrThrow(executor: Executor, actor: Actor, userId: string): Promise<CabinetUser> {
  const [user] = await rows<CabinetUser>(
    executor,
    sql`select ${userColumns} from users u join units un on un.id = u.unit_id where u.id = ${userId}`,
  );
  if (!user || !actor.scope.canReachOwner("reports", "read", { id: user.id, unitId: user.unitId })) throw notFound();
  return user;
}

function coefficientFor(
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
  const user = await targetUserOrThrow(executor, actor, userId);
  const { context, month } = await monthContext(executor, query);
  const figures = monthFigures(context, month);
  const ids = [user.id];
  const [plans, actuals, inWork, completed, growth, stages, norms] = await Promise.all([
    plansByUser(executor, ids, month),
    actualByUser(executor, ids, figures.range),
    dealsInWorkByUser(executor, ids),
    completedByUserAndType(executor, ids, figures.coefficientRange),
    clientGrowthByUser(executor, ids, figures.range),
    stagesForUser(executor, user.id, figures.range),
    loadNormBook(executor),
  ]);
  const plan = toTiyn(plans.get(user.id) ?? "0");
  const actual = toTiyn(actuals.get(user.id) ?? "0");
  const needed = neededPerDay(plan, actual, figures.progress);
  const work = inWork.get(user.id);
  return {
    user,
    month,
    date: context.asOf,
    plan: fromTiyn(plan),
    planToDate: fromTiyn(planToDate(plan, figures.progress)),
    actual: fromTiyn(actual),
    completion: completionPercent(actual, plan),
    forecast: fromTiyn(forecast(actual, figures.progress)),
    neededPerDay: needed === null ? null : fromTiyn(needed),
    dealsInWork: { count: work?.count ?? 0, amount: fromTiyn(toTiyn(work?.amount ?? "0")) },
    activityCoefficient: coefficientFor(norms, user, completed.get(user.id), figures.coefficientDays),
    clientGrowth: growth.get(user.id) ?? 0,
    stages: stages.map((stage) => ({ ...stage, amount: fromTiyn(toTiyn(stage.amount)) })),
  };
}

const tableCategories: ActivityCategory[] = ["call", "meeting", "demo"];

interface WeekActivityRow {
  id: string;
  typeId: string;
  subject: string;
  dueAt: Date;
  completedAt: Date | null;
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

export async function weekCabinetOrThrow(
  executor: Executor,
  actor: Actor,
  userId: string,
  query: { week?: string; date?: string },
): Promise<WeekCabinet> {
  const user = await targetUserOrThrow(executor, actor, userId);
  const asOf = await asOfDay(executor, query.date);
  const week = query.week ?? isoWeekOf(asOf);
  const monday = isoWeekStart(week);
  const sunday = addDays(monday, 6);
  const context = await periodContext(executor, monday, sunday, asOf);
  const range = context.range(monday, sunday);
  const visible = (entity: "deals" | "leads" | "companies" | "contacts", alias: string) =>
    sql`${sql.raw(alias)}.deleted_at is null and ${actor.scope.ownerCondition(entity, "read", sql.raw(`${alias}.owner_id`))}`;
  const [types, activityRows, norms] = await Promise.all([
    rows<{ id: string; code: string; name: string; category: ActivityCategory }>(
      executor,
      sql`select id, code, name, category from activity_types where in_weekly_table order by sort, name`,
    ),
    rows<WeekActivityRow>(
      executor,
      sql`select a.id, a.type_id as "typeId", a.subject, a.due_at as "dueAt", a.completed_at as "completedAt", a.version,
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
    ),
    loadNormBook(executor),
  ]);
  const coefficientEnd = context.asOf < sunday ? context.asOf : sunday;
  const coefficientDays = context.asOf < monday ? 0 : countWorkingDays(monday, coefficientEnd, context.calendar);
  const completed = await completedByUserAndType(executor, [user.id], context.range(monday, coefficientEnd));

  const categoryOf = new Map(types.map((type) => [type.id, type.category]));
  const byDay = new Map<string, WeekActivityRow[]>();
  for (const activity of activityRows) {
    const day = dayInTimeZone(new Date(activity.dueAt), context.timeZone);
    byDay.set(day, [...(byDay.get(day) ?? []), activity]);
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
  const totalCells = cellsFor(activityRows);
  return {
    user,
    week,
    types,
    days,
    totals: { cells: totalCells, groups: groupsFor(totalCells) },
    activityCoefficient: coefficientFor(norms, user, completed.get(user.id), coefficientDays),
  };
}

interface UnitRow {
  id: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
}

/** The roll-up tree: every unit below, every user in it, sums from the users (completion from the sums). */
export async function unitCabinetOrThrow(
  executor: Executor,
  actor: Actor,
  unitId: string,
  query: { month?: string; date?: string },
) {
  const level = actor.scope.level("reports", "read");
  if (level !== "all" && !(level === "subtree" && actor.scope.isInSubtree(unitId))) throw notFound();
  const units = await rows<UnitRow>(
    executor,
    sql`with recursive subtree as (
          select id, name, kind, parent_id from units where id = ${unitId} and deleted_at is null
          union all
          select c.id, c.name, c.kind, c.parent_id from units c join subtree s on c.parent_id = s.id where c.deleted_at is null
        ) select id, name, kind, parent_id as "parentId" from subtree order by name`,
  );
  if (units.length === 0) throw notFound();
  const { context, month } = await monthContext(executor, query);
  const figures = monthFigures(context, month);
  const unitIds = sql.join(
    units.map((unit) => sql`${unit.id}::uuid`),
    sql`, `,
  );
  const users = await rows<CabinetUser & { active: boolean }>(
    executor,
    sql`select ${userColumns}, u.active from users u join units un on un.id = u.unit_id where u.unit_id in (${unitIds}) order by u.name`,
  );
  const ids = users.map((user) => user.id);
  const [plans, actuals, inWork, completed, norms] = await Promise.all([
    plansByUser(executor, ids, month),
    actualByUser(executor, ids, figures.range),
    dealsInWorkByUser(executor, ids),
    completedByUserAndType(executor, ids, figures.coefficientRange),
    loadNormBook(executor),
  ]);
  const userFigures = users
    .map((user) => {
      const plan = toTiyn(plans.get(user.id) ?? "0");
      const actual = toTiyn(actuals.get(user.id) ?? "0");
      const work = inWork.get(user.id);
      return {
        user: {
          id: user.id,
          name: user.name,
          position: user.position,
          unitId: user.unitId,
          unitName: user.unitName,
          hasPhoto: user.hasPhoto,
        },
        active: user.active,
        plan,
        planToDate: planToDate(plan, figures.progress),
        actual,
        dealsCount: work?.count ?? 0,
        dealsAmount: toTiyn(work?.amount ?? "0"),
        activityCoefficient: coefficientFor(norms, user, completed.get(user.id), figures.coefficientDays),
      };
    })
    // Former employees stay in the roll-up only while they still carry figures for the month.
    .filter((entry) => entry.active || entry.plan !== 0n || entry.actual !== 0n || entry.dealsCount > 0);

  const build = (unit: UnitRow): { rollup: UnitRollup; members: typeof userFigures } => {
    const direct = userFigures.filter((entry) => entry.user.unitId === unit.id);
    const children = units.filter((candidate) => candidate.parentId === unit.id).map(build);
    const members = [...direct, ...children.flatMap((child) => child.members)];
    const sum = (pick: (entry: (typeof members)[number]) => bigint) =>
      members.reduce((total, entry) => total + pick(entry), 0n);
    const plan = sum((entry) => entry.plan);
    const actual = sum((entry) => entry.actual);
    const coefficients = members
      .map((entry) => entry.activityCoefficient)
      .filter((value): value is number => value !== null);
    return {
      members,
      rollup: {
        unit: { id: unit.id, name: unit.name, kind: unit.kind },
        totals: {
          plan: fromTiyn(plan),
          planToDate: fromTiyn(sum((entry) => entry.planToDate)),
          actual: fromTiyn(actual),
          completion: completionPercent(actual, plan),
          dealsInWork: {
            count: members.reduce((total, entry) => total + entry.dealsCount, 0),
            amount: fromTiyn(sum((entry) => entry.dealsAmount)),
          },
          // The coefficient is a ratio, not a sum: a unit shows the mean of its people's.
          activityCoefficient:
            coefficients.length === 0
              ? null
              : Math.round((coefficients.reduce((total, value) => total + value, 0) / coefficients.length) * 100) / 100,
        },
        children: children.map((child) => child.rollup),
        users: direct.map((entry) => ({
          user: entry.user,
          plan: fromTiyn(entry.plan),
          planToDate: fromTiyn(entry.planToDate),
          actual: fromTiyn(entry.actual),
          completion: completionPercent(entry.actual, entry.plan),
          dealsInWork: { count: entry.dealsCount, amount: fromTiyn(entry.dealsAmount) },
          activityCoefficient: entry.activityCoefficient,
        })),
      },
    };
  };
  const root = units.find((unit) => unit.id === unitId)!;
  return { month, date: context.asOf, ...build(root).rollup };
}
