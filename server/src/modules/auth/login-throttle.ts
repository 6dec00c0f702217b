import { sql } from "drizzle-orm";
import { type Database, type Executor, rows } from "../../platform/db/database";

export const throttleWindowMinutes = 15;
/** Failures of one login from one address: that pair is refused for the rest of the window. */
export const maxFailuresPerPair = 5;
/** Failures from one address over any logins (password spraying): that address is refused. */
export const maxFailuresPerAddress = 30;
/** Failures of one login from all addresses after which the progressive delay starts. */
export const loginDelayAfter = 5;
export const maxLoginDelaySeconds = throttleWindowMinutes * 60;

/** The wait the login's failures impose on addresses that already failed for it: 2, 4, 8 … s, at most 15 min. */
export function loginDelaySeconds(loginFailures: number): number {
  if (loginFailures < loginDelayAfter) return 0;
  return Math.min(2 ** (loginFailures - loginDelayAfter + 1), maxLoginDelaySeconds);
}

export type Admission = { admitted: true; attemptId: number } | { admitted: false; retryAfter: number };

interface Counts {
  pair: number;
  address: number;
  login: number;
  oldest_pair: string | null;
  oldest_address: string | null;
  latest_login: string | null;
}

/**
 * Decides whether this attempt's password may be checked, and if so records it as a failure before
 * the check (a success turns it into one, `recordLoginSuccess`). Deciding and recording happen under
 * advisory locks on the login and on the address, so parallel attempts are counted one after another
 * and no more than the limit are ever checked. Counted in the database so that every instance behind
 * a load balancer sees the same failures. The rule is written in ARCHITECTURE.md (Decisions).
 */
export async function admitLoginAttempt(db: Database, login: string, ip: string): Promise<Admission> {
  return db.transaction(async (tx) => {
    // Always the login's lock first, then the address's: no two attempts wait for each other in a cycle.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`login:${login}`}, 0)),
                 pg_advisory_xact_lock(hashtextextended(${`address:${ip}`}, 0))`,
    );
    const [counts] = await rows<Counts>(
      tx,
      sql`select
            count(*) filter (where login = ${login} and ip = ${ip})::int as pair,
            count(*) filter (where ip = ${ip})::int as address,
            count(*) filter (where login = ${login})::int as login,
            min(at) filter (where login = ${login} and ip = ${ip}) as oldest_pair,
            min(at) filter (where ip = ${ip}) as oldest_address,
            max(at) filter (where login = ${login}) as latest_login
          from login_attempts
          where not succeeded and at > now() - make_interval(mins => ${throttleWindowMinutes})
            and (login = ${login} or ip = ${ip})`,
    );
    const retryAfter = counts ? secondsToWait(counts) : 0;
    if (retryAfter > 0) return { admitted: false, retryAfter };
    const [attempt] = await rows<{ id: number }>(
      tx,
      sql`insert into login_attempts (login, ip, succeeded) values (${login}, ${ip}, false) returning id`,
    );
    return { admitted: true, attemptId: Number(attempt!.id) };
  });
}

function secondsToWait(counts: Counts): number {
  const until = (from: string | null, seconds: number) =>
    from ? Math.max(1, Math.ceil((new Date(from).getTime() + seconds * 1000 - Date.now()) / 1000)) : 1;
  const window = throttleWindowMinutes * 60;
  if (counts.pair >= maxFailuresPerPair) return until(counts.oldest_pair, window);
  if (counts.address >= maxFailuresPerAddress) return until(counts.oldest_address, window);
  // An address that has not failed for this login is not delayed: the owner's right password from a
  // new place still works while someone else is guessing.
  const delay = counts.pair > 0 ? loginDelaySeconds(counts.login) : 0;
  if (delay > 0 && counts.latest_login) {
    const wait = Math.ceil((new Date(counts.latest_login).getTime() + delay * 1000 - Date.now()) / 1000);
    if (wait > 0) return wait;
  }
  return 0;
}

/** The admitted attempt succeeded: it counts as a success, and this address's earlier typos are forgiven. */
export async function recordLoginSuccess(executor: Executor, login: string, ip: string, attemptId: number) {
  // The login's lock first, as in admitLoginAttempt: two people logging in at once with the right
  // password would otherwise each lock their own attempt and then wait for the other's (a deadlock).
  await executor.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`login:${login}`}, 0))`);
  await executor.execute(sql`update login_attempts set succeeded = true where id = ${attemptId}`);
  // Only this address's failures: someone else's guessing from elsewhere stays counted.
  await executor.execute(
    sql`delete from login_attempts where login = ${login} and ip = ${ip} and not succeeded and id <> ${attemptId}`,
  );
}
