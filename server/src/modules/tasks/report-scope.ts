import { type SQL, sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/authenticate";
import { type Executor, rows } from "../../platform/db/database";
import { invalid, notFound } from "../../platform/errors/problem";
import { unitsBelow } from "../../platform/scope/units-below";
import { assertUnitReadableOrThrow } from "../../policies/reports";

/** The longest period a time or workday report covers. */
export const reportMaxDays = 366;

export function assertDayRangeOrThrow(from: string, to: string) {
  if (to < from) throw invalid("to", "The period ends before it starts");
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  if (days > reportMaxDays) throw invalid("to", `A report covers at most ${reportMaxDays} days`);
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let time = Date.parse(`${from}T00:00:00Z`); time <= Date.parse(`${to}T00:00:00Z`); time += 86_400_000) {
    days.push(new Date(time).toISOString().slice(0, 10));
  }
  return days;
}

/**
 * SQL over a user id column: the people whose reports the caller may read (themselves; for heads
 * their subtree; for tops and admins everyone), narrowed to a unit with its sub-units or to one
 * person. A unit or person outside that reach is a 404.
 */
export async function reportPeopleOrThrow(
  executor: Executor,
  actor: Actor,
  userColumn: SQL,
  filter: { unitId?: string; userId?: string },
): Promise<SQL> {
  const scope = actor.scope;
  const conditions = [scope.ownerCondition("reports", "read", userColumn)];
  if (filter.unitId) {
    const [unit] = await rows<{ id: string }>(
      executor,
      sql`select id from units where id = ${filter.unitId} and deleted_at is null`,
    );
    if (!unit) throw notFound();
    assertUnitReadableOrThrow(actor, filter.unitId);
    conditions.push(
      sql`${userColumn} in (select unit_user.id from users unit_user where unit_user.unit_id in ${unitsBelow(sql`${filter.unitId}`)})`,
    );
  }
  if (filter.userId) {
    const [user] = await rows<{ id: string; unitId: string }>(
      executor,
      sql`select id, unit_id as "unitId" from users where id = ${filter.userId}`,
    );
    if (!user || !scope.canReachOwner("reports", "read", user)) throw notFound();
    conditions.push(sql`${userColumn} = ${user.id}`);
  }
  return sql`(${sql.join(conditions, sql` and `)})`;
}
