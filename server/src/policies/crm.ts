import type { AccessAction, Role, ScopedEntity } from "@planerka/common";
import { forbidden } from "../platform/errors/problem";
import type { AccessScope } from "../platform/scope/access-scope";

/**
 * Whether the caller may `action` a CRM record whose responsible user is `owner`, by the access
 * matrix. A record whose owner has left (no active owner) is reached only by a level of `all`.
 */
export function canActOnRecord(
  scope: AccessScope,
  entity: ScopedEntity,
  action: AccessAction,
  owner: { id: string; unitId: string } | undefined,
): boolean {
  return owner ? scope.canReachOwner(entity, action, owner) : scope.level(entity, action) === "all";
}

/** Fixed by role, not the matrix: DESIGN.md section 3 makes the trash the administrator's («restorable by an admin»). */
export function mayRestoreRecords(user: { role: Role }): boolean {
  return user.role === "admin";
}

export function assertMayRestoreRecordsOrThrow(user: { role: Role }): void {
  if (!mayRestoreRecords(user)) throw forbidden("Only an administrator restores deleted records");
}

/**
 * Registering a second company under a BIN is a head's, a top's or an administrator's call: they
 * see beyond their own records and answer for the duplicate (a branch filed under its parent's
 * BIN). Fixed by role: the matrix has no action for it.
 */
export function mayAllowDuplicateBin(user: { role: Role }): boolean {
  return user.role !== "manager";
}
