import { type Role, roles } from "@planerka/common";
import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute, optionalNumber, optionalString } from "../../lib/route-base";

export type ActiveFilter = "true" | "false" | "all";

export interface UsersSearch {
  q?: string;
  unitId?: string;
  role?: Role;
  active?: ActiveFilter;
  sort?: string;
  page?: number;
  user?: string;
}

const usersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/users",
  validateSearch: (search: Record<string, unknown>): UsersSearch => {
    const role = optionalString(search.role);
    const active = optionalString(search.active);
    const sort = optionalString(search.sort);
    const page = optionalNumber(search.page);
    return {
      q: optionalString(search.q),
      unitId: optionalString(search.unitId),
      role: (roles as readonly string[]).includes(role ?? "") ? (role as Role) : undefined,
      active: active === "false" || active === "all" ? active : undefined,
      sort: sort && /^-?(name|login|role|position|createdAt)$/.test(sort) ? sort : undefined,
      page: page && page > 1 ? page : undefined,
      user: optionalString(search.user),
    };
  },
  component: lazyRouteComponent(() => import("./users-page"), "UsersPage"),
});

export interface UnitsSearch {
  unit?: string;
}

const unitsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/units",
  validateSearch: (search: Record<string, unknown>): UnitsSearch => ({ unit: optionalString(search.unit) }),
  component: lazyRouteComponent(() => import("./units-page"), "UnitsPage"),
});

const profileRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/profile",
  component: lazyRouteComponent(() => import("./profile-page"), "ProfilePage"),
});

/** The staff list, the company tree and one's own profile. */
export const orgRoutes = [usersRoute, unitsRoute, profileRoute] as const;
