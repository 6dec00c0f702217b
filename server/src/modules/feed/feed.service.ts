import type {
  FeedComment,
  FeedPost,
  FeedReaders,
  feedPageSchema,
  feedPostWriteSchema,
  feedQuerySchema,
} from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { likePattern } from "../../platform/db/sql-values";
import { forbidden, invalid, notFound, staleVersion } from "../../platform/errors/problem";
import { notify } from "../../platform/notifications/notify";
import { publishRealtime } from "../../platform/realtime/realtime-events";
import { richTextToPlain } from "../../platform/text/rich-text";
import { assertAudienceAllowedOrThrow, audienceMembers, mayAnnounce } from "../../policies/feed";
import { driveFilesToCarryOrThrow } from "../drive/drive-file.service";
import { mentionedBodyOf } from "../tasks/task-mentions";
import { type CommentRow, presentComment, presentPost } from "./feed.presenter";
import { loadPost, loadPosts } from "./feed.queries";
import { createPollOrThrow } from "./feed-poll.service";

type FeedQuery = z.infer<typeof feedQuerySchema>;
type FeedPostWrite = z.infer<typeof feedPostWriteSchema>;

const postLink = (postId: string) => `/feed/${postId}`;

function cursorCondition(cursor: string | undefined): SQL {
  if (!cursor) return sql`true`;
  const [at, id] = cursor.split("|");
  if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/i.test(id))
    throw invalid("cursor", "Not a cursor this feed gave");
  return sql`(p.created_at, p.id) < (${at}::timestamptz, ${id}::uuid)`;
}

/**
 * The caller's feed, newest first: the posts they are in the audience of (or wrote). A search
 * matches Russian and English word forms and any part of the text; `groupId` keeps a group's posts.
 * Pinned posts come apart, above the first page.
 */
export async function listFeedOrThrow(
  db: Database,
  actor: Actor,
  query: FeedQuery,
): Promise<z.infer<typeof feedPageSchema>> {
  const q = query.q?.trim();
  const search = q
    ? sql`(p.search @@ websearch_to_tsquery('russian', ${q}) or p.search @@ websearch_to_tsquery('english', ${q})
          or p.body_text ilike ${likePattern(q)})`
    : sql`not p.pinned`;
  const group = query.groupId
    ? sql`exists (select 1 from feed_post_audience g where g.post_id = p.id and g.subject_type = 'group' and g.subject_id = ${query.groupId})`
    : sql`true`;
  const condition = sql`${search} and ${group}`;
  const found = await loadPosts(db, actor, {
    condition: sql`${condition} and ${cursorCondition(query.cursor)}`,
    limit: query.limit + 1,
  });
  const page = found.slice(0, query.limit);
  const last = page.at(-1);
  // The few pinned posts are picked first: asked as «p.pinned», the planner costs a walk of every
  // post through the audience check, and on PostgreSQL that estimate turns JIT compilation on
  // (330 ms of compiling for an 8 ms query over 10,000 posts; bench/README.md, the feed).
  const pinnedIds = sql`p.id in (select id from feed_posts where pinned and deleted_at is null)`;
  const pinned =
    q || query.cursor ? [] : await loadPosts(db, actor, { condition: sql`${pinnedIds} and ${group}`, limit: 10 });
  return {
    items: page.map((row) => presentPost(row, actor)),
    pinned: pinned.map((row) => presentPost(row, actor)),
    nextCursor: found.length > query.limit && last ? `${new Date(last.createdAt).toISOString()}|${last.id}` : null,
  };
}

export async function postOrThrow(executor: Executor, actor: Actor, postId: string): Promise<FeedPost> {
  const row = await loadPost(executor, actor, postId);
  if (!row) throw notFound();
  return presentPost(row, actor);
}

/**
 * A new post. Its audience is checked (`assertAudienceAllowedOrThrow`), its text sanitised with
 * mentions resolved, its poll stored with it; the people mentioned who are in the audience are
 * notified, and everyone in the audience of an important post.
 */
