/**
 * Every cabinet figure on random organisations, compared with a deliberately plain reference
 * computation written here: its own calendar walk (UTC+5 arithmetic, not Intl), BigInt tiyn, loops
 * instead of SQL. Covers deals closed minutes either side of midnight in Almaty, holidays and
 * transferred working days, months with plan 0, users without a plan, empty units, deals moved
 * between stages through the API, deleted records and norms set on users and units.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createTestCompany, createUnit, createUser, setUnitHead } from "../../testing/factories";
import { type Client, login, useTestApp } from "../../testing/test-app";
import { SeededRandom } from "../demo/random";

const HOUR = 3_600_000;
const ALMATY_OFFSET = 5 * HOUR; // constant since 1 March 2024

interface Deal {
  id: string;
  ownerId: string;
  stageId: string;
  amountTiyn: bigint;
  closedAt: number | null;
  client: string | null;
  deleted: boolean;
}
interface Activity {
  ownerId: string;
  typeId: string;
  dueAt: number;
  completedAt: number | null;
  deleted: boolean;
}
interface Stage {
  id: string;
  name: string;
  semantic: "open" | "won" | "lost";
}
interface Type {
  id: string;
  category: string;
  weight: number;
  norm: number | null;
  inTable: boolean;
}

// ---- the reference ------------------------------------------------------------------------------
const localDay = (instant: number) => new Date(instant + ALMATY_OFFSET).toISOString().slice(0, 10);
const dayStart = (day: string) => Date.parse(`${day}T00:00:00Z`) - ALMATY_OFFSET;
function daysBetween(first: string, last: string): string[] {
  const days: string[] = [];
  for (let time = Date.parse(`${first}T00:00:00Z`); time <= Date.parse(`${last}T00:00:00Z`); time += 86_400_000) {
    days.push(new Date(time).toISOString().slice(0, 10));
  }
  return days;
}
function lastDayOf(month: string) {
  const [year, number] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(year, number, 0)).toISOString().slice(0, 10);
}
function roundDiv(numerator: bigint, denominator: bigint) {
  // Half away from zero, for non-negative numerators here.
  return (numerator * 2n + denominator) / (denominator * 2n);
}

class Reference {
  constructor(
    readonly holidays: Set<string>,
    readonly workdays: Set<string>,
    readonly stages: Stage[],
    readonly types: Type[],
    readonly deals: Deal[],
    readonly activities: Activity[],
    readonly plans: Map<string, bigint>,
    readonly norms: { userId?: string; unitId?: string; typeId: string; norm: number }[],
    readonly parentOf: Map<string, string | null>,
  ) {}

  working(day: string) {
    if (this.holidays.has(day)) return false;
    if (this.workdays.has(day)) return true;
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  count(first: string, last: string) {
    return first > last ? 0 : daysBetween(first, last).filter((day) => this.working(day)).length;
  }

  semantic(stageId: string) {
    return this.stages.find((stage) => stage.id === stageId)!.semantic;
  }

  norm(user: { id: string; unitId: string }, type: Type) {
    const own = this.norms.find((norm) => norm.userId === user.id && norm.typeId === type.id);
    if (own) return own.norm;
    for (let unit: string | null | undefined = user.unitId; unit; unit = this.parentOf.get(unit)) {
      const set = this.norms.find((norm) => norm.unitId === unit && norm.typeId === type.id);
      if (set) return set.norm;
    }
    return type.norm;
  }

  coefficient(user: { id: string; unitId: string }, first: string, last: string, asOf: string) {
    if (asOf < first) return null;
    const end = asOf < last ? asOf : last;
    const days = this.count(first, end);
    let weighted = 0;
    let weights = 0;
    for (const type of this.types) {
      const norm = this.norm(user, type) ?? 0;
      if (norm <= 0) continue;
      const fact = this.activities.filter(
        (activity) =>
          !activity.deleted &&
          activity.ownerId === user.id &&
          activity.typeId === type.id &&
          activity.completedAt !== null &&
          localDay(activity.completedAt) >= first &&
          localDay(activity.completedAt) <= end,
      ).length;
      weights += type.weight;
      weighted += days === 0 ? 0 : type.weight * Math.min(fact / (norm * days), 1.2);
    }
    if (weights === 0 || days === 0) return null;
    return (weighted / weights) * 100;
  }

  planToDateOf(plan: bigint, month: string, asOf: string) {
    const first = `${month}-01`;
    const last = lastDayOf(month);
    const whole = this.count(first, last);
    if (asOf < first) return 0n;
    if (asOf > last || whole === 0) return plan;
    return roundDiv(plan * BigInt(this.count(first, asOf)), BigInt(whole));
  }

  manager(user: { id: string; unitId: string }, month: string, asOf: string) {
    const first = `${month}-01`;
    const last = lastDayOf(month);
    const plan = this.plans.get(`${user.id}:${month}`) ?? 0n;
    const inMonth = (deal: Deal) =>
      deal.closedAt !== null && localDay(deal.closedAt) >= first && localDay(deal.closedAt) <= last;
    const live = this.deals.filter((deal) => !deal.deleted && deal.ownerId === user.id);
    const actual = live
      .filter((deal) => this.semantic(deal.stageId) === "won" && inMonth(deal))
      .reduce((sum, deal) => sum + deal.amountTiyn, 0n);
    const whole = this.count(first, last);
    const toDate = asOf < first ? 0 : asOf > last ? whole : this.count(first, asOf);
    const inside = asOf >= first && asOf <= last;
    const planToDate =
      asOf < first ? 0n : asOf > last || whole === 0 ? plan : roundDiv(plan * BigInt(toDate), BigInt(whole));
    const forecast = inside && toDate > 0 ? roundDiv(actual * BigInt(whole), BigInt(toDate)) : actual;
    const nextDay = new Date(Date.parse(`${asOf}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const remaining = this.count(nextDay > first ? nextDay : first, last);
    const needed = plan > actual && asOf <= last && remaining > 0 ? roundDiv(plan - actual, BigInt(remaining)) : null;
    const open = live.filter((deal) => this.semantic(deal.stageId) === "open");
    // Client growth: clients whose earliest won deal (any owner) closed this month, for its owner.
    const firsts = new Map<string, Deal>();
    for (const deal of this.deals.filter(
      (candidate) => !candidate.deleted && candidate.client && this.semantic(candidate.stageId) === "won",
    )) {
      const known = firsts.get(deal.client!);
      if (!known || deal.closedAt! < known.closedAt! || (deal.closedAt === known.closedAt && deal.id < known.id))
        firsts.set(deal.client!, deal);
    }
    const growth = [...firsts.values()].filter((deal) => deal.ownerId === user.id && inMonth(deal)).length;
    return {
      plan,
      planToDate,
      actual,
      completion: plan === 0n ? null : Number(roundDiv(actual * 10_000n, plan)) / 100,
      forecast,
      needed,
      dealsCount: open.length,
      dealsAmount: open.reduce((sum, deal) => sum + deal.amountTiyn, 0n),
      coefficient: this.coefficient(user, first, last, asOf),
      growth,
      stages: this.stages.map((stage) => {
        const inStage = live.filter(
          (deal) => deal.stageId === stage.id && (stage.semantic === "open" || inMonth(deal)),
        );
        return {
          stageId: stage.id,
          count: inStage.length,
          amount: inStage.reduce((sum, deal) => sum + deal.amountTiyn, 0n),
        };
      }),
    };
  }
}

const tiyn = (value: number) => BigInt(Math.round(value * 100));

// ---- the scenario -------------------------------------------------------------------------------
describe.each([1, 2, 3])("figures on random organisation #%i", (seed) => {
  const context = useTestApp();
  const random = new SeededRandom(seed * 7919);
  let reference: Reference;
  let top: Client;
  let users: { id: string; unitId: string; login: string }[];
  let unitIds: string[];
  const months = ["2026-03", "2026-05", "2026-11"];

  beforeAll(async () => {
    const db = context.handle.db;
    const { rootUnitId } = await createTestCompany(db);
    const parentOf = new Map<string, string | null>([[rootUnitId, null]]);
    unitIds = [rootUnitId];
    const regions = random.integer(1, 3);
    for (let region = 0; region < regions; region++) {
      const regionId = await createUnit(db, { parentId: rootUnitId, kind: "region", name: `Region ${region}` });
      parentOf.set(regionId, rootUnitId);
      unitIds.push(regionId);
      for (let department = 0; department < random.integer(1, 3); department++) {
        const departmentId = await createUnit(db, { parentId: regionId, name: `Dept ${region}.${department}` });
        parentOf.set(departmentId, regionId);
        unitIds.push(departmentId);
      }
    }
    const topUser = await createUser(db, { role: "top", unitId: rootUnitId, login: `top-${seed}` });
    top = await login(context.app, topUser.login);
    users = [];
    // The last unit stays empty.
    for (let index = 0; index < random.integer(6, 11); index++) {
      const unitId = unitIds[1 + (index % (unitIds.length - 2))]!;
      const user = await createUser(db, {
        unitId,
        login: `seller-${seed}-${index}`,
        role: index % 4 === 0 ? "head" : "manager",
      });
      users.push({ id: user.id, unitId, login: user.login });
    }
    await setUnitHead(db, unitIds[1]!, users[0]!.id);

    // Calendar: a random extra holiday and a transferred Saturday in each tested month.
    const holidays = new Set(
      (
        await rows<{ date: string }>(
          db,
          sql`select to_char(date, 'YYYY-MM-DD') as date from calendar_exceptions where kind = 'holiday'`,
        )
      ).map((row) => row.date),
    );
    const workdays = new Set(
      (
        await rows<{ date: string }>(
          db,
          sql`select to_char(date, 'YYYY-MM-DD') as date from calendar_exceptions where kind = 'workday'`,
        )
      ).map((row) => row.date),
    );
    const admin = await createUser(db, { role: "admin", unitId: rootUnitId, login: `admin-${seed}` });
    const adminClient = await login(context.app, admin.login);
    for (const month of months) {
      const day = `${month}-${String(random.integer(10, 20)).padStart(2, "0")}`;
      if (random.chance(0.7)) {
        await adminClient.request("PUT", `/api/v1/calendar/days/${day}`, { kind: "holiday", name: "Тест" });
        holidays.add(day);
        workdays.delete(day);
      }
      const saturday = daysBetween(`${month}-01`, lastDayOf(month)).find(
        (candidate) => new Date(`${candidate}T00:00:00Z`).getUTCDay() === 6,
      )!;
      if (random.chance(0.5)) {
        await adminClient.request("PUT", `/api/v1/calendar/days/${saturday}`, { kind: "workday" });
        workdays.add(saturday);
      }
    }

    const stages = await rows<Stage>(db, sql`select id, name, semantic from stages order by sort`);
    const types = (
      await rows<{ id: string; category: string; weight: string; norm: string | null; inTable: boolean }>(
        db,
        sql`select id, category, weight::text as weight, daily_norm::text as norm, in_weekly_table as "inTable" from activity_types order by sort`,
      )
    ).map((type) => ({ ...type, weight: Number(type.weight), norm: type.norm === null ? null : Number(type.norm) }));

    // Plans: some users none, some months 0.
    const plans = new Map<string, bigint>();
    for (const user of users) {
      for (const month of months) {
        if (random.chance(0.25)) continue;
        const amount = random.chance(0.15) ? 0 : random.integer(1, 50_000_000) / 100 + random.integer(0, 99) / 100;
        const rounded = Math.round(amount * 100) / 100;
        await db.execute(
          sql`insert into plans (user_id, month, amount) values (${user.id}, ${month}, ${rounded.toFixed(2)})`,
        );
        plans.set(`${user.id}:${month}`, tiyn(rounded));
      }
    }

    // Clients shared between owners, so "first won deal ever" crosses people.
    const clients: string[] = [];
    for (let index = 0; index < 12; index++) {
      const id = randomUUID();
      await db.execute(
        sql`insert into companies (id, name, owner_id) values (${id}, ${`Client ${index}`}, ${random.pick(users).id})`,
      );
      clients.push(id);
    }
    const deals: Deal[] = [];
    for (let index = 0; index < 160; index++) {
      const owner = random.pick(users);
      const stage = random.pick(stages);
      const month = random.pick([...months, "2026-01", "2026-12"]);
      const last = lastDayOf(month);
      // Around midnight in Almaty on the first and last day of the month, or anywhere inside it.
      const edge = random.pick([`${month}-01`, last, `${month}-15`]);
      const minutes = random.pick([-3, -1, 0, 1, 2, 600]);
      const closedAt = stage.semantic === "open" ? null : dayStart(edge) + minutes * 60_000;
      const amount = random.integer(0, 900_000_000) / 100;
      const deal: Deal = {
        id: randomUUID(),
        ownerId: owner.id,
        stageId: stage.id,
        amountTiyn: tiyn(amount),
        closedAt,
        client: random.chance(0.8) ? random.pick(clients) : null,
        deleted: random.chance(0.05),
      };
      const pipeline = (
        await rows<{ id: string }>(db, sql`select pipeline_id as id from stages where id = ${stage.id}`)
      )[0]!.id;
      await db.execute(
        sql`insert into deals (id, title, pipeline_id, stage_id, amount, owner_id, company_id, closed_at, deleted_at)
            values (${deal.id}, ${`Deal ${index}`}, ${pipeline}, ${stage.id}, ${amount.toFixed(2)}, ${owner.id}, ${deal.client},
                    ${closedAt === null ? null : new Date(closedAt)}, ${deal.deleted ? new Date() : null})`,
      );
      deals.push(deal);
    }
    // Some deals move between stages through the API, as a person would drag them.
    for (const deal of deals.filter((candidate) => !candidate.deleted).slice(0, 12)) {
      const target = random.pick(stages);
      const current = (await top.request("GET", `/api/v1/deals/${deal.id}`)).json();
      const moved = await top.request("PATCH", `/api/v1/deals/${deal.id}`, {
        stageId: target.id,
        version: current.version,
      });
      expect(moved.statusCode, moved.body).toBe(200);
      deal.stageId = target.id;
      deal.closedAt = moved.json().closedAt ? Date.parse(moved.json().closedAt) : null;
    }

    const activities: Activity[] = [];
    const activityRows: unknown[][] = [];
    for (let index = 0; index < 900; index++) {
      const owner = random.pick(users);
      const type = random.pick(types);
      const day = random.pick([
        ...daysBetween("2026-02-23", "2026-03-08"),
        ...daysBetween("2026-05-01", "2026-05-12"),
        ...daysBetween("2026-11-16", "2026-11-30"),
      ]);
      const dueAt = dayStart(day) + random.integer(0, 23) * HOUR + random.integer(0, 59) * 60_000;
      const completedAt = random.chance(0.6) ? dueAt + random.integer(-30, 30) * HOUR : null;
      const activity = { ownerId: owner.id, typeId: type.id, dueAt, completedAt, deleted: random.chance(0.03) };
      activities.push(activity);
      activityRows.push([type.id, dueAt, completedAt, owner.id, activity.deleted]);
    }
    for (const [typeId, dueAt, completedAt, ownerId, deleted] of activityRows as [
      string,
      number,
      number | null,
      string,
      boolean,
    ][]) {
      await db.execute(
        sql`insert into activities (type_id, subject, due_at, completed_at, owner_id, deleted_at)
            values (${typeId}, 'x', ${new Date(dueAt)}, ${completedAt === null ? null : new Date(completedAt)}, ${ownerId}, ${deleted ? new Date() : null})`,
      );
    }

    // Norms on a user and on a unit, through the API.
    const norms: { userId?: string; unitId?: string; typeId: string; norm: number }[] = [];
    const normed = types.filter((type) => type.norm !== null);
    const userNorm = { userId: users[1]!.id, typeId: normed[0]!.id, norm: 3 };
    const unitNorm = { unitId: unitIds[1]!, typeId: normed[1]!.id, norm: 0.5 };
    expect(
      (
        await top.request("PUT", "/api/v1/activity-norms", {
          typeId: userNorm.typeId,
          userId: userNorm.userId,
          dailyNorm: 3,
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await top.request("PUT", "/api/v1/activity-norms", {
          typeId: unitNorm.typeId,
          unitId: unitNorm.unitId,
          dailyNorm: 0.5,
        })
      ).statusCode,
    ).toBe(200);
    norms.push(userNorm, unitNorm);

    reference = new Reference(holidays, workdays, stages, types, deals, activities, plans, norms, parentOf);
  }, 120_000);

  const asOfDays = (month: string) => [
    "2026-02-10",
    `${month}-01`,
    `${month}-${String(random.integer(2, 27)).padStart(2, "0")}`,
    lastDayOf(month),
    "2026-12-15",
  ];

  it("every manager cabinet figure equals the reference", async () => {
    for (const user of users) {
      for (const month of months) {
        for (const date of asOfDays(month)) {
          const response = await top.request("GET", `/api/v1/cabinet/manager/${user.id}?month=${month}&date=${date}`);
          expect(response.statusCode, response.body).toBe(200);
          const got = response.json();
          const want = reference.manager(user, month, date);
          const label = `${user.login} ${month} as of ${date}`;
          expect(tiyn(got.plan), label).toBe(want.plan);
          expect(tiyn(got.planToDate), `${label} planToDate`).toBe(want.planToDate);
          expect(tiyn(got.actual), `${label} actual`).toBe(want.actual);
          expect(got.completion, `${label} completion`).toBe(want.completion);
          expect(tiyn(got.forecast), `${label} forecast`).toBe(want.forecast);
          expect(got.neededPerDay === null ? null : tiyn(got.neededPerDay), `${label} needed`).toBe(want.needed);
          expect(got.dealsInWork.count, `${label} deals in work`).toBe(want.dealsCount);
          expect(tiyn(got.dealsInWork.amount), `${label} deals in work amount`).toBe(want.dealsAmount);
          expect(got.clientGrowth, `${label} growth`).toBe(want.growth);
          if (want.coefficient === null) expect(got.activityCoefficient, `${label} coefficient`).toBeNull();
          else expect(got.activityCoefficient, `${label} coefficient`).toBeCloseTo(want.coefficient, 1);
          const stages = got.stages.map((stage: { stageId: string; count: number; amount: number }) => ({
            stageId: stage.stageId,
            count: stage.count,
            amount: tiyn(stage.amount),
          }));
          expect(stages, `${label} stages`).toEqual(want.stages);
        }
      }
    }
  });

  it("the weekly table counts each day's activities and the week's coefficient", async () => {
    const tableTypes = reference.types.filter((type) => type.inTable);
    for (const user of users) {
      for (const [week, monday] of [
        ["2026-W48", "2026-11-23"],
        ["2026-W10", "2026-03-02"],
      ] as const) {
        const asOf = random.pick(daysBetween(monday, "2026-11-30").slice(0, 9));
        const got = (
          await top.request("GET", `/api/v1/cabinet/manager/${user.id}/week?week=${week}&date=${asOf}`)
        ).json();
        const days = daysBetween(
          monday,
          new Date(Date.parse(`${monday}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10),
        );
        const mine = reference.activities.filter((activity) => !activity.deleted && activity.ownerId === user.id);
        const expectedDays = days.filter(
          (day, index) => index < 5 || mine.some((activity) => localDay(activity.dueAt) === day),
        );
        expect(got.days.map((day: { date: string }) => day.date)).toEqual(expectedDays);
        for (const day of got.days) {
          const ofDay = mine.filter((activity) => localDay(activity.dueAt) === day.date);
          for (const cell of day.cells) {
            const ofType = ofDay.filter((activity) => activity.typeId === cell.typeId);
            expect(cell.total).toBe(ofType.length);
            expect(cell.completed).toBe(ofType.filter((activity) => activity.completedAt !== null).length);
            expect(cell.overdue).toBe(
              ofType.filter((activity) => activity.completedAt === null && activity.dueAt < Date.now()).length,
            );
          }
          for (const group of day.groups) {
            const ofCategory = ofDay.filter(
              (activity) => tableTypes.find((type) => type.id === activity.typeId)?.category === group.category,
            );
            expect(group.plan).toBe(ofCategory.length);
            expect(group.fact).toBe(ofCategory.filter((activity) => activity.completedAt !== null).length);
          }
        }
        const coefficient = reference.coefficient(user, monday, days[6]!, asOf);
        if (coefficient === null) expect(got.activityCoefficient).toBeNull();
        else expect(got.activityCoefficient).toBeCloseTo(coefficient, 1);
      }
    }
  });

  it("unit roll-ups sum their people and compute completion from the sums", async () => {
    for (const month of months) {
      const date = `${month}-${String(random.integer(2, 27)).padStart(2, "0")}`;
      const root = (await top.request("GET", `/api/v1/cabinet/units/${unitIds[0]}?month=${month}&date=${date}`)).json();
      const check = (node: {
        unit: { id: string };
        totals: Record<string, unknown>;
        children: unknown[];
        users: { user: { id: string } }[];
      }) => {
        const below = (unitId: string): string[] => [
          unitId,
          ...unitIds.filter((id) => reference.parentOf.get(id) === unitId).flatMap(below),
        ];
        const members = users.filter(
          (user) => below(node.unit.id).includes(user.id) || below(node.unit.id).includes(user.unitId),
        );
        const figures = members.map((user) => reference.manager(user, month, date));
        const plan = figures.reduce((sum, figure) => sum + figure.plan, 0n);
        const actual = figures.reduce((sum, figure) => sum + figure.actual, 0n);
        const totals = node.totals as {
          plan: number;
          planToDate: number;
          actual: number;
          completion: number | null;
          dealsInWork: { count: number; amount: number };
        };
        expect(tiyn(totals.plan)).toBe(plan);
        // The unit's plan to date is its summed plan's, rounded once: a unit of one person with that plan.
        const asUnit = reference.planToDateOf(plan, month, date);
        expect(tiyn(totals.planToDate)).toBe(asUnit);
        expect(tiyn(totals.actual)).toBe(actual);
        expect(totals.completion).toBe(plan === 0n ? null : Number(roundDiv(actual * 10_000n, plan)) / 100);
        expect(totals.dealsInWork.count).toBe(figures.reduce((sum, figure) => sum + figure.dealsCount, 0));
        expect(tiyn(totals.dealsInWork.amount)).toBe(figures.reduce((sum, figure) => sum + figure.dealsAmount, 0n));
        for (const entry of node.users) {
          const user = users.find((candidate) => candidate.id === entry.user.id);
          if (user)
            expect((entry as unknown as { actual: number }).actual).toBe(
              Number(reference.manager(user, month, date).actual) / 100,
            );
        }
        for (const child of node.children) check(child as typeof node);
      };
      check(root);
    }
  });

  it("changing a day in the calendar changes the figures at once", async () => {
    const user = users.find((candidate) => (reference.plans.get(`${candidate.id}:2026-11`) ?? 0n) > 0n);
    if (!user) return;
    const before = (
      await top.request("GET", `/api/v1/cabinet/manager/${user.id}?month=2026-11&date=2026-11-20`)
    ).json();
    const adminLogin = `admin-${seed}`;
    const admin = await login(context.app, adminLogin);
    const day = "2026-11-19";
    const wasWorking = reference.working(day);
    await admin.request("PUT", `/api/v1/calendar/days/${day}`, { kind: wasWorking ? "holiday" : "workday" });
    const after = (await top.request("GET", `/api/v1/cabinet/manager/${user.id}?month=2026-11&date=2026-11-20`)).json();
    expect(after.planToDate).not.toBe(before.planToDate);
    await admin.request("PUT", `/api/v1/calendar/days/${day}`, { kind: null });
  });
});
