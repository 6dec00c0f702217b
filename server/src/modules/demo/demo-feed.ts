import type { Role } from "@planerka/common";
import { sql } from "drizzle-orm";
import { type Database, rows } from "../../platform/db/database";
import { computeScope } from "../../platform/scope/access-scope";
import { createPostOrThrow } from "../feed/feed.service";
import { announceDealsWon } from "../feed/feed-events";

interface DemoPerson {
  id: string;
  login: string;
  name: string;
  role: Role;
  unitId: string;
  unitName: string;
}

/**
 * The demo's feed, written through the same service a person uses: the director's pinned
 * announcement to the whole company and the Almaty head's note to his office, with a poll.
 */
export async function seedDemoFeed(db: Database): Promise<number> {
  const people = await rows<DemoPerson>(
    db,
    sql`select u.id, u.login, u.name, u.role, u.unit_id as "unitId", un.name as "unitName"
        from users u join units un on un.id = u.unit_id order by u.created_at, u.login`,
  );
  const actorOf = async (person: DemoPerson) => ({
    user: { id: person.id, login: person.login, name: person.name, role: person.role, unitId: person.unitId },
    scope: await computeScope(db, person),
    via: "session" as const,
  });
  const director = people.find((person) => person.role === "top");
  const almatyHead = people.find((person) => person.unitName === "Алматы" && person.role === "head");
  let count = 0;
  if (director) {
    await createPostOrThrow(db, await actorOf(director), {
      body:
        "<p>Коллеги, добро пожаловать в Планёрку!</p><p>Здесь каждый день видно, где мы по плану: " +
        "<strong>Мой кабинет</strong> — ваши цифры и неделя, у руководителей — сводка по подразделениям. " +
        "Планируйте дела на неделю вперёд и отмечайте выполненные — коэффициент активности считается сам.</p>",
      audience: { company: true, unitIds: [], groupIds: [], userIds: [] },
      important: false,
      pinned: true,
    });
    count += 1;
  }
  if (almatyHead) {
    await createPostOrThrow(db, await actorOf(almatyHead), {
      body:
        "<p>Алматы, итоги недели: по инверторам идём с опережением, по полуавтоматам отстаём. " +
        "До пятницы прошу закрыть открытые КП старше двух недель.</p>",
      audience: { company: false, unitIds: [almatyHead.unitId], groupIds: [], userIds: [] },
      important: false,
      pinned: false,
      poll: {
        question: "Когда разбираем открытые КП?",
        options: ["В среду после планёрки", "В четверг утром", "В пятницу до обеда"],
        multiple: false,
      },
    });
    count += 1;
  }
  return count;
}

/**
 * After the CRM's year: its latest wins, announced as the CRM announces a deal moved to «Успешно»
 * (one per office, the eight most recent), each post dated at its win.
 */
export async function seedDemoFeedEvents(db: Database): Promise<number> {
  const latest = await rows<{ id: string }>(
    db,
    sql`select id from (
          select distinct on (u.unit_id) d.id, d.closed_at
          from deals d join stages s on s.id = d.stage_id join users u on u.id = d.owner_id
          where s.semantic = 'won' and d.deleted_at is null and d.closed_at <= now()
          order by u.unit_id, d.closed_at desc) wins
        order by closed_at desc limit 8`,
  );
  return db.transaction(async (tx) => {
    const posted = await announceDealsWon(
      tx,
      latest.map((deal) => deal.id),
    );
    await tx.execute(
      sql`update feed_posts p set created_at = d.closed_at from deals d
          where d.id = p.deal_id and p.kind = 'deal_won'`,
    );
    return posted.length;
  });
}
