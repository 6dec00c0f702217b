import type { GroupRole, Role } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, rows } from "../../platform/db/database";
import { computeScope } from "../../platform/scope/access-scope";
import { createGroupOrThrow } from "../groups/group.service";
import { addGroupMemberOrThrow } from "../groups/group-member.service";
import { createTaskOrThrow } from "../tasks/task.service";
import { pickDemoLogins } from "./demo-organisation";

interface DemoPerson {
  id: string;
  login: string;
  name: string;
  role: Role;
  unitId: string;
  unitName: string;
}

const day = 24 * 60 * 60 * 1000;

/** A deadline `days` from now at 18:00 UTC+5, so the demo's tasks are due in the coming weeks. */
function deadlineIn(days: number): string {
  const date = new Date(Date.now() + days * day);
  date.setUTCHours(13, 0, 0, 0);
  return date.toISOString();
}

/**
 * Three groups of the demo company with members and a few tasks each, made through the same
 * services a person uses (so each has its chat and its audit): a closed tender project in Almaty,
 * an open company-wide circle and an open project in Shymkent.
 */
export async function seedDemoGroups(db: Database): Promise<{ groups: number; tasks: number }> {
  const people = await rows<DemoPerson>(
    db,
    sql`select u.id, u.login, u.name, u.role, u.unit_id as "unitId", un.name as "unitName"
        from users u join units un on un.id = u.unit_id order by u.created_at, u.login`,
  );
  const actorOf = async (person: DemoPerson): Promise<Actor> => ({
    user: { id: person.id, login: person.login, name: person.name, role: person.role, unitId: person.unitId },
    scope: await computeScope(db, person),
    via: "session",
  });
  const inCity = (city: string, role: Role) => people.filter((p) => p.unitName === city && p.role === role);
  const almatyHead = inCity("Алматы", "head")[0]!;
  // The manager the README names is a member; the tasks go to colleagues, so that person's own
  // lists («Делаю») stay as the other demo walk-throughs expect them.
  const readme = new Set(pickDemoLogins().map((user) => user.login));
  const almatyManagers = inCity("Алматы", "manager");
  const almaty = [
    ...almatyManagers.filter((p) => readme.has(p.login)),
    ...almatyManagers.filter((p) => !readme.has(p.login)),
  ];
  const shymkentHead = inCity("Шымкент", "head")[0]!;
  const shymkent = inCity("Шымкент", "manager");
  const commercialDirector = people.filter((p) => p.role === "top")[1]!;
  const firstOf = (city: string) => inCity(city, "manager")[0]!;

  const plans: {
    owner: DemoPerson;
    name: string;
    description: string;
    kind: "group" | "project";
    visibility: "open" | "closed";
    members: [DemoPerson, GroupRole][];
    tasks: { title: string; assignee: DemoPerson; days: number }[];
  }[] = [
    {
      owner: almatyHead,
      name: "Тендер АО «Казцинк»: сварочные посты",
      description: "Подготовка заявки на поставку 40 сварочных постов: спецификация, цены поставщиков, документы.",
      kind: "project",
      visibility: "closed",
      members: [
        [almaty[0]!, "moderator"],
        [almaty[1]!, "member"],
        [almaty[2]!, "member"],
      ],
      tasks: [
        { title: "Собрать спецификацию по техзаданию тендера", assignee: almaty[1]!, days: 3 },
        { title: "Запросить цены у двух поставщиков инверторов", assignee: almaty[2]!, days: 5 },
        { title: "Подготовить пакет учредительных документов", assignee: almaty[1]!, days: 9 },
      ],
    },
    {
      owner: commercialDirector,
      name: "Клуб продаж: обмен опытом",
      description: "Удачные сделки, возражения клиентов и скрипты — делимся тем, что работает в каждом филиале.",
      kind: "group",
      visibility: "open",
      members: [
        [almaty[0]!, "member"],
        [firstOf("Астана"), "member"],
        [firstOf("Караганда"), "member"],
        [firstOf("Атырау"), "member"],
        [firstOf("Павлодар"), "member"],
      ],
      tasks: [
        { title: "Описать кейс продажи полуавтоматов на металлобазу", assignee: firstOf("Астана"), days: 7 },
        { title: "Собрать ответы на возражение «дорого»", assignee: firstOf("Караганда"), days: 12 },
      ],
    },
    {
      owner: shymkentHead,
      name: "Открытие склада в Шымкенте",
      description: "Свой склад расходников в Шымкенте: помещение, первая закупка, логистика по югу.",
      kind: "project",
      visibility: "open",
      members: [
        [shymkent[0]!, "moderator"],
        [shymkent[1]!, "member"],
      ],
      tasks: [
        { title: "Подобрать помещение под склад", assignee: shymkent[0]!, days: 4 },
        { title: "Составить список первой закупки электродов и проволоки", assignee: shymkent[1]!, days: 10 },
      ],
    },
  ];

  let taskCount = 0;
  for (const plan of plans) {
    const owner = await actorOf(plan.owner);
    const group = await createGroupOrThrow(db, owner, {
      name: plan.name,
      description: plan.description,
      kind: plan.kind,
      visibility: plan.visibility,
      memberIds: plan.members.filter(([, role]) => role === "member").map(([person]) => person.id),
    });
    for (const [person, role] of plan.members) {
      if (role !== "member") await addGroupMemberOrThrow(db, owner, group.id, { userId: person.id, role });
    }
    // Each member puts their own work into the group, so the heads' «Поручил» stays as it was.
    for (const task of plan.tasks) {
      await createTaskOrThrow(db, await actorOf(task.assignee), {
        title: task.title,
        deadline: deadlineIn(task.days),
        groupId: group.id,
      });
      taskCount += 1;
    }
  }
  return { groups: plans.length, tasks: taskCount };
}
