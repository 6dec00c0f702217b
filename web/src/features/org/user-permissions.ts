import { type Me, type Role, roleRank, roles, type Unit } from "@planerka/common";
import { subtreeIds } from "./unit-tree-model";

/** Units whose people the current user manages: every unit for an admin, the headed subtrees for a head. */
export function managedUnitIds(me: Me, units: Unit[]): Set<string> | "all" | null {
  if (!me.abilities.manageUsers) return null;
  if (me.role === "admin") return "all";
  if (me.role === "head") return subtreeIds(units, me.headedUnitIds);
  return null;
}

/** Mirrors the server's rule: admins manage everyone; a head manages themselves and lower roles in their subtree. */
export function canManageUser(
  me: Me,
  user: { id: string; role: Role; unitId: string },
  managed: Set<string> | "all" | null,
): boolean {
  if (!managed) return false;
  if (managed === "all") return true;
  if (user.id === me.id) return true;
  return managed.has(user.unitId) && roleRank(user.role) < roleRank(me.role);
}

/** Roles the current user may give: a head only those below their own. */
export function assignableRoles(me: Me): Role[] {
  if (me.role === "admin") return [...roles];
  return roles.filter((role) => roleRank(role) < roleRank(me.role));
}
