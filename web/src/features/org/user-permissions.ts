import type { Me, Role } from "@planerka/common";

// Who manages whom is the server's rule (policies/users.ts); the web reads its answers: /me's
// `managedUnits` and `assignableRoles`, and each user's `abilities.manage`.

/** Units whose people the current user manages: every unit for an admin, the headed subtrees for a head. */
export function managedUnitIds(me: Me): Set<string> | "all" | null {
  if (!me.abilities.manageUsers) return null;
  const units = me.abilities.managedUnits;
  return units === "all" ? "all" : new Set(units);
}

/** Roles the current user may give: a head only those below their own. */
export function assignableRoles(me: Me): Role[] {
  return me.abilities.assignableRoles;
}
