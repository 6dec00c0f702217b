import type { Actor } from "../platform/auth/authenticate";
import type { AccessScope } from "../platform/scope/access-scope";
import { assertUnitReachableOrThrow } from "./units";

/**
 * A unit's figures (the head cabinet's roll-up and activity, time and workday reports, bonus
 * sheets, the reconciliation) follow the matrix's `reports` read level: a head reads the units
 * they head and all below, a top or admin any unit; others get 404.
 */
export function assertUnitReadableOrThrow(actor: Actor, unitId: string): void {
  assertUnitReachableOrThrow(actor.scope, "reports", "read", unitId);
}

/** The units whose figures the caller may open, for the web's unit pickers: the same rule as above. */
export function reportUnitsOf(scope: AccessScope): "all" | string[] {
  const level = scope.level("reports", "read");
  if (level === "all") return "all";
  return level === "subtree" ? [...scope.headedUnitIds] : [];
}
