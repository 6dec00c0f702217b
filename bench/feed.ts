/**
 * Bench part `feed` (issue #21), on a fresh embedded database (or DATABASE_URL) with the demo
 * organisation (100 people in 20 units, its groups; no CRM year, so it builds in seconds) and
 * BENCH_FEED_POSTS posts (10,000 by default) over a year, written straight into the tables with
 * what a real feed carries: audiences (5 % the company, 55 % the author's unit, 15 % a group of the
 * author's, 25 % one to three people), 10 % important with read confirmations, reactions, comments,
 * 3 % with a poll and its votes, 5 % announcing a won deal. Then the real HTTP server in this
 * process answers what the feed page asks for: the first page for a manager (20 posts with everything
 * they show), a deep page by its cursor, a head's and an administrator's first page, a search, a group's feed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { buildApp } from "../server/src/app";
import { seedDemoCompanyIfEmpty } from "../server/src/modules/demo/demo-company";
import { SeededRandom } from "../server/src/modules/demo/random";
import type { Actor } from "../server/src/platform/auth/authenticate";
import { type Database, migrateDatabase, openDatabase, rows } from "../server/src/platform/db/database";
import { visiblePostCondition } from "../server/src/policies/feed";
import { apiClient, type Figure, timeIt } from "./measure";

const postCount = Number(process.env.BENCH_FEED_POSTS ?? 10_000);
const words = [
  "инвертор",
  "сварочный",
  "аппарат",
  "электроды",
  "проволока",
  "клиент",
  "отгрузка",
  "склад",
  "планёрка",
  "коммерческое",
  "предложение",
  "скидка",
  "оплата",
  "договор",
  "неделя",
  "итоги",
];

interface Person {
  id: string;
  unitId: string;
  role: string;
  login: string;
}

export async function measureFeed(): Promise<Figure[]> {
  const folder = mkdtempSync(path.join(tmpdir(), "planerka-bench-feed-"));
  const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: path.join(folder, "db") });
  const figures: Figure[] = [];
  try {
    await migrateDatabase(handle);
    await seedDemoCompanyIfEmpty(handle, { withCrm: false });
    const db = handle.db;
    const started = performance.now();
    await fillFeed(db, postCount);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const app = await buildApp({ db, webDist: null, workflowWorker: false, outboxWorker: false });
    const address = await app.listen({ port: 0, host: "127.0.0.1" });

    // The manager and the head of the largest office, an administrator, and a group with its posts.
    const [office] = await rows<{ unitId: string; head: string; manager: string; managerId: string }>(
      db,
      sql`select un.id as "unitId", h.login as head, m.login as manager, m.id as "managerId"
          from units un join users h on h.id = un.head_user_id
          join lateral (select login, id from users where unit_id = un.id and role = 'manager' order by login limit 1) m on true
          order by (select count(*) from users u where u.unit_id = un.id) desc, un.name limit 1`,
    );
    const [group] = await rows<{ id: string; member: string }>(
      db,
      sql`select g.id, u.login as member from groups g join group_members m on m.group_id = g.id
          join users u on u.id = m.user_id order by g.name, u.login limit 1`,
    );
    const manager = await apiClient(address, office!.manager, "demo");
    const head = await apiClient(address, office!.head, "demo");
    const admin = await apiClient(address, "admin", "demo");
    const member = await apiClient(address, group!.member, "demo");
    const [visible] = await rows<{ count: number }>(
      db,
      sql`select count(*)::int as count from feed_posts p where p.deleted_at is null and ${visiblePostCondition({
        user: { id: office!.managerId, unitId: office!.unitId },
      } as Actor)}`,
    );

    // The cursor of the tenth page, as «Показать ещё» would reach it.
    let cursor = "";
    for (let page = 1; page < 10; page++) {
      const answer = JSON.parse(Buffer.from(await manager.get(`/api/v1/feed?limit=20${cursor}`)).toString()) as {
        nextCursor: string | null;
      };
      cursor = `&cursor=${encodeURIComponent(answer.nextCursor!)}`;
    }
    const measure = async (name: string, client: typeof manager, url: string) => {
      figures.push({ name, ...(await timeIt(() => client.get(url))) });
    };
    await measure(
      `feed: manager's first page (20 of the ${visible!.count.toLocaleString("en")} posts they see)`,
      manager,
      "/api/v1/feed?limit=20",
    );
    await measure("feed: manager's tenth page (keyset cursor)", manager, `/api/v1/feed?limit=20${cursor}`);
    await measure("feed: the office head's first page", head, "/api/v1/feed?limit=20");
    await measure("feed: administrator's first page (by audience, like anyone)", admin, "/api/v1/feed?limit=20");
    await measure(
      "feed: manager's search for a word",
      manager,
      `/api/v1/feed?limit=20&q=${encodeURIComponent("инвертора")}`,
    );
    await measure("feed: a group's own feed", member, `/api/v1/feed?limit=20&groupId=${group!.id}`);
    console.log(
      [
        "",
        `feed: ${postCount.toLocaleString("en")} posts written in ${seconds} s`,
        ...figures.map(
          (figure) =>
            `  ${figure.name}: p50 ${figure.p50.toFixed(1)} ms, p95 ${figure.p95.toFixed(1)} ms, max ${figure.max.toFixed(1)} ms`,
        ),
        "",
      ].join("\n"),
    );
    await app.close();
    return figures;
  } finally {
    await handle.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** `count` posts over the last year with their audiences, reads, reactions, comments, polls and won deals. */
