import type { TaskComment } from "@planerka/common";
import { sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { invalid, notFound } from "../../platform/errors/problem";
import { notify } from "../../platform/notifications/notify";
import { richTextToPlain } from "../../platform/text/rich-text";
import { assertMayOrThrow, type TaskAccess, taskAccessOrThrow } from "./task-access";
import { addMentionedObservers, type MentionedBody, mentionedBodyOf, uuidArray } from "./task-mentions";

interface CommentRow {
  id: string;
  authorId: string;
  authorName: string;
  body: string;
  mentions: { id: string; name: string }[];
  mentionedUserIds: string[];
  createdAt: Date | string;
  editedAt: Date | string | null;
}

const commentColumns = sql`c.id, c.author_id as "authorId", a.name as "authorName", c.body,
  coalesce((select json_agg(json_build_object('id', u.id, 'name', u.name) order by u.name, u.id)
            from users u where u.id = any(c.mentioned_user_ids)), '[]'::json) as mentions,
  c.mentioned_user_ids::text[] as "mentionedUserIds", c.created_at as "createdAt", c.edited_at as "editedAt"`;

function presentComment(row: CommentRow, callerId: string): TaskComment {
  return {
    id: row.id,
    author: { id: row.authorId, name: row.authorName },
    body: row.body,
    mentions: row.mentions,
    createdAt: new Date(row.createdAt).toISOString(),
    editedAt: row.editedAt ? new Date(row.editedAt).toISOString() : null,
    mine: row.authorId === callerId,
  };
}

async function commentRowOrThrow(executor: Executor, taskId: string, commentId: string): Promise<CommentRow> {
  const [row] = await rows<CommentRow>(
    executor,
    sql`select ${commentColumns} from task_comments c join users a on a.id = c.author_id
        where c.id = ${commentId} and c.task_id = ${taskId} and c.deleted_at is null`,
  );
  if (!row) throw notFound();
  return row;
}

/** Comments of a task the caller may read, oldest first. */
export async function listCommentsOrThrow(
  executor: Executor,
  actor: Actor,
  taskId: string,
  page: { limit: number; offset: number },
) {
  await taskAccessOrThrow(executor, actor, taskId);
  const items = await rows<CommentRow>(
    executor,
    sql`select ${commentColumns} from task_comments c join users a on a.id = c.author_id
        where c.task_id = ${taskId} and c.deleted_at is null
        order by c.created_at, c.id limit ${page.limit} offset ${page.offset}`,
  );
  const [count] = await rows<{ total: number }>(
    executor,
    sql`select count(*)::int as total from task_comments where task_id = ${taskId} and deleted_at is null`,
  );
  return { items: items.map((row) => presentComment(row, actor.user.id)), total: count?.total ?? 0 };
}

async function bodyOrThrow(executor: Executor, input: string): Promise<MentionedBody> {
  const body = await mentionedBodyOf(executor, input);
  if (richTextToPlain(body.html) === "") throw invalid("body", "The comment has no text");
  return body;
}

/**
 * Everyone in the task hears of a comment (task_comment), except its author; the people it
 * mentions hear of it as a mention and become observers if they took no part (returned, for the
 * audit).
 */
async function announce(
  executor: Executor,
  actor: Actor,
  task: TaskAccess,
  body: MentionedBody,
  options: { toParticipants: boolean },
) {
  const observersAdded = await addMentionedObservers(executor, task.id, body.mentionIds);
  const text = richTextToPlain(body.html).slice(0, 300);
  const notice = { title: task.title, body: text, link: `/tasks/${task.id}`, actorId: actor.user.id };
  const participants = options.toParticipants
    ? await rows<{ userId: string }>(
        executor,
        sql`select distinct user_id as "userId" from task_members where task_id = ${task.id}`,
      )
    : [];
  await notify(executor, [
    ...participants
      .filter((participant) => !body.mentionIds.includes(participant.userId))
      .map((participant) => ({ ...notice, userId: participant.userId, kind: "task_comment" })),
    ...body.mentionIds.map((userId) => ({ ...notice, userId, kind: "mention" })),
  ]);
  return observersAdded;
}

/** Every reader of a task may comment on it: participants, observers and the heads above them. */
export async function addCommentOrThrow(
  db: Database,
  actor: Actor,
  taskId: string,
  input: string,
): Promise<TaskComment> {
  return db.transaction(async (tx) => {
    const task = await taskAccessOrThrow(tx, actor, taskId);
    const body = await bodyOrThrow(tx, input);
    const [created] = await rows<{ id: string }>(
      tx,
      sql`insert into task_comments (task_id, author_id, body, mentioned_user_ids)
          values (${taskId}, ${actor.user.id}, ${body.html}, ${uuidArray(body.mentionIds)}) returning id`,
    );
    await tx.execute(sql`update tasks set updated_at = now() where id = ${taskId}`);
    const observersAdded = await announce(tx, actor, task, body, { toParticipants: true });
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "task_comment",
      entityId: created!.id,
      action: "create",
      changes: [
        { field: "taskId", old: null, new: taskId },
        { field: "body", old: null, new: body.html },
        ...(observersAdded.length > 0 ? [{ field: "observersAdded", old: null, new: observersAdded }] : []),
      ],
    });
    return presentComment(await commentRowOrThrow(tx, taskId, created!.id), actor.user.id);
  });
}

/** Only the author edits a comment; people newly mentioned hear of it. */
export async function updateCommentOrThrow(
  db: Database,
  actor: Actor,
  taskId: string,
  commentId: string,
  input: string,
): Promise<TaskComment> {
  return db.transaction(async (tx) => {
    const task = await taskAccessOrThrow(tx, actor, taskId);
    const before = await commentRowOrThrow(tx, taskId, commentId);
    assertMayOrThrow(before.authorId === actor.user.id, "Only the author edits a comment");
    const body = await bodyOrThrow(tx, input);
    await tx.execute(
      sql`update task_comments set body = ${body.html}, mentioned_user_ids = ${uuidArray(body.mentionIds)},
            edited_at = now() where id = ${commentId}`,
    );
    const fresh = body.mentionIds.filter((id) => !before.mentionedUserIds.includes(id));
    const observersAdded = await announce(tx, actor, task, { ...body, mentionIds: fresh }, { toParticipants: false });
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "task_comment",
      entityId: commentId,
      action: "update",
      changes: [
        { field: "body", old: before.body, new: body.html },
        ...(observersAdded.length > 0 ? [{ field: "observersAdded", old: null, new: observersAdded }] : []),
      ],
    });
    return presentComment(await commentRowOrThrow(tx, taskId, commentId), actor.user.id);
  });
}

export async function deleteCommentOrThrow(db: Database, actor: Actor, taskId: string, commentId: string) {
  await db.transaction(async (tx) => {
    await taskAccessOrThrow(tx, actor, taskId);
    const before = await commentRowOrThrow(tx, taskId, commentId);
    assertMayOrThrow(before.authorId === actor.user.id, "Only the author deletes a comment");
    await tx.execute(sql`update task_comments set deleted_at = now() where id = ${commentId}`);
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "task_comment",
      entityId: commentId,
      action: "delete",
      changes: [{ field: "body", old: before.body, new: null }],
    });
  });
}
