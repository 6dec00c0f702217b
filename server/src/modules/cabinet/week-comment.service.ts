import type { WeekComment, WeekCommentList } from "@planerka/common";
import { sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { forbidden, notFound } from "../../platform/errors/problem";

/** A comment list never grows without end on one week: the newest this many are shown. */
export const weekCommentLimit = 200;

interface PlanUser {
  id: string;
  unitId: string;
}

interface CommentRow {
  id: string;
  userId: string;
  week: string;
  authorId: string;
  authorName: string;
  body: string;
  createdAt: Date;
}

export function presentWeekComment(row: CommentRow): WeekComment {
  return {
    id: row.id,
    userId: row.userId,
    week: row.week,
    author: { id: row.authorId, name: row.authorName },
    body: row.body,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

/** Whose plan: readable by the user and whoever may read their reports (as the cabinet is); 404 for anyone else. */
async function planUserOrThrow(executor: Executor, actor: Actor, userId: string): Promise<PlanUser> {
  const [user] = await rows<PlanUser>(executor, sql`select id, unit_id as "unitId" from users where id = ${userId}`);
  if (!user || !actor.scope.canReachOwner("reports", "read", user)) throw notFound();
  return user;
}

/** Someone above the user: a head over their unit, a top manager, an admin — never the user themselves. */
function mayComment(actor: Actor, user: PlanUser): boolean {
  return user.id !== actor.user.id && actor.scope.canReachOwner("plans", "write", user);
}

const commentColumns = sql`c.id, c.user_id as "userId", c.week, c.author_id as "authorId", a.name as "authorName",
  c.body, c.created_at as "createdAt"`;

export async function listWeekCommentsOrThrow(
  executor: Executor,
  actor: Actor,
  userId: string,
  week: string,
): Promise<WeekCommentList> {
  const user = await planUserOrThrow(executor, actor, userId);
  const found = await rows<CommentRow>(
    executor,
    sql`select * from (
          select ${commentColumns} from week_plan_comments c join users a on a.id = c.author_id
          where c.user_id = ${user.id} and c.week = ${week}
          order by c.created_at desc, c.id desc limit ${weekCommentLimit}
        ) newest order by "createdAt", id`,
  );
  return { items: found.map(presentWeekComment), total: found.length, canComment: mayComment(actor, user) };
}

export async function addWeekCommentOrThrow(
  db: Database,
  actor: Actor,
  userId: string,
  input: { week: string; body: string },
): Promise<WeekComment> {
  return db.transaction(async (tx) => {
    const user = await planUserOrThrow(tx, actor, userId);
    if (!mayComment(actor, user)) {
      throw forbidden(
        user.id === actor.user.id
          ? "Nobody comments on their own plan"
          : "Only someone above this person comments on their plan",
      );
    }
    const [created] = await rows<{ id: string }>(
      tx,
      sql`insert into week_plan_comments (user_id, week, author_id, body)
          values (${user.id}, ${input.week}, ${actor.user.id}, ${input.body}) returning id`,
    );
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "week_plan_comment",
      entityId: created!.id,
      action: "create",
      changes: [
        { field: "userId", old: null, new: user.id },
        { field: "week", old: null, new: input.week },
        { field: "body", old: null, new: input.body },
      ],
    });
    const [row] = await rows<CommentRow>(
      tx,
      sql`select ${commentColumns} from week_plan_comments c join users a on a.id = c.author_id where c.id = ${created!.id}`,
    );
    return presentWeekComment(row!);
  });
}