async function fillFeed(db: Database, count: number) {
  const random = new SeededRandom(21);
  const people = await rows<Person>(
    db,
    sql`select id, unit_id as "unitId", role, login from users where active order by login`,
  );
  const memberships = await rows<{ groupId: string; userId: string }>(
    db,
    sql`select group_id as "groupId", user_id as "userId" from group_members`,
  );
  const [stage] = await rows<{ id: string; pipelineId: string }>(
    db,
    sql`select id, pipeline_id as "pipelineId" from stages where semantic = 'won' limit 1`,
  );
  const announcers = people.filter((person) => person.role !== "manager");
  const now = Date.now();
  for (let start = 0; start < count; start += 1000) {
    type Row = Record<string, unknown>;
    const posts: Row[] = [];
    const audience: Row[] = [];
    const reads: Row[] = [];
    const reactions: Row[] = [];
    const comments: Row[] = [];
    const polls: { post_id: string; voters: string[]; choices: number[] }[] = [];
    const deals: Row[] = [];
    for (let index = start; index < Math.min(count, start + 1000); index++) {
      const id = crypto.randomUUID();
      const at = new Date(now - ((count - index) / count) * 365 * 86_400_000).toISOString();
      const text = Array.from({ length: random.integer(8, 40) }, () => random.pick(words)).join(" ");
      const roll = random.next();
      let author = random.pick(people);
      let toCompany = false;
      let kind = "post";
      let dealId: string | null = null;
      if (roll < 0.05) {
        author = random.pick(announcers);
        toCompany = true;
      } else if (roll < 0.6) {
        audience.push({ post_id: id, subject_type: "unit", subject_id: author.unitId });
      } else if (roll < 0.75) {
        const groups = memberships.filter((membership) => membership.userId === author.id);
        if (groups.length > 0)
          audience.push({ post_id: id, subject_type: "group", subject_id: random.pick(groups).groupId });
        else audience.push({ post_id: id, subject_type: "unit", subject_id: author.unitId });
      } else if (roll < 0.95) {
        const chosen = new Set(Array.from({ length: random.integer(1, 3) }, () => random.pick(people).id));
        for (const userId of chosen) audience.push({ post_id: id, subject_type: "user", subject_id: userId });
      } else {
        kind = "deal_won";
        dealId = crypto.randomUUID();
        deals.push({ id: dealId, owner_id: author.id, closed_at: at, amount: random.integer(100, 5000) * 1000 });
        audience.push({ post_id: id, subject_type: "unit", subject_id: author.unitId });
      }
      const important = kind === "post" && random.chance(0.1);
      const body = kind === "post" ? text : "Сотрудник выиграл(а) сделку";
      posts.push({
        id,
        author_id: author.id,
        body: `<p>${body}</p>`,
        body_text: body,
        to_company: toCompany,
        important,
        created_at: at,
        kind,
        deal_id: dealId,
        subject_user_id: kind === "post" ? null : author.id,
      });
      const readers = Array.from({ length: important ? random.integer(3, 20) : 0 }, () => random.pick(people).id);
      for (const userId of new Set(readers)) reads.push({ post_id: id, user_id: userId });
      const reacting = random.chance(0.3) ? random.integer(1, 5) : 0;
      const reacted = new Set(Array.from({ length: reacting }, () => random.pick(people).id));
      for (const userId of reacted)
        reactions.push({ post_id: id, user_id: userId, emoji: random.pick(["👍", "🔥", "🎉"]) });
      const commenting = random.chance(0.2) ? random.integer(1, 3) : 0;
      for (let comment = 0; comment < commenting; comment++)
        comments.push({ post_id: id, author_id: random.pick(people).id, body: random.pick(words) });
      if (kind === "post" && random.chance(0.03)) {
        const votes = new Set(Array.from({ length: random.integer(0, 15) }, () => random.pick(people).id));
        polls.push({ post_id: id, voters: [...votes], choices: [...votes].map(() => random.integer(0, 2)) });
      }
    }
    await db.transaction(async (tx) => {
      const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;
      if (deals.length > 0)
        await tx.execute(
          sql`insert into deals (id, title, pipeline_id, stage_id, amount, owner_id, closed_at, created_by)
              select r.id, 'Сделка бенчмарка', ${stage!.pipelineId}::uuid, ${stage!.id}::uuid, r.amount, r.owner_id,
                     r.closed_at, r.owner_id
              from jsonb_to_recordset(${json(deals)}) as r(id uuid, owner_id uuid, closed_at timestamptz, amount numeric)`,
        );
      await tx.execute(
        sql`insert into feed_posts (id, author_id, body, body_text, to_company, important, created_at, kind, deal_id,
                                    subject_user_id)
            select * from jsonb_to_recordset(${json(posts)}) as r(id uuid, author_id uuid, body text, body_text text,
              to_company boolean, important boolean, created_at timestamptz, kind text, deal_id uuid, subject_user_id uuid)`,
      );
      await tx.execute(
        sql`insert into feed_post_audience (post_id, subject_type, subject_id)
            select distinct * from jsonb_to_recordset(${json(audience)}) as r(post_id uuid, subject_type text, subject_id uuid)`,
      );
      if (reads.length > 0)
        await tx.execute(
          sql`insert into feed_post_reads (post_id, user_id)
              select * from jsonb_to_recordset(${json(reads)}) as r(post_id uuid, user_id uuid)`,
        );
      if (reactions.length > 0)
        await tx.execute(
          sql`insert into feed_reactions (post_id, user_id, emoji)
              select * from jsonb_to_recordset(${json(reactions)}) as r(post_id uuid, user_id uuid, emoji text)`,
        );
      if (comments.length > 0)
        await tx.execute(
          sql`insert into feed_comments (post_id, author_id, body)
              select * from jsonb_to_recordset(${json(comments)}) as r(post_id uuid, author_id uuid, body text)`,
        );
      for (const poll of polls) {
        await tx.execute(
          sql`insert into feed_polls (post_id, question, multiple) values (${poll.post_id}, 'Когда удобнее?', false)`,
        );
        const options = await rows<{ id: string }>(
          tx,
          sql`insert into feed_poll_options (post_id, position, text)
              values (${poll.post_id}, 0, 'Утром'), (${poll.post_id}, 1, 'Днём'), (${poll.post_id}, 2, 'Вечером')
              returning id`,
        );
        for (const [index, userId] of poll.voters.entries())
          await tx.execute(
            sql`insert into feed_poll_votes (option_id, post_id, user_id)
                values (${options[poll.choices[index]!]!.id}, ${poll.post_id}, ${userId})`,
          );
      }
    });
  }
  await db.execute(sql`analyze`);
}
