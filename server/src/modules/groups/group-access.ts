import { sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Executor, rows } from "../../platform/db/database";
import { conflict, forbidden, notFound } from "../../platform/errors/problem";
import { type GroupStanding, seesEveryGroup, visibleGroupCondition } from "../../policies/groups";

/** A group as a command needs it: its state and the caller's part in it. */
export interface GroupAccess extends GroupStanding {
  id: string;
  name: string;
  chatId: string;
  version: number;
}

/**
 * The group, when the caller may see it (else 404, so a closed group's existence stays hidden).
 * `lock` holds the row for the rest of the transaction, so two member changes never interleave
 * (two owners leaving at once cannot leave the group without one).
 */
export async function groupAccessOrThrow(
  executor: Executor,
  actor: Actor,
  groupId: string,
  options: { lock?: boolean } = {},
): Promise<GroupAccess> {
  const [group] = await rows<Omit<GroupAccess, "admin">>(
    executor,
    sql`select g.id, g.name, g.visibility, g.archived_at is not null as archived, g.chat_id as "chatId", g.version,
          (select m.role from group_members m where m.group_id = g.id and m.user_id = ${actor.user.id}) as "myRole",
          (select count(*)::int from group_members o where o.group_id = g.id and o.role = 'owner') as "ownerCount"
        from groups g
        where g.id = ${groupId} and ${visibleGroupCondition(actor.user)}
        ${options.lock ? sql`for update of g` : sql``}`,
  );
  if (!group) throw notFound();
  return { ...group, admin: seesEveryGroup(actor.user) };
}

export function assertMayOrThrow(allowed: boolean, detail: string) {
  if (!allowed) throw forbidden(detail);
}

export function assertActiveGroupOrThrow(access: Pick<GroupAccess, "archived">) {
  if (access.archived) throw conflict("The group is archived; restore it first");
}
