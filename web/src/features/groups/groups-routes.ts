import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute, optionalNumber, optionalString } from "../../lib/route-base";

export const groupListTabs = ["mine", "all"] as const;
export type GroupListTab = (typeof groupListTabs)[number];

export interface GroupsSearch {
  tab?: GroupListTab;
  q?: string;
  page?: number;
}

export const groupPageTabs = ["tasks", "members", "chat"] as const;
export type GroupPageTab = (typeof groupPageTabs)[number];

export interface GroupSearch {
  tab?: GroupPageTab;
}

const groupsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/groups",
  validateSearch: (search: Record<string, unknown>): GroupsSearch => {
    const tab = optionalString(search.tab);
    const page = optionalNumber(search.page);
    return {
      tab: (groupListTabs as readonly string[]).includes(tab ?? "") ? (tab as GroupListTab) : undefined,
      q: optionalString(search.q),
      page: page && page > 1 ? page : undefined,
    };
  },
  component: lazyRouteComponent(() => import("./groups-page"), "GroupsPage"),
});

const groupRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/groups/$groupId",
  validateSearch: (search: Record<string, unknown>): GroupSearch => {
    const tab = optionalString(search.tab);
    return { tab: (groupPageTabs as readonly string[]).includes(tab ?? "") ? (tab as GroupPageTab) : undefined };
  },
  component: lazyRouteComponent(() => import("./group-page"), "GroupPage"),
});

/** Groups and projects: the list and a group's page. */
export const groupRoutes = [groupsRoute, groupRoute] as const;
