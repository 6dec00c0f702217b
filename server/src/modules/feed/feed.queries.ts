import { type SQL, sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Executor, rows } from "../../platform/db/database";
import { audienceMembers, visiblePostCondition } from "../../policies/feed";

export interface PostRow {
  id: string;
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
  case when p.important then (select count(*)::int from ${audienceMembers(sql`p.id`)} members) end as "audienceCount"`;

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
