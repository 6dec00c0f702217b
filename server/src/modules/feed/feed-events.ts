import { randomUUID } from "node:crypto";
import type { FeedPostKind } from "@planerka/common";
import { sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";
import { publishRealtime } from "../../platform/realtime/realtime-events";
import { escapeHtml } from "../../platform/text/rich-text";

/**
 * Events of the work in the feed, where a team expects them: a deal won (to the owner's unit), a
 * new colleague (to the company), a course completed (to the person's unit). Each is written in
 * the transaction that made it happen, once (a won deal by the unique index, the others by a
 * look for an earlier post), authored by the person it is about, and pushed to the audience's open
 * feeds. Nobody is notified: the feed is where such news is read. The stored text names no deal
 * (`feed.queries.ts` shows a deal's title and amount to those who may read it), so searching the
 * feed cannot find what a reader may not see.
 */

interface EventPost {
  authorId: string;
  kind: Exclude<FeedPostKind, "post">;
  text: string;
  /** The audience: a unit with everything below it, or (null) the whole company. */
  unitId: string | null;
  dealId?: string;
  courseId?: string;
}

/**
 * 1C brings history: a first exchange turns thousands of long-paid orders into won deals. The feed
 * announces a win from 1C only when it was won in the last week.
 */
export const announcedWinDays = 7;

async function insertEventPosts(tx: Executor, posts: EventPost[]): Promise<string[]> {
  if (posts.length === 0) return [];
  const records = posts.map((post) => ({
    id: randomUUID(),
    author_id: post.authorId,
    kind: post.kind,
    body: `<p>${escapeHtml(post.text)}</p>`,
    body_text: post.text,
    to_company: post.unitId === null,
    unit_id: post.unitId,
    deal_id: post.dealId ?? null,
    course_id: post.courseId ?? null,
  }));
  const inserted = await rows<{ id: string }>(
    tx,
    sql`with input as (
          select * from jsonb_to_recordset(${JSON.stringify(records)}::jsonb)
            as r(id uuid, author_id uuid, kind text, body text, body_text text, to_company boolean, unit_id uuid,
                 deal_id uuid, course_id uuid)),
        posted as (
          insert into feed_posts (id, author_id, kind, body, body_text, to_company, deal_id, subject_user_id, course_id)
          select id, author_id, kind, body, body_text, to_company, deal_id, author_id, course_id from input
          on conflict (deal_id) where kind = 'deal_won' do nothing
          returning id),
        audience as (
          insert into feed_post_audience (post_id, subject_type, subject_id)
          select input.id, 'unit', input.unit_id from input join posted on posted.id = input.id
          where input.unit_id is not null)
        select id from posted`,
  );
  const ids = inserted.map((row) => row.id);
  await publishRealtime(tx, ...ids.map((postId) => ({ type: "feed_post" as const, postId })));
  return ids;
}

/**
 * Won deals of `dealIds` that were not announced yet, each to its owner's unit. `wonSince` keeps
 * only deals closed since then (1C's history, `announcedWinDays`). Deals not in a won stage, deleted
 * ones and those of people who have left are skipped. Returns the new posts' ids.
 */
export async function announceDealsWon(
  tx: Executor,
  dealIds: readonly string[],
  options: { wonSince?: Date } = {},
): Promise<string[]> {
  if (dealIds.length === 0) return [];
  const since = options.wonSince?.toISOString() ?? null;
  const won = await rows<{ id: string; ownerId: string; name: string; unitId: string }>(
    tx,
    sql`select d.id, d.owner_id as "ownerId", u.name, u.unit_id as "unitId"
        from deals d join stages s on s.id = d.stage_id join users u on u.id = d.owner_id
        where d.id in (${sql.join(
          [...new Set(dealIds)].map((id) => sql`${id}::uuid`),
          sql`, `,
        )})
          and d.deleted_at is null and s.semantic = 'won' and u.active
          and (${since}::timestamptz is null or d.closed_at >= ${since}::timestamptz)
          and not exists (select 1 from feed_posts f where f.kind = 'deal_won' and f.deal_id = d.id)`,
  );
  return insertEventPosts(
    tx,
    won.map((deal) => ({
      authorId: deal.ownerId,
      kind: "deal_won",
      text: `${deal.name} выиграл(а) сделку`,
      unitId: deal.unitId,
      dealId: deal.id,
    })),
  );
}

/** A deal turned won (by hand, on the board, by a workflow): its owner's team hears of it. */
export async function announceDealWon(tx: Executor, dealId: string): Promise<string | null> {
  return (await announceDealsWon(tx, [dealId]))[0] ?? null;
}

/** «Новый сотрудник: Имя, должность, подразделение» to the whole company, once per person. */
export async function announceNewColleague(tx: Executor, userId: string): Promise<string | null> {
  const [person] = await rows<{ name: string; position: string | null; unitName: string | null }>(
    tx,
    sql`select u.name, u.position, un.name as "unitName" from users u left join units un on un.id = u.unit_id
        where u.id = ${userId} and u.active
          and not exists (select 1 from feed_posts f where f.kind = 'new_colleague' and f.subject_user_id = u.id)`,
  );
  if (!person) return null;
  const about = [person.name, person.position?.trim(), person.unitName].filter(Boolean).join(", ");
  const [id] = await insertEventPosts(tx, [
    { authorId: userId, kind: "new_colleague", text: `Новый сотрудник: ${about}`, unitId: null },
  ]);
  return id ?? null;
}

/** «Имя прошёл(ла) курс «…»» to the person's unit, once per person and course. */
export async function announceCourseCompleted(
  tx: Executor,
  completed: { userId: string; courseId: string },
): Promise<string | null> {
  const [found] = await rows<{ name: string; unitId: string; title: string }>(
    tx,
    sql`select u.name, u.unit_id as "unitId", c.title from users u, courses c
        where u.id = ${completed.userId} and u.active and c.id = ${completed.courseId} and c.deleted_at is null
          and not exists (select 1 from feed_posts f where f.kind = 'course_completed'
                          and f.subject_user_id = u.id and f.course_id = c.id)`,
  );
  if (!found) return null;
  const [id] = await insertEventPosts(tx, [
    {
      authorId: completed.userId,
      kind: "course_completed",
      text: `${found.name} прошёл(ла) курс «${found.title}»`,
      unitId: found.unitId,
      courseId: completed.courseId,
    },
  ]);
  return id ?? null;
}
