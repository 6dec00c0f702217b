import type { FeedPost, feedPollWriteSchema } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { conflict, invalid, notFound } from "../../platform/errors/problem";
import { publishRealtime } from "../../platform/realtime/realtime-events";
import { presentPost } from "./feed.presenter";
import { loadPost } from "./feed.queries";

type FeedPollWrite = z.infer<typeof feedPollWriteSchema>;

/** The poll of a new post, in the post's transaction; a closing time must lie ahead. */
export async function createPollOrThrow(tx: Executor, postId: string, poll: FeedPollWrite): Promise<void> {
  const closesAt = poll.closesAt ? new Date(poll.closesAt) : null;
  if (closesAt && closesAt.getTime() <= Date.now()) throw invalid("poll.closesAt", "The poll must close in the future");
  await tx.execute(
    sql`insert into feed_polls (post_id, question, multiple, closes_at)
        values (${postId}, ${poll.question}, ${poll.multiple}, ${closesAt?.toISOString() ?? null})`,
  );
  await tx.execute(
    sql`insert into feed_poll_options (post_id, position, text)
        values ${sql.join(
          poll.options.map((text, position) => sql`(${postId}, ${position}, ${text})`),
          sql`, `,
        )}`,
  );
}

/**
 * The caller's vote replaces their earlier one: one answer in a single-choice poll, any number of
 * different ones in a multiple-choice poll, none to withdraw. Someone outside the post's audience
 * gets 404 like on every route of the post; a closed poll refuses with 409 and changes nothing.
 * The poll's row is locked, so two votes of one person cannot both land in a single-choice poll.
 * The post's audience sees the new results at once (the feed's push).
 */
export async function votePollOrThrow(
  db: Database,
  actor: Actor,
  postId: string,
  optionIds: readonly string[],
): Promise<FeedPost> {
  return db.transaction(async (tx) => {
    if (!(await loadPost(tx, actor, postId))) throw notFound();
    const [poll] = await rows<{ multiple: boolean; closed: boolean }>(
      tx,
      sql`select multiple, closes_at is not null and closes_at <= now() as closed
          from feed_polls where post_id = ${postId} for update`,
    );
    if (!poll) throw notFound("This post has no poll");
    if (poll.closed) throw conflict("The poll is closed: votes are no longer accepted");
    const chosen = [...new Set(optionIds)];
    if (chosen.length !== optionIds.length) throw invalid("optionIds", "Choose each answer once");
    if (!poll.multiple && chosen.length > 1) throw invalid("optionIds", "This poll takes one answer");
    const options = await rows<{ id: string }>(tx, sql`select id from feed_poll_options where post_id = ${postId}`);
    const own = new Set(options.map((option) => option.id));
    if (chosen.some((id) => !own.has(id))) throw invalid("optionIds", "Not an answer of this poll");
    await tx.execute(sql`delete from feed_poll_votes where post_id = ${postId} and user_id = ${actor.user.id}`);
    if (chosen.length > 0) {
      await tx.execute(
        sql`insert into feed_poll_votes (option_id, post_id, user_id)
            values ${sql.join(
              chosen.map((id) => sql`(${id}, ${postId}, ${actor.user.id})`),
              sql`, `,
            )}`,
      );
    }
    await publishRealtime(tx, { type: "feed_post", postId });
    return presentPost((await loadPost(tx, actor, postId))!, actor);
  });
}
