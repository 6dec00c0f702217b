import { sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";
import { loginAttempts } from "../../platform/db/schema";

export const throttleWindowMinutes = 15;
export const maxFailuresPerLogin = 5;
export const maxFailuresPerAddress = 30;

/**
 * Seconds until the caller may try again, or 0. Counted in the database so that every instance
 * behind the load balancer sees the same failures.
 */
export async function secondsUntilAllowed(executor: Executor, login: string, ip: string): Promise<number> {
  const [row] = await rows<{ by_login: number; by_ip: number; oldest_login: string | null; oldest_ip: string | null }>(
    executor,
    sql`select
          count(*) filter (where login = ${login})::int as by_login,
          count(*) filter (where ip = ${ip})::int as by_ip,
          min(at) filter (where login = ${login}) as oldest_login,
          min(at) filter (where ip = ${ip}) as oldest_ip
        from login_attempts
        where not succeeded and at > now() - make_interval(mins => ${throttleWindowMinutes})
          and (login = ${login} or ip = ${ip})`,
  );
  if (!row) return 0;
  const wait = (oldest: string | null) =>
    oldest
      ? Math.max(1, Math.ceil((new Date(oldest).getTime() + throttleWindowMinutes * 60_000 - Date.now()) / 1000))
      : 1;
  if (row.by_login >= maxFailuresPerLogin) return wait(row.oldest_login);
  if (row.by_ip >= maxFailuresPerAddress) return wait(row.oldest_ip);
  return 0;
}

export async function recordLoginAttempt(executor: Executor, login: string, ip: string, succeeded: boolean) {
  await executor.insert(loginAttempts).values({ login, ip, succeeded });
  if (succeeded) {
    // A successful login forgives the account's earlier failures.
    await executor.execute(sql`delete from login_attempts where login = ${login} and not succeeded`);
  }
}
