import type { Role } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, rows } from "../../platform/db/database";
import { computeScope } from "../../platform/scope/access-scope";
import { createTaskOrThrow } from "../tasks/task.service";
import { changeTaskStatusOrThrow } from "../tasks/task-status.service";
import { startInstanceOrThrow } from "../workflows/workflow-instance.service";
import { createTemplateOrThrow } from "../workflows/workflow-template.service";
import { runDueWorkflowJobs } from "../workflows/workflow-worker";
import { SeededRandom } from "./random";

interface Person {
  id: string;
  login: string;
  name: string;
  role: Role;
  unitId: string;
  /** Who sets this person's work: the head of their unit, or of the unit above when they head it themselves. */
  headId: string | null;
}

const hour = 60 * 60 * 1000;
const day = 24 * hour;

/** Work a head gives a sales person, from the day-to-day of a welding-equipment distributor. */
const assignments = [
  "Подготовить КП по сварочным инверторам для постоянного клиента",
  "Собрать дебиторку по клиентам с отсрочкой платежа",
  "Обзвонить клиентов, не покупавших расходники три месяца",
  "Согласовать с клиентом график поставки электродов",
  "Обновить контакты снабженцев в карточках компаний",
  "Провести демонстрацию полуавтомата на объекте клиента",
  "Подготовить отчёт по конкурентам в своём городе",
  "Выставить счёт и проконтролировать оплату по сделке",
  "Разобрать подвисшие сделки старше месяца",
  "Запросить у склада сроки поставки плазменного резака",
];

/** A deadline `days` from `now` at 18:00 Almaty time (UTC+5). */
function deadlineIn(now: Date, days: number): string {
  const date = new Date(now.getTime() + days * day);
  date.setUTCHours(13, 0, 0, 0);
  return date.toISOString();
}

async function loadPeople(db: Database): Promise<Person[]> {
  return rows<Person>(
    db,
    sql`select u.id, u.login, u.name, u.role, u.unit_id as "unitId",
          (select un.head_user_id from units un
             where un.id in (u.unit_id, (select parent_id from units where id = u.unit_id))
               and un.head_user_id is not null and un.head_user_id <> u.id
             order by un.id = u.unit_id desc limit 1) as "headId"
        from users u join units un on un.id = u.unit_id
        where u.active and u.role in ('manager', 'head') and un.kind = 'city'
        order by u.login`,
  );
}

/**
 * The work around the CRM data, made through the services a person uses (audit, notifications):
 * every sales person has tasks from their head — some overdue, some due this week, some done — and
 * a few large deals run an approval workflow, one of them stalled, so the head cabinet's drill-downs
 * show what a real team's would.
 */
export async function seedDemoWork(db: Database): Promise<{ tasks: number; workflows: number }> {
  const random = new SeededRandom(2026_12);
  const now = new Date();
  const people = await loadPeople(db);
  const byId = new Map(people.map((person) => [person.id, person]));
  const actors = new Map<string, Actor>();
  const actorOf = async (id: string): Promise<Actor> => {
    const cached = actors.get(id);
    if (cached) return cached;
    const [user] = await rows<Actor["user"]>(
      db,
      sql`select id, login, name, role, unit_id as "unitId" from users where id = ${id}`,
    );
    const actor: Actor = { user: user!, scope: await computeScope(db, user!), via: "session" };
    actors.set(id, actor);
    return actor;
  };
  const openDeals = await rows<{ id: string; ownerId: string; title: string; amount: string }>(
    db,
    sql`select d.id, d.owner_id as "ownerId", d.title, d.amount from deals d join stages s on s.id = d.stage_id
        where s.semantic = 'open' and d.deleted_at is null order by d.amount desc, d.id`,
  );
  const dealsOf = new Map<string, typeof openDeals>();
  for (const deal of openDeals) dealsOf.set(deal.ownerId, [...(dealsOf.get(deal.ownerId) ?? []), deal]);

  let tasks = 0;
  for (const person of people) {
    if (!person.headId) continue;
    const head = await actorOf(person.headId);
    const own = await actorOf(person.id);
    const deals = dealsOf.get(person.id) ?? [];
    // Lazier people (the demo's activity volumes follow the same habits) let more work slip.
    const plan = [
      { days: -random.integer(1, 6), done: false },
      { days: random.integer(0, 4), done: false },
      { days: random.integer(5, 14), done: false },
      { days: -random.integer(2, 9), done: true },
    ];
    if (random.next() < 0.5) plan.push({ days: -random.integer(7, 20), done: random.next() < 0.6 });
    for (const [index, item] of plan.entries()) {
      const deal = index % 2 === 0 && deals.length > 0 ? random.pick(deals) : null;
      const created = await createTaskOrThrow(db, head, {
        title: random.pick(assignments),
        deadline: deadlineIn(now, item.days),
        assigneeId: person.id,
        priority: index === 0 ? "high" : "normal",
        ...(deal ? { entityType: "deal" as const, entityId: deal.id } : {}),
      });
      tasks += 1;
      const createdAt = new Date(Math.min(now.getTime(), Date.parse(created.deadline!) - random.integer(2, 10) * day));
      if (item.done) {
        await changeTaskStatusOrThrow(db, own, created.id, { version: created.version, action: "complete" });
      }
      // The history happened over the past days, not in the second the demo was made.
      await db.execute(
        sql`update tasks set created_at = ${createdAt}, updated_at = ${createdAt},
              completed_at = case when completed_at is null then null
                else least(now(), ${createdAt}::timestamptz + ${random.integer(1, 72)} * interval '1 hour') end
            where id = ${created.id}`,
      );
    }
  }

  const workflows = await seedDemoWorkflows(db, {
    people,
    byId,
    actorOf,
    dealsOf,
    random,
  });
  return { tasks, workflows };
}

