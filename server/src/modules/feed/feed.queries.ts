import type { FeedPostKind } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Executor, rows } from "../../platform/db/database";
import { audienceMembers, visiblePostCondition } from "../../policies/feed";

export interface PollRow {
  question: string;
  multiple: boolean;
  closesAt: string | null;
  closed: boolean;
  voters: number;
  options: { id: string; text: string; votes: number }[];
  mine: string[];
}

export interface PostRow {
  id: string;
  kind: FeedPostKind;
  authorId: string;
  authorName: string;
  body: string;
  toCompany: boolean;
  important: boolean;
  pinned: boolean;
  createdAt: Date | string;
  editedAt: Date | string | null;
  version: number;
  units: { id: string; name: string }[];
  groups: { id: string; name: string }[];
  users: { id: string; name: string }[];
  files: { id: string; name: string; mimeType: string; size: number }[];
  reactions: { emoji: string; userId: string; userName: string }[];
  commentCount: number;
  readByMe: boolean;
  readCount: number;
  audienceCount: number | null;
  subject: { id: string; name: string; position: string | null; unitName: string | null } | null;
  deal: { id: string; title: string; amount: number | string } | null;
  course: { id: string; title: string } | null;
  poll: PollRow | null;
}

/** Everything a post's presentation needs; the audience count only for important posts (it walks the tree). */
const postColumns = (actor: Actor) => sql`p.id, p.author_id as "authorId", author.name as "authorName", p.body,
  p.to_company as "toCompany", p.important, p.pinned, p.created_at as "createdAt", p.edited_at as "editedAt", p.version,
  coalesce((select json_agg(json_build_object('id', un.id, 'name', un.name) order by un.name)
            from feed_post_audience a join units un on un.id = a.subject_id
            where a.post_id = p.id and a.subject_type = 'unit'), '[]') as units,
  coalesce((select json_agg(json_build_object('id', g.id, 'name', g.name) order by g.name)
            from feed_post_audience a join groups g on g.id = a.subject_id
            where a.post_id = p.id and a.subject_type = 'group'), '[]') as groups,
  coalesce((select json_agg(json_build_object('id', us.id, 'name', us.name) order by us.name)
            from feed_post_audience a join users us on us.id = a.subject_id
            where a.post_id = p.id and a.subject_type = 'user'), '[]') as users,
  coalesce((select json_agg(json_build_object('id', f.id, 'name', f.name, 'mimeType', f.mime_type, 'size', f.size)
                            order by f.name, f.id)
            from feed_post_files f where f.post_id = p.id), '[]') as files,
  coalesce((select json_agg(json_build_object('emoji', x.emoji, 'userId', x.user_id, 'userName', ru.name)
                            order by x.created_at, x.user_id)
            from feed_reactions x join users ru on ru.id = x.user_id where x.post_id = p.id), '[]') as reactions,
  (select count(*)::int from feed_comments c where c.post_id = p.id and c.deleted_at is null) as "commentCount",
  exists (select 1 from feed_post_reads r where r.post_id = p.id and r.user_id = ${actor.user.id}) as "readByMe",
  (select count(*)::int from feed_post_reads r where r.post_id = p.id and r.user_id <> p.author_id) as "readCount",
  case when p.important then (select count(*)::int from ${audienceMembers(sql`p.id`)} members) end as "audienceCount",
  ${eventColumns(actor)}, ${pollColumn(actor)}`;

/**
 * What an event of the work is about. A won deal's title and amount come only where the caller's
 * access reaches the deal (the CRM's rule for reading it): the rest of the team learns who won,
 * not what — and the post's stored text never names the deal, so a search cannot find it either.
 */
const eventColumns = (actor: Actor) => sql`p.kind,
  case when p.kind <> 'post' then (select json_build_object('id', su.id, 'name', su.name, 'position', su.position,
                                                            'unitName', sun.name)
      from users su left join units sun on sun.id = su.unit_id where su.id = p.subject_user_id) end as subject,
  case when p.kind = 'deal_won' then (select json_build_object('id', d.id, 'title', d.title, 'amount', d.amount)
      from deals d where d.id = p.deal_id and d.deleted_at is null
        and ${actor.scope.ownerCondition("deals", "read", sql`d.owner_id`)}) end as deal,
  case when p.kind = 'course_completed' then (select json_build_object('id', c.id, 'title', c.title)
      from courses c where c.id = p.course_id) end as course`;

/** A post's poll: its answers in order with their votes, how many voted, and the caller's choice. */
const pollColumn = (actor: Actor) => sql`(select json_build_object(
    'question', pl.question, 'multiple', pl.multiple, 'closesAt', pl.closes_at,
    'closed', pl.closes_at is not null and pl.closes_at <= now(),
    'voters', (select count(distinct v.user_id)::int from feed_poll_votes v where v.post_id = pl.post_id),
    'options', (select json_agg(json_build_object('id', o.id, 'text', o.text,
                  'votes', (select count(*)::int from feed_poll_votes v where v.option_id = o.id)) order by o.position)
                from feed_poll_options o where o.post_id = pl.post_id),
    'mine', coalesce((select json_agg(v.option_id order by mo.position) from feed_poll_votes v
                      join feed_poll_options mo on mo.id = v.option_id
                      where v.post_id = pl.post_id and v.user_id = ${actor.user.id}), '[]'))
  from feed_polls pl where pl.post_id = p.id) as poll`;

/**
 * Posts the caller sees matching `condition` (over `p`), newest first. The page's ids are chosen
 * from the posts table first; the per-post subqueries run for that page only.
 */
export async function loadPosts(
  executor: Executor,
  actor: Actor,
  options: { condition: SQL; limit: number; order?: SQL },
): Promise<PostRow[]> {
  const order = options.order ?? sql`p.created_at desc, p.id desc`;
  return rows<PostRow>(
    executor,
    sql`select ${postColumns(actor)}
        from (select p.id from feed_posts p
              where p.deleted_at is null and ${visiblePostCondition(actor)} and ${options.condition}
              order by ${order} limit ${options.limit}) page
        join feed_posts p on p.id = page.id join users author on author.id = p.author_id
        order by ${order}`,
  );
}

/** One post the caller sees, or undefined (404 to everyone outside its audience). */
export async function loadPost(executor: Executor, actor: Actor, postId: string): Promise<PostRow | undefined> {
  const [row] = await loadPosts(executor, actor, { condition: sql`p.id = ${postId}`, limit: 1 });
  return row;
}
