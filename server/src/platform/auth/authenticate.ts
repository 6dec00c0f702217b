import type { Role, TokenScope } from "@planerka/common";
import { sql } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import { type Executor, preparedRows, rows } from "../db/database";
import { unauthorized } from "../errors/problem";
import { type AccessScope, type ScopeSources, scopeFrom, withScopeSources } from "../scope/access-scope";
import { hashSecret } from "./tokens";

export const sessionCookieName = "planerka_session";
export const apiTokenPrefix = "plk_";

export interface Actor {
  user: { id: string; login: string; name: string; role: Role; unitId: string };
  scope: AccessScope;
  /** An app password is a phone's calendar (CalDAV) signing in: it opens nothing under /api. */
  via: "session" | "token" | "app-password";
  sessionTokenHash?: string;
  tokenScopes?: readonly TokenScope[];
}

declare module "fastify" {
  interface FastifyRequest {
    actor?: Actor;
  }
}

interface ActorRow {
  id: string;
  login: string;
  name: string;
  role: Role;
  unit_id: string;
  touch: boolean;
}

/** Finds who is calling from the session cookie or a Bearer API token; null when nobody is. */
export async function authenticate(executor: Executor, request: FastifyRequest): Promise<Actor | null> {
  const header = request.headers.authorization;
  if (header?.startsWith("Bearer ")) {
    const secret = header.slice(7).trim();
    if (!secret.startsWith(apiTokenPrefix)) throw unauthorized("Unknown API token");
    const tokenHash = hashSecret(secret);
    const [row] = await rows<ActorRow & ScopeSources & { scopes: TokenScope[]; token_id: string }>(
      executor,
      withScopeSources(sql`select u.id, u.login, u.name, u.role, u.unit_id, t.scopes, t.id as token_id,
                 (t.last_used_at is null or t.last_used_at < now() - interval '1 minute') as touch
          from api_tokens t join users u on u.id = t.user_id
          where t.token_hash = ${tokenHash} and t.revoked_at is null
            and (t.expires_at is null or t.expires_at > now()) and u.active`),
    );
    if (!row) throw unauthorized("Unknown, revoked or expired API token");
    if (row.touch) await executor.execute(sql`update api_tokens set last_used_at = now() where id = ${row.token_id}`);
    return toActor(row, "token", { tokenScopes: row.scopes });
  }
  const cookie = request.cookies[sessionCookieName];
  if (!cookie) return null;
  const sessionTokenHash = hashSecret(cookie);
  // Every request runs it: prepared once per connection (`preparedRows`).
  const [row] = await preparedRows<ActorRow & ScopeSources>(
    executor,
    withScopeSources(sql`select u.id, u.login, u.name, u.role, u.unit_id,
               s.last_seen_at < now() - interval '1 minute' as touch
        from sessions s join users u on u.id = s.user_id
        where s.token_hash = ${sessionTokenHash} and s.expires_at > now() and u.active`),
  );
  if (!row) return null;
  if (row.touch) {
    // Sliding expiry, written at most once a minute so reads stay reads.
    await executor.execute(
      sql`update sessions set last_seen_at = now(), expires_at = now() + interval '30 days' where token_hash = ${sessionTokenHash}`,
    );
  }
  return toActor(row, "session", { sessionTokenHash });
}

/**
 * A phone's calendar signing in with the person's login and one of their app passwords (HTTP Basic);
 * null when the pair is unknown, revoked or the person is inactive.
 */
export async function authenticateAppPassword(
  executor: Executor,
  login: string,
  password: string,
): Promise<Actor | null> {
  const [row] = await rows<ActorRow & ScopeSources & { password_id: string }>(
    executor,
    withScopeSources(sql`select u.id, u.login, u.name, u.role, u.unit_id, p.id as password_id,
               (p.last_used_at is null or p.last_used_at < now() - interval '1 minute') as touch
        from app_passwords p join users u on u.id = p.user_id
        where p.password_hash = ${hashSecret(password)} and p.revoked_at is null
          and lower(u.login) = lower(${login}) and u.active`),
  );
  if (!row) return null;
  if (row.touch)
    await executor.execute(sql`update app_passwords set last_used_at = now() where id = ${row.password_id}`);
  return toActor(row, "app-password", {});
}

function toActor(
  row: ActorRow & ScopeSources,
  via: Actor["via"],
  extra: Pick<Actor, "sessionTokenHash" | "tokenScopes">,
): Actor {
  const user = { id: row.id, login: row.login, name: row.name, role: row.role, unitId: row.unit_id };
  return { user, scope: scopeFrom(user, row), via, ...extra };
}

/** The actor for a user who just proved who they are (login, first-run setup). */
export async function actorForUser(executor: Executor, userId: string): Promise<Actor> {
  const [row] = await rows<ActorRow & ScopeSources>(
    executor,
    withScopeSources(
      sql`select id, login, name, role, unit_id, false as touch from users where id = ${userId} and active`,
    ),
  );
  if (!row) throw unauthorized();
  return toActor(row, "session", {});
}
