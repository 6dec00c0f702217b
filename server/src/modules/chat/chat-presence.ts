import { sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";

/** A process renews its presence rows every 15 s; one that stopped renewing has died. */
const presenceFreshSeconds = 45;

/** Which of these users are online now: a live socket on any server process. */
export async function onlineUserIds(executor: Executor, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const found = await rows<{ userId: string }>(
    executor,
    sql`select distinct user_id as "userId" from user_presence
        where user_id in (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})
          and connections > 0 and seen_at > now() - make_interval(secs => ${presenceFreshSeconds})`,
  );
  return new Set(found.map((row) => row.userId));
}
