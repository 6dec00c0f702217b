import { type Role, roleRank, roles } from "@planerka/common";
import type { Actor } from "../platform/auth/authenticate";
import { forbidden, invalid } from "../platform/errors/problem";

// Users are a directory, not a scoped entity: the access matrix has no row for them, so who
// manages whom is fixed by role (DESIGN.md section 1: the administrator manages users; a head
// those of their subtree below their own role).

/** Whether the caller manages anyone at all: an administrator, or a head who heads a unit. */
export function mayManageUsers(actor: Actor): boolean {
  const { role } = actor.user;
  return role === "admin" || (role === "head" && actor.scope.subtreeUnitIds.length > 0);
}

/** The same rule as `assertMayManageUserOrThrow`, answered for the web (each user's `abilities.manage`). */
export function mayManageUser(actor: Actor, target: { id: string; role: Role; unitId: string }): boolean {
  const { role, id } = actor.user;
  if (role === "admin") return true;
  if (role !== "head") return false;
  if (target.id === id) return true;
  return actor.scope.isInSubtree(target.unitId) && roleRank(target.role) < roleRank(role);
}

/** The units whose people the caller places users in: every unit for an admin, a head's subtree. */
export function managedUnitsOf(actor: Actor): "all" | string[] {
  if (actor.user.role === "admin") return "all";
  return mayManageUsers(actor) ? [...actor.scope.subtreeUnitIds] : [];
}

/** The roles the caller may give: every role for an admin, those below their own for a head. */
export function assignableRolesOf(actor: Actor): Role[] {
  if (actor.user.role === "admin") return [...roles];
  if (!mayManageUsers(actor)) return [];
  return roles.filter((role) => roleRank(role) < roleRank(actor.user.role));
}

/** Admins manage everyone; a head manages users of their subtree whose role is below their own. */
export function assertMayManageUserOrThrow(actor: Actor, target: { id: string; role: Role; unitId: string }): void {
  if (actor.user.role === "admin") return;
  if (actor.user.role !== "head") throw forbidden("Only an administrator or a head manages users");
  if (target.id === actor.user.id) return;
  if (!actor.scope.isInSubtree(target.unitId)) throw forbidden("The user is outside the units you head");
  if (roleRank(target.role) >= roleRank(actor.user.role))
    throw forbidden("You may not manage a user of your role or above");
}

/** A head gives only roles below their own, and only units they head. */
export function assertMayAssignOrThrow(actor: Actor, role: Role | undefined, unitId: string | undefined): void {
  if (actor.user.role === "admin") return;
  if (role !== undefined && roleRank(role) >= roleRank(actor.user.role)) {
    throw invalid("role", "You may only assign a role below your own");
  }
  if (unitId !== undefined && !actor.scope.isInSubtree(unitId)) throw invalid("unitId", "Choose a unit you head");
}

/**
 * What a change of `target` may set: nobody changes their own role or unit or deactivates
 * themselves (DESIGN.md section 1); for anyone else, only roles and units the caller may give.
 */
export function assertMayChangeUserOrThrow(
  actor: Actor,
  target: { id: string; role: Role; unitId: string },
  patch: { role?: Role; unitId?: string; active?: boolean },
): void {
  if (target.id !== actor.user.id) {
    assertMayAssignOrThrow(actor, patch.role, patch.unitId);
    return;
  }
  if (patch.role !== undefined && patch.role !== target.role) throw forbidden("You cannot change your own role");
  if (patch.unitId !== undefined && patch.unitId !== target.unitId) throw forbidden("You cannot change your own unit");
  if (patch.active === false) throw forbidden("You cannot deactivate yourself");
}
