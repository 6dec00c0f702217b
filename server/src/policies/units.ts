import type { AccessAction, ScopedEntity } from "@planerka/common";
import { notFound } from "../platform/errors/problem";
import type { AccessScope } from "../platform/scope/access-scope";

/**
 * A whole unit (its figures, plans, norms, an export of it) as far as the access matrix lets the
 * caller reach it (`AccessScope.canReachUnit`). Out of reach is 404, never 403, like any record out
 * of scope, so the unit's existence stays hidden.
 */
export function assertUnitReachableOrThrow(
  scope: AccessScope,
  entity: ScopedEntity,
  action: AccessAction,
  unitId: string,
): void {
  if (!scope.canReachUnit(entity, action, unitId)) throw notFound();
}