export async function createPostOrThrow(db: Database, actor: Actor, input: FeedPostWrite): Promise<FeedPost> {
  return db.transaction(async (tx) => {
    await assertAudienceAllowedOrThrow(tx, actor, input.audience);
    if (input.pinned && !mayAnnounce(actor)) throw invalid("pinned", "Only administrators, tops and heads pin posts");
    const { html, mentionIds } = await mentionedBodyOf(tx, input.body);
    const text = richTextToPlain(html).trim();
    if (!text) throw invalid("body", "Write the post");
    const files = await driveFilesToCarryOrThrow(tx, actor, input.driveFileIds ?? [], "driveFileIds");
    const [post] = await rows<{ id: string }>(
      tx,
      sql`insert into feed_posts (author_id, body, body_text, to_company, important, pinned)
          values (${actor.user.id}, ${html}, ${text}, ${input.audience.company}, ${input.important}, ${input.pinned})
          returning id`,
    );
    const postId = post!.id;
    const audience = [
      ...input.audience.unitIds.map((id) => ({ type: "unit", id })),
      ...input.audience.groupIds.map((id) => ({ type: "group", id })),
      ...input.audience.userIds.map((id) => ({ type: "user", id })),
    ];
    if (audience.length > 0) {
      await tx.execute(
        sql`insert into feed_post_audience (post_id, subject_type, subject_id)
            values ${sql.join(
              audience.map((item) => sql`(${postId}, ${item.type}, ${item.id})`),
              sql`, `,
            )} on conflict do nothing`,
      );
    }
    for (const file of files) {
      await tx.execute(
        sql`insert into feed_post_files (post_id, name, mime_type, size, blob_id)
            values (${postId}, ${file.name}, ${file.mimeType}, ${file.size}, ${file.blobId})`,
      );
    }
    if (input.poll) await createPollOrThrow(tx, postId, input.poll);
    await notifyAudience(tx, actor, postId, { important: input.important, mentionIds, text });
    await publishRealtime(tx, { type: "feed_post", postId });
    await recordAudit(tx, { actorId: actor.user.id, entity: "feed_post", entityId: postId, action: "create" });
    return postOrThrow(tx, actor, postId);
  });
}

async function notifyAudience(
  tx: Executor,
  actor: Actor,
  postId: string,
  post: { important: boolean; mentionIds: string[]; text: string },
) {
  const members = await rows<{ id: string }>(tx, sql`select id from ${audienceMembers(sql`${postId}::uuid`)} members`);
  const inAudience = new Set(members.map((row) => row.id));
  const excerpt = post.text.length > 200 ? `${post.text.slice(0, 199)}…` : post.text;
  const notices = post.important
    ? [...inAudience].map((userId) => ({ userId, kind: "feed_important", title: `Важное: ${actor.user.name}` }))
    : post.mentionIds
        .filter((userId) => inAudience.has(userId))
        .map((userId) => ({ userId, kind: "mention", title: `${actor.user.name} упомянул(а) вас в ленте` }));
  await notify(
    tx,
    notices.map((notice) => ({ ...notice, body: excerpt, link: postLink(postId), actorId: actor.user.id })),
  );
}

/** The author changes the text or the pin (pinning: announcers only); the version must match. */
export async function updatePostOrThrow(
  db: Database,
  actor: Actor,
  postId: string,
  input: { body?: string; pinned?: boolean; version: number },
): Promise<FeedPost> {
  return db.transaction(async (tx) => {
    const post = await postOrThrow(tx, actor, postId);
    if (post.kind !== "post") throw forbidden("An event of the work is not edited");
    if (!post.abilities.edit) throw forbidden("Only the author changes a post");
    if (post.version !== input.version) throw staleVersion();
    if (input.pinned !== undefined && input.pinned !== post.pinned && !mayAnnounce(actor))
      throw invalid("pinned", "Only administrators, tops and heads pin posts");
    const body = input.body === undefined ? null : (await mentionedBodyOf(tx, input.body)).html;
    const text = body === null ? null : richTextToPlain(body).trim();
    if (text === "") throw invalid("body", "Write the post");
    await tx.execute(
      sql`update feed_posts set body = coalesce(${body}, body), body_text = coalesce(${text}, body_text),
            pinned = coalesce(${input.pinned ?? null}, pinned), version = version + 1,
            edited_at = case when ${body}::text is null then edited_at else now() end
          where id = ${postId}`,
    );
    await recordAudit(tx, { actorId: actor.user.id, entity: "feed_post", entityId: postId, action: "update" });
    return postOrThrow(tx, actor, postId);
  });
}

export async function deletePostOrThrow(db: Database, actor: Actor, postId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const post = await postOrThrow(tx, actor, postId);
    if (!post.abilities.delete) throw forbidden("Only the author or an administrator deletes a post");
    await tx.execute(sql`update feed_posts set deleted_at = now() where id = ${postId}`);
    await recordAudit(tx, { actorId: actor.user.id, entity: "feed_post", entityId: postId, action: "delete" });
  });
}

/** «Прочитал(а)»: the caller confirms reading a post they see (once; again changes nothing). */
export async function markPostReadOrThrow(db: Database, actor: Actor, postId: string): Promise<FeedPost> {
  return db.transaction(async (tx) => {
    await postOrThrow(tx, actor, postId);
    await tx.execute(
      sql`insert into feed_post_reads (post_id, user_id) values (${postId}, ${actor.user.id}) on conflict do nothing`,
    );
    return postOrThrow(tx, actor, postId);
  });
}

/**
 * Who of an important post's audience has and has not confirmed it: for its author, tops and
 * administrators all of them; for a head, the people of the units they head.
 */
