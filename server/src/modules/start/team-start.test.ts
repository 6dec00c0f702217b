/**
 * The head's and the top's start pages on a built company: each list against a plain computation
 * from the inserted rows (plan to date from the production calendar's working days, actual from the
 * won deals, the hanging rule from the deals' and activities' times), the coefficient against the
 * head cabinet's roll-up; and whose lines each caller may see.
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { type CreatedUser, createAccessFixture, createUser } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { SeededRandom } from "../demo/random";
import { createDeal, createTemplate, runJobs, startInstance, templateBody } from "../workflows/workflow-test-kit";

type Fixture = Awaited<ReturnType<typeof createAccessFixture>>;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const almatyDay = (instant: number) => new Date(instant + 5 * HOUR).toISOString().slice(0, 10);
const almatyMidnight = (day: string) => Date.parse(`${day}T00:00:00+05:00`);
const tiyn = (amount: number) => BigInt(Math.round(amount * 100));
const tenge = (value: bigint) => Number(value) / 100;
/** a ÷ b rounded half away from zero (both positive here). */
const divide = (a: bigint, b: bigint) => (a * 2n + b) / (2n * b);

interface HangingCandidate {
  id: string;
  ownerId: string;
  open: boolean;
  deleted: boolean;
  idleSince: number;
  idleDays: number;
}
interface Person {
  user: CreatedUser;
  active: boolean;
}

