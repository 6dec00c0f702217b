import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute } from "../../lib/route-base";
import { groupSearchSchema, groupsSearchSchema } from "./groups-search";

export {
  type GroupListTab,
  type GroupPageTab,
  type GroupSearch,
  type GroupsSearch,
  groupListTabs,
  groupPageTabs,
} from "./groups-search";

const groupsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/groups",
  validateSearch: groupsSearchSchema,
  component: lazyRouteComponent(() => import("./groups-page"), "GroupsPage"),
});

const groupRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/groups/$groupId",
  validateSearch: groupSearchSchema,
  component: lazyRouteComponent(() => import("./group-page"), "GroupPage"),
});

/** Groups and projects: the list and a group's page. */
export const groupRoutes = [groupsRoute, groupRoute] as const;
