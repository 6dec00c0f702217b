import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute } from "../../lib/route-base";
import { unitsSearchSchema, usersSearchSchema } from "./org-search";

export type { ActiveFilter, UnitsSearch, UsersSearch } from "./org-search";

const usersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/users",
  validateSearch: usersSearchSchema,
  component: lazyRouteComponent(() => import("./users-page"), "UsersPage"),
});

const unitsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/units",
  validateSearch: unitsSearchSchema,
  component: lazyRouteComponent(() => import("./units-page"), "UnitsPage"),
});

const profileRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/profile",
  component: lazyRouteComponent(() => import("./profile-page"), "ProfilePage"),
});

/** The staff list, the company tree and one's own profile. */
export const orgRoutes = [usersRoute, unitsRoute, profileRoute] as const;