describe("the heads' and the top's start pages", () => {
  const context = useTestApp({ workflowWorker: false });
  let fixture: Fixture;
  const clients = {} as Record<"managerA1" | "headA" | "headB" | "regionHead" | "top" | "admin", Client>;
  const now = Date.now();
  const today = almatyDay(now);
  const month = today.slice(0, 7);
  const monthStartInstant = almatyMidnight(`${month}-01`);
  let people: Person[];
  const plans = new Map<string, bigint>();
  const actuals = new Map<string, bigint>();
  const hanging: HangingCandidate[] = [];
  const planned = new Set<string>();
  const stalledByOwner = new Map<string, string>();
  /** W(month start..today) and W(month). */
  let worked = 0;
  let monthDays = 0;

  const db = () => context.handle.db;
  const planToDate = (plan: bigint) => divide(plan * BigInt(worked), BigInt(monthDays));
  const lagOf = (plan: bigint, actual: bigint) => {
    const target = planToDate(plan);
    return target > actual ? target - actual : 0n;
  };
  const idsOf = (list: { user: { id: string } }[]) => list.map((entry) => entry.user.id);
  const byLag = (ids: string[], name: (id: string) => string) =>
    ids
      .map((id) => ({ id, lag: lagOf(plans.get(id) ?? 0n, actuals.get(id) ?? 0n) }))
      .filter((entry) => entry.lag > 0n)
      .sort(
        (left, right) =>
          (right.lag > left.lag ? 1 : right.lag < left.lag ? -1 : 0) ||
          name(left.id).localeCompare(name(right.id), "ru") ||
          (left.id < right.id ? -1 : 1),
      );
  const nameOf = (id: string) => `Test ${people.find((person) => person.user.id === id)!.user.login}`;
  const hangingOf = (owners: Set<string>, days: number) =>
    hanging
      .filter((deal) => deal.open && !deal.deleted && owners.has(deal.ownerId) && deal.idleSince < now - days * DAY)
      .sort((left, right) => left.idleSince - right.idleSince || (left.id < right.id ? -1 : 1));

  beforeAll(async () => {
    fixture = await createAccessFixture(db());
    const formerA3 = await createUser(db(), { unitId: fixture.departmentA, login: "manager-a3", active: false });
    const quietA4 = await createUser(db(), { unitId: fixture.departmentA, login: "manager-a4" });
    people = [
      fixture.managerA1,
      fixture.managerA2,
      formerA3,
      quietA4,
      fixture.headA,
      fixture.managerB1,
      fixture.headB,
      fixture.regionHead,
      fixture.top,
      fixture.admin,
    ].map((user) => ({ user, active: user !== formerA3 }));
    [clients.managerA1, clients.headA, clients.headB, clients.regionHead, clients.top, clients.admin] = await loginEach(
      context.app,
      ["manager-a1", "head-a", "head-b", "region-head", "top-user", "admin-user"],
    );

    const calendar = (await clients.top.request("GET", `/api/v1/calendar?year=${month.slice(0, 4)}`)).json() as {
      days: { date: string; working: boolean }[];
    };
    const ofMonth = calendar.days.filter((day) => day.date.startsWith(month));
    monthDays = ofMonth.filter((day) => day.working).length;
    worked = ofMonth.filter((day) => day.working && day.date <= today).length;

    const random = new SeededRandom(4111);
    const stages = await rows<{ id: string; semantic: string; pipelineId: string }>(
      db(),
      sql`select s.id, s.semantic, s.pipeline_id as "pipelineId" from stages s join pipelines p on p.id = s.pipeline_id
          where p.is_default order by s.sort`,
    );
    const won = stages.find((stage) => stage.semantic === "won")!;
    const lost = stages.find((stage) => stage.semantic === "lost")!;
    const open = stages.filter((stage) => stage.semantic === "open");
    const insertDeal = async (deal: {
      ownerId: string;
      stageId: string;
      amount: bigint;
      createdAt: number;
      stageChangedAt?: number;
      closedAt?: number | null;
      deleted?: boolean;
    }) => {
      const [row] = await rows<{ id: string }>(
        db(),
        sql`insert into deals (title, pipeline_id, stage_id, amount, owner_id, created_at, stage_changed_at, closed_at, deleted_at)
            values ('Сделка', ${won.pipelineId}, ${deal.stageId}, ${tenge(deal.amount).toFixed(2)}, ${deal.ownerId},
                    ${new Date(deal.createdAt)}, ${new Date(deal.stageChangedAt ?? deal.createdAt)},
                    ${deal.closedAt ? new Date(deal.closedAt) : null}, ${deal.deleted ? new Date() : null})
            returning id`,
      );
      return row!.id;
    };

    // Plans and won deals of the month (some closed last month, some deleted: neither counts).
    for (const { user } of people) {
      if (user.login === "manager-a4" || user.role === "admin") continue;
      const plan = tiyn(random.integer(1_000_000, 20_000_000) + random.integer(0, 99) / 100);
      plans.set(user.id, plan);
      await db().execute(
        sql`insert into plans (user_id, month, amount) values (${user.id}, ${month}, ${tenge(plan).toFixed(2)})`,
      );
      for (let index = random.integer(0, 4); index > 0; index--) {
        const amount = tiyn(random.integer(10_000, 4_000_000) + random.integer(0, 99) / 100);
        const placement = random.pick(["month", "month", "month", "before", "deleted"] as const);
        const closedAt =
          placement === "before"
            ? monthStartInstant - random.integer(1, 20) * HOUR
            : monthStartInstant + Math.floor(random.next() * (now - monthStartInstant));
        await insertDeal({
          ownerId: user.id,
          stageId: won.id,
          amount,
          createdAt: closedAt,
          closedAt,
          deleted: placement === "deleted",
        });
        if (placement === "month") actuals.set(user.id, (actuals.get(user.id) ?? 0n) + amount);
      }
    }

    // Activity of the month: A1 does far more than every norm asks (120 %), the others little or nothing.
    const normed = await rows<{ id: string }>(db(), sql`select id from activity_types where daily_norm > 0`);
    for (const type of normed) {
      await db().execute(
        sql`insert into activities (type_id, subject, due_at, completed_at, owner_id)
            select ${type.id}, 'Звонок', now() - interval '1 minute', now() - interval '1 minute', ${fixture.managerA1.id}
            from generate_series(1, 300)`,
      );
    }
    await db().execute(
      sql`insert into activities (type_id, subject, due_at, completed_at, owner_id)
          values (${normed[0]!.id}, 'Звонок', now() - interval '1 minute', now() - interval '1 minute', ${fixture.managerB1.id})`,
    );

    // Open deals idle for whole days (an hour more, so a second of drift cannot tip the rule), some
    // moved or touched since; lost and deleted ones never hang.
    const typeId = normed[0]!.id;
    const ago = (days: number) => now - days * DAY - HOUR;
    const dayChoices = [45, 30, 21, 15, 14, 13, 8, 2];
    for (let index = 0; index < 40; index++) {
      const owner = random.pick(people).user;
      const created = random.pick(dayChoices);
      const moved = random.chance(0.3) ? random.pick(dayChoices.filter((days) => days <= created)) : created;
      const kind = random.pick(["open", "open", "open", "open", "lost", "deleted"] as const);
      const stageId = kind === "lost" ? lost.id : random.pick(open).id;
      const id = await insertDeal({
        ownerId: owner.id,
        stageId,
        amount: tiyn(random.integer(1, 900_000)),
        createdAt: ago(created),
        stageChangedAt: ago(moved),
        closedAt: kind === "lost" ? ago(moved) : null,
        deleted: kind === "deleted",
      });
      let touched = Math.max(ago(created), ago(moved));
      for (let count = random.integer(0, 2); count > 0; count--) {
        const when = ago(random.pick(dayChoices.filter((days) => days <= created)));
        const completed = random.chance(0.5);
        const deletedActivity = random.chance(0.15);
        await db().execute(
          sql`insert into activities (type_id, subject, due_at, completed_at, created_at, owner_id, deal_id, deleted_at)
              values (${typeId}, 'По сделке', ${new Date(when)}, ${completed ? new Date(when) : null},
                      ${new Date(completed ? ago(created) : when)}, ${owner.id}, ${id}, ${deletedActivity ? new Date() : null})`,
        );
        if (!deletedActivity) touched = Math.max(touched, when);
      }
      hanging.push({
        id,
        ownerId: owner.id,
        open: kind !== "lost",
        deleted: kind === "deleted",
        idleSince: touched,
        idleDays: Math.floor((now - touched) / DAY),
      });
    }

    // Next week: A1 and B's head plan calls; A2 only a letter (outside the weekly table); B1's call is deleted.
    const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
    const nextWednesday = almatyMidnight(today) + (7 - weekday + 2) * DAY + 10 * HOUR;
    const letter = await rows<{ id: string }>(
      db(),
      sql`select id from activity_types where not in_weekly_table limit 1`,
    );
    const weekly = await rows<{ id: string }>(db(), sql`select id from activity_types where in_weekly_table limit 1`);
    for (const [user, type, deleted] of [
      [fixture.managerA1, weekly[0]!.id, false],
      [fixture.headB, weekly[0]!.id, false],
      [fixture.managerA2, letter[0]!.id, false],
      [fixture.managerB1, weekly[0]!.id, true],
      [formerA3, weekly[0]!.id, false],
    ] as const) {
      await db().execute(
        sql`insert into activities (type_id, subject, due_at, owner_id, deleted_at)
            values (${type}, 'План', ${new Date(nextWednesday)}, ${user.id}, ${deleted ? new Date() : null})`,
      );
      if (!deleted && type === weekly[0]!.id) planned.add(user.id);
    }

    // Approvals waiting on deals of A1, A2 and B1; A1's and B1's past their stall limit.
    const template = await createTemplate(
      clients.admin,
      templateBody({
        name: "Согласование скидки",
        startStepId: "approve",
        steps: [
          {
            id: "approve",
            name: "Согласование",
            type: "approval",
            approver: { kind: "owner_head" },
            title: "Согласуйте скидку",
            onApproved: null,
            onRejected: null,
          },
        ],
      }),
    );
    const [managerA2, managerB1] = await loginEach(context.app, ["manager-a2", "manager-b1"]);
    for (const [client, owner, stalled] of [
      [clients.managerA1, fixture.managerA1, true],
      [managerA2, fixture.managerA2, false],
      [managerB1, fixture.managerB1, true],
    ] as const) {
      const deal = await createDeal(client, { title: "Скидка" });
      const instance = await startInstance(client, template.id, deal.id);
      await runJobs(db());
      if (!stalled) continue;
      await db().execute(
        sql`update workflow_instances set step_started_at = now() - make_interval(hours => stall_hours + 1)
            where id = ${instance.id}`,
      );
      stalledByOwner.set(owner.id, instance.id);
    }
  }, 120_000);

  const departmentA = () =>
    people.filter((person) => person.user.unitId === fixture.departmentA).map((person) => person.user.id);
  const shownTo = (caller: CreatedUser, ids: string[]) =>
    ids.filter((id) => id !== caller.id && people.find((person) => person.user.id === id)!.active);

  it("shows a head who lags the plan to date, by the gap, with the roll-up's figures", async () => {
    const response = await clients.headA.request("GET", `/api/v1/start/units/${fixture.departmentA}/people`);
    expect(response.statusCode, response.body).toBe(200);
    const start = response.json();
    const expected = byLag(shownTo(fixture.headA, departmentA()), nameOf);
    expect(
      start.lagging.items.map((entry: { user: { id: string }; lag: number }) => ({
        id: entry.user.id,
        lag: entry.lag,
      })),
    ).toEqual(expected.map((entry) => ({ id: entry.id, lag: tenge(entry.lag) })));
    expect(start.lagging.total).toBe(expected.length);
    if (worked > 0) expect(expected.length).toBeGreaterThan(0);

    // Each line carries the head cabinet's figures for the person, and the unit's totals are its totals.
    const rollup = (await clients.headA.request("GET", `/api/v1/cabinet/units/${fixture.departmentA}`)).json();
    for (const entry of start.lagging.items) {
      const row = rollup.users.find((user: { user: { id: string } }) => user.user.id === entry.user.id);
      expect({ planToDate: entry.planToDate, actual: entry.actual, plan: entry.plan }).toEqual({
        planToDate: row.planToDate,
        actual: row.actual,
        plan: row.plan,
      });
      expect(entry.planToDate).toBe(tenge(planToDate(plans.get(entry.user.id) ?? 0n)));
      expect(entry.actual).toBe(tenge(actuals.get(entry.user.id) ?? 0n));
    }
    const unitPlan = departmentA().reduce((sum, id) => sum + (plans.get(id) ?? 0n), 0n);
    const unitActual = departmentA().reduce((sum, id) => sum + (actuals.get(id) ?? 0n), 0n);
    expect(start.totals).toMatchObject({
      plan: tenge(unitPlan),
      planToDate: rollup.totals.planToDate,
      actual: tenge(unitActual),
      lag: tenge(lagOf(unitPlan, unitActual)),
      activityCoefficient: rollup.totals.activityCoefficient,
    });
    expect(start.totals.planToDate).toBe(tenge(planToDate(unitPlan)));

    // Low activity: the roll-up's coefficients under 80 %, the lowest first; A1 (120 %) is not there.
    const shown = new Set(shownTo(fixture.headA, departmentA()));
    const low = (rollup.users as { user: { id: string; name: string }; activityCoefficient: number | null }[])
      .filter((row) => shown.has(row.user.id) && row.activityCoefficient !== null && row.activityCoefficient < 80)
      .sort(
        (left, right) =>
          left.activityCoefficient! - right.activityCoefficient! ||
          left.user.name.localeCompare(right.user.name, "ru") ||
          (left.user.id < right.user.id ? -1 : 1),
      )
      .map((row) => ({ id: row.user.id, activityCoefficient: row.activityCoefficient }));
    expect(
      start.lowActivity.items.map((entry: { user: { id: string }; activityCoefficient: number }) => ({
        id: entry.user.id,
        activityCoefficient: entry.activityCoefficient,
      })),
    ).toEqual(low);
    expect(start.lowActivity.threshold).toBe(80);
    if (worked > 0) {
      expect(idsOf(start.lowActivity.items)).toContain(fixture.managerA2.id);
      expect(idsOf(start.lowActivity.items)).not.toContain(fixture.managerA1.id);
    }
  });

  it("lists hanging deals, stalled workflows and who has not planned next week, each for the unit only", async () => {
    const start = (await clients.headA.request("GET", `/api/v1/start/units/${fixture.departmentA}/people`)).json();
    const owners = new Set(departmentA());
    const expected = hangingOf(owners, 14);
    expect(expected.length).toBeGreaterThan(0);
    expect(start.hangingDeals.days).toBe(14);
    expect(start.hangingDeals.total).toBe(expected.length);
    expect(
      start.hangingDeals.items.map((deal: { id: string; idleDays: number; owner: { id: string } }) => ({
        id: deal.id,
        idleDays: deal.idleDays,
        ownerId: deal.owner.id,
      })),
    ).toEqual(expected.map((deal) => ({ id: deal.id, idleDays: deal.idleDays, ownerId: deal.ownerId })));

    expect(start.stalledWorkflows.total).toBe(1);
    expect(start.stalledWorkflows.items.map((instance: { id: string }) => instance.id)).toEqual([
      stalledByOwner.get(fixture.managerA1.id),
    ]);
    expect(start.stalledWorkflows.items[0]).toMatchObject({ stalled: true, owner: { id: fixture.managerA1.id } });

    const unplanned = shownTo(fixture.headA, departmentA())
      .filter((id) => !planned.has(id))
      .sort((left, right) => nameOf(left).localeCompare(nameOf(right), "ru"));
    expect(start.unplannedWeek.items.map((user: { id: string }) => user.id)).toEqual(unplanned);
    expect(unplanned).toContain(fixture.managerA2.id);
    expect(unplanned).not.toContain(fixture.managerA1.id);
  });

  it("gives the top the regions and a region's head their departments, a level up", async () => {
    for (const [client, caller, unitId] of [
      [clients.top, fixture.top, fixture.rootUnitId],
      [clients.regionHead, fixture.regionHead, fixture.regionId],
    ] as const) {
      const response = await client.request("GET", `/api/v1/start/units/${unitId}/regions`);
      expect(response.statusCode, response.body).toBe(200);
      const start = response.json();
      const units = await rows<{ id: string; name: string }>(
        db(),
        sql`select id, name from units where parent_id = ${unitId} and deleted_at is null`,
      );
      const expected = units.map((unit) => {
        // Department A and B have no units below; the region holds both.
        const inUnit = (person: Person) =>
          person.user.unitId === unit.id ||
          (unit.id === fixture.regionId && [fixture.departmentA, fixture.departmentB].includes(person.user.unitId));
        const members = people.filter(inUnit);
        const ids = members.map((person) => person.user.id);
        const plan = ids.reduce((sum, id) => sum + (plans.get(id) ?? 0n), 0n);
        const actual = ids.reduce((sum, id) => sum + (actuals.get(id) ?? 0n), 0n);
        return {
          id: unit.id,
          name: unit.name,
          plan: tenge(plan),
          planToDate: tenge(planToDate(plan)),
          actual: tenge(actual),
          lag: tenge(lagOf(plan, actual)),
          hangingDeals: hangingOf(new Set(ids), 14).length,
          stalledWorkflows: ids.filter((id) => stalledByOwner.has(id)).length,
          unplannedPeople: shownTo(caller, ids).filter((id) => !planned.has(id)).length,
        };
      });
      expected.sort((left, right) => right.lag - left.lag || left.name.localeCompare(right.name, "ru"));
      expect(
        start.regions.map((region: { unit: { id: string; name: string } } & Record<string, number>) => ({
          id: region.unit.id,
          name: region.unit.name,
          plan: region.plan,
          planToDate: region.planToDate,
          actual: region.actual,
          lag: region.lag,
          hangingDeals: region.hangingDeals,
          stalledWorkflows: region.stalledWorkflows,
          unplannedPeople: region.unplannedPeople,
        })),
      ).toEqual(expected);
      // The coefficient is the roll-up's mean for the unit.
      const rollup = (await client.request("GET", `/api/v1/cabinet/units/${unitId}`)).json();
      for (const region of start.regions) {
        const child = rollup.children.find((node: { unit: { id: string } }) => node.unit.id === region.unit.id);
        expect(region.activityCoefficient).toBe(child.totals.activityCoefficient);
      }
    }
  });

  it("answers 404 for a unit out of reach and never shows another unit's people", async () => {
    const status = async (client: Client, unitId: string, view: "people" | "regions") =>
      (await client.request("GET", `/api/v1/start/units/${unitId}/${view}`)).statusCode;
    for (const view of ["people", "regions"] as const) {
      expect(await status(clients.managerA1, fixture.departmentA, view)).toBe(404);
      expect(await status(clients.headB, fixture.departmentA, view)).toBe(404);
      expect(await status(clients.headA, fixture.regionId, view)).toBe(404);
      expect(await status(clients.headA, fixture.rootUnitId, view)).toBe(404);
      expect(await status(clients.headA, fixture.departmentB, view)).toBe(404);
      expect(await status(clients.top, "00000000-0000-4000-8000-000000000000", view)).toBe(404);
      expect(await status(clients.regionHead, fixture.departmentA, view)).toBe(200);
    }
    const start = (await clients.headB.request("GET", `/api/v1/start/units/${fixture.departmentB}/people`)).json();
    const departmentB = new Set(
      people.filter((person) => person.user.unitId === fixture.departmentB).map((p) => p.user.id),
    );
    const seen = [
      ...idsOf(start.lagging.items),
      ...idsOf(start.lowActivity.items),
      ...start.unplannedWeek.items.map((user: { id: string }) => user.id),
      ...start.hangingDeals.items.map((deal: { owner: { id: string } }) => deal.owner.id),
      ...start.stalledWorkflows.items.map((instance: { owner: { id: string } }) => instance.owner.id),
    ];
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((id) => !departmentB.has(id))).toEqual([]);
    expect(start.stalledWorkflows.items.map((instance: { id: string }) => instance.id)).toEqual([
      stalledByOwner.get(fixture.managerB1.id),
    ]);
  });

  it("takes N of the hanging rule from the company's settings, which only an admin changes, within 1..365", async () => {
    const settings = (await clients.admin.request("GET", "/api/v1/settings")).json();
    expect(settings.hangingDealDays).toBe(14);
    const patch = (client: Client, hangingDealDays: unknown, version = settings.version) =>
      client.request("PATCH", "/api/v1/settings", { hangingDealDays, version });
    expect((await patch(clients.top, 20)).statusCode).toBe(403);
    for (const wrong of [0, 366, 2.5, "14", null]) {
      const response = await patch(clients.admin, wrong);
      expect(response.statusCode, `${wrong}`).toBe(400);
      expect(response.json().errors[0].path).toBe("body.hangingDealDays");
    }
    expect((await clients.admin.request("GET", "/api/v1/settings")).json()).toMatchObject({
      hangingDealDays: 14,
      version: settings.version,
    });
    const saved = await patch(clients.admin, 21);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().hangingDealDays).toBe(21);
    const [audit] = await rows<{ changes: unknown }>(
      db(),
      sql`select changes from audit_log where entity = 'settings' order by at desc, id desc limit 1`,
    );
    expect(audit!.changes).toEqual([{ field: "hangingDealDays", old: 14, new: 21 }]);

    const start = (await clients.headA.request("GET", `/api/v1/start/units/${fixture.departmentA}/people`)).json();
    const expected = hangingOf(new Set(departmentA()), 21);
    expect(start.hangingDeals.days).toBe(21);
    expect(start.hangingDeals.items.map((deal: { id: string }) => deal.id)).toEqual(expected.map((deal) => deal.id));
    expect(expected.length).toBeLessThan(hangingOf(new Set(departmentA()), 14).length);
  });
});