export async function postReadersOrThrow(db: Database, actor: Actor, postId: string): Promise<FeedReaders> {
  const post = await postOrThrow(db, actor, postId);
  if (!post.abilities.seeReaders) throw forbidden("Only the author and the heads see who has read it");
  const everyone = post.author.id === actor.user.id || actor.user.role !== "head";
  const units = actor.scope.subtreeUnitIds;
  const mine = everyone
    ? sql`true`
    : units.length === 0
      ? sql`false`
      : sql`u.unit_id in (${sql.join(
          units.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`;
  const people = await rows<{ id: string; name: string; readAt: Date | string | null }>(
    db,
    sql`select u.id, u.name, r.read_at as "readAt" from users u
        left join feed_post_reads r on r.post_id = ${postId} and r.user_id = u.id
        where u.id in ${audienceMembers(sql`${postId}::uuid`)} and ${mine}
        order by u.name, u.id`,
  );
  return {
    read: people
      .filter((person) => person.readAt !== null)
      .map((person) => ({
        user: { id: person.id, name: person.name },
        readAt: new Date(person.readAt!).toISOString(),
      })),
    unread: people.filter((person) => person.readAt === null).map((person) => ({ id: person.id, name: person.name })),
  };
}

export async function togglePostReactionOrThrow(
  db: Database,
  actor: Actor,
  postId: string,
  emoji: string,
): Promise<FeedPost> {
  return db.transaction(async (tx) => {
    await postOrThrow(tx, actor, postId);
    const removed = await rows(
      tx,
      sql`delete from feed_reactions where post_id = ${postId} and user_id = ${actor.user.id} and emoji = ${emoji}
          returning emoji`,
    );
    if (removed.length === 0)
      await tx.execute(
        sql`insert into feed_reactions (post_id, user_id, emoji) values (${postId}, ${actor.user.id}, ${emoji})`,
      );
    return postOrThrow(tx, actor, postId);
  });
}

const commentColumns = sql`c.id, c.post_id as "postId", c.author_id as "authorId", u.name as "authorName", c.body,
  c.created_at as "createdAt"`;

export async function listCommentsOrThrow(db: Database, actor: Actor, postId: string): Promise<FeedComment[]> {
  await postOrThrow(db, actor, postId);
  const found = await rows<CommentRow>(
    db,
    sql`select ${commentColumns} from feed_comments c join users u on u.id = c.author_id
        where c.post_id = ${postId} and c.deleted_at is null order by c.created_at, c.id limit 500`,
  );
  return found.map((row) => presentComment(row, actor));
}

/** A comment from someone who sees the post; its author is told. */
export async function addCommentOrThrow(
  db: Database,
  actor: Actor,
  postId: string,
  body: string,
): Promise<FeedComment> {
  return db.transaction(async (tx) => {
    const post = await postOrThrow(tx, actor, postId);
    const [created] = await rows<{ id: string }>(
      tx,
      sql`insert into feed_comments (post_id, author_id, body) values (${postId}, ${actor.user.id}, ${body}) returning id`,
    );
    await notify(tx, [
      {
        userId: post.author.id,
        kind: "feed_comment",
        title: `${actor.user.name} прокомментировал(а) вашу запись`,
        body: body.length > 200 ? `${body.slice(0, 199)}…` : body,
        link: postLink(postId),
        actorId: actor.user.id,
      },
    ]);
    const [row] = await rows<CommentRow>(
      tx,
      sql`select ${commentColumns} from feed_comments c join users u on u.id = c.author_id where c.id = ${created!.id}`,
    );
    return presentComment(row!, actor);
  });
}

/** The comment's author, the post's author or an administrator removes a comment. */
export async function deleteCommentOrThrow(db: Database, actor: Actor, commentId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [comment] = await rows<{ postId: string; authorId: string }>(
      tx,
      sql`select post_id as "postId", author_id as "authorId" from feed_comments where id = ${commentId} and deleted_at is null`,
    );
    if (!comment) throw notFound();
    const post = await postOrThrow(tx, actor, comment.postId);
    const allowed =
      comment.authorId === actor.user.id || post.author.id === actor.user.id || actor.user.role === "admin";
    if (!allowed) throw forbidden("Only the comment's author, the post's author or an administrator removes it");
    await tx.execute(sql`update feed_comments set deleted_at = now() where id = ${commentId}`);
  });
}

/** A file a post carries, for someone who sees the post. */
export async function postFileOrThrow(db: Database, actor: Actor, postId: string, fileId: string) {
  await postOrThrow(db, actor, postId);
  const [file] = await rows<{ name: string; mimeType: string; size: number; storageKey: string }>(
    db,
    sql`select f.name, f.mime_type as "mimeType", f.size::float8 as size, b.storage_key as "storageKey"
        from feed_post_files f join drive_blobs b on b.id = f.blob_id where f.id = ${fileId} and f.post_id = ${postId}`,
  );
  if (!file) throw notFound();
  return file;
}