async function seedDemoWorkflows(
  db: Database,
  context: {
    people: Person[];
    byId: Map<string, Person>;
    actorOf: (id: string) => Promise<Actor>;
    dealsOf: Map<string, { id: string; ownerId: string; title: string; amount: string }[]>;
    random: SeededRandom;
  },
): Promise<number> {
  const [admin] = await rows<{ id: string }>(db, sql`select id from users where role = 'admin' order by login limit 1`);
  if (!admin) return 0;
  const template = await createTemplateOrThrow(db, await context.actorOf(admin.id), {
    name: "Крупная сделка: КП и согласование",
    description:
      "Ответственный готовит коммерческое предложение, руководитель его согласует; о решении узнаёт ответственный.",
    entity: "deal",
    trigger: "manual",
    triggerStageId: null,
    active: true,
    definition: {
      startStepId: "prepare",
      steps: [
        {
          id: "prepare",
          name: "Подготовить КП",
          type: "task",
          title: "Подготовить коммерческое предложение",
          description: "Спецификация, цены, сроки поставки и условия оплаты.",
          assignee: { kind: "owner" },
          deadlineHours: 48,
          waitForCompletion: true,
          stallHours: 72,
          next: "approve",
        },
        {
          id: "approve",
          name: "Согласование руководителем",
          type: "approval",
          approver: { kind: "owner_head" },
          title: "Согласуйте коммерческое предложение по крупной сделке",
          stallHours: 24,
          onApproved: "tell_owner",
          onRejected: "tell_owner",
        },
        {
          id: "tell_owner",
          name: "Сообщить ответственному",
          type: "notify",
          recipient: { kind: "owner" },
          message: "Руководитель рассмотрел коммерческое предложение",
          next: null,
        },
      ],
    },
  });
  // The largest open deal of the first managers of a few offices, each started by its owner.
  const starters = context.people.filter((person) => person.role === "manager" && context.dealsOf.has(person.id));
  const chosen = starters.filter((_, index) => index % 9 === 0).slice(0, 8);
  const started: string[] = [];
  for (const person of chosen) {
    const deal = context.dealsOf.get(person.id)![0]!;
    const instance = await startInstanceOrThrow(db, await context.actorOf(person.id), {
      templateId: template.id,
      entityId: deal.id,
    });
    started.push(instance.id);
  }
  await runDueWorkflowJobs(db);
  // One has waited on its first step for four days: the head cabinet flags it as stalled.
  const stalled = started[0];
  if (stalled) {
    const since = new Date(Date.now() - 4 * day);
    await db.execute(
      sql`update workflow_instances set created_at = ${since}, step_started_at = ${since} where id = ${stalled}`,
    );
    await db.execute(sql`update workflow_step_runs set started_at = ${since} where instance_id = ${stalled}`);
    await db.execute(
      sql`update tasks set created_at = ${since}, updated_at = ${since}, deadline = ${new Date(since.getTime() + 2 * day)}
          where workflow_instance_id = ${stalled}`,
    );
  }
  return started.length;
}
