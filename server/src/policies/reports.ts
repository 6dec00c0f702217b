import type { Actor } from "../platform/auth/authenticate";
import { assertUnitReachableOrThrow } from "./units";

/**
 * A unit's figures (the head cabinet's roll-up and activity, time and workday reports, bonus
 * sheets, the reconciliation) follow the matrix's `reports` read level: a head reads the units
 * they head and all below, a top or admin any unit; others get 404.
 */
export function assertUnitReadableOrThrow(actor: Actor, unitId: string): void {
  assertUnitReachableOrThrow(actor.scope, "reports", "read", unitId);
}
