import { sql } from "drizzle-orm";
import { type Executor, rows } from "../platform/db/database";
import { type AppError, forbidden, notFound } from "../platform/errors/problem";
import type { AccessScope } from "../platform/scope/access-scope";
import { unitsBelow } from "../platform/scope/units-below";

/** Whose activity norm is being set: a unit, or a user (with their unit). */
export interface NormTarget {
  unitId?: string;
  userId?: string;
  userUnitId?: string;
  /** The unit is the caller's own or lies above it, so its norm would reach the caller. */
  unitContainsCaller: boolean;
}

/**
 * Nobody sets a norm that applies to themselves: not their own user norm, and (below top) not a
 * norm of a unit that contains them (their unit or any unit above it), since a unit's norm is
 * inherited by everyone below it. A head sets norms for the units under theirs and their people;
 * a top or admin sets the company's norms for any unit (nobody above them would). The levels are
 * the matrix's `plans` write levels. Null when allowed; else the refusal to throw.
 */
export function normChangeRefusal(scope: AccessScope, target: NormTarget): AppError | null {
  const level = scope.level("plans", "write");
  if (level !== "all" && level !== "subtree") return forbidden("You may not set activity norms");
  if (target.userId === scope.user.id) return forbidden("Nobody sets their own norms");
  if (level === "all") return null;
  const unit = target.unitId ?? target.userUnitId;
  if (!unit || !scope.canReachUnit("plans", "write", unit)) return notFound();
  if (target.unitContainsCaller) return forbidden("Nobody sets the norms of a unit they belong to");
  return null;
}

export function assertMaySetNormOrThrow(scope: AccessScope, target: NormTarget): void {
  const refusal = normChangeRefusal(scope, target);
  if (refusal) throw refusal;
}

/** Whether the user's unit is `unitId` or lies below it, so that unit's norms reach the user. */
export async function unitContainsUser(executor: Executor, unitId: string, userId: string): Promise<boolean> {
  const [row] = await rows<{ contains: boolean }>(
    executor,
    sql`select exists (select 1 from users where id = ${userId} and unit_id in ${unitsBelow(sql`${unitId}`)}) as contains`,
  );
  return row?.contains === true;
}
