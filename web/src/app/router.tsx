import { notifications } from "@mantine/notifications";
import { type Role, roles } from "@planerka/common";
import { createRoute, createRouter, lazyRouteComponent, redirect } from "@tanstack/react-router";
import { activityRoutes, crmSettingsRoutes } from "../features/activities/activities-routes";
import { meQuery, setupStatusQuery } from "../features/auth/auth-api";
import { bonusRoutes } from "../features/bonuses/bonuses-routes";
import { cabinetRoutes } from "../features/cabinet/cabinet-routes";
import { chatRoutes } from "../features/chat/chat-routes";
import { crmRoutes } from "../features/crm/crm-routes";
import { groupRoutes } from "../features/groups/groups-routes";
import { headCabinetRoutes } from "../features/head-cabinet/head-cabinet-routes";
import { oneCRoutes, oneCSettingsRoutes } from "../features/one-c/one-c-routes";
import { planRoutes } from "../features/plans/plans-routes";
import { taskRoutes } from "../features/tasks/tasks-routes";
import { workflowRoutes, workflowSettingsRoutes } from "../features/workflows/workflows-routes";
import { i18n } from "../i18n";
import { PageLoader } from "./page-loader";
import { queryClient, setUnauthorizedHandler } from "./query-client";
import { appRoute, optionalNumber, optionalString, rootRoute, settingsRoute } from "./route-base";

/** Only same-site paths, so a crafted link cannot send the user elsewhere after login. */
function safeRedirect(value: unknown): string | undefined {
  const path = optionalString(value);
  return path?.startsWith("/") && !path.startsWith("//") ? path : undefined;
}

export interface LoginSearch {
  redirect?: string;
}

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/login",
  validateSearch: (search: Record<string, unknown>): LoginSearch => ({ redirect: safeRedirect(search.redirect) }),
  beforeLoad: async ({ context }) => {
    const status = await context.queryClient.fetchQuery(setupStatusQuery);
    if (status.needsSetup) throw redirect({ to: "/setup" });
  },
  component: lazyRouteComponent(() => import("../features/auth/login-page"), "LoginPage"),
});

const setupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/setup",
  beforeLoad: async ({ context }) => {
    const status = await context.queryClient.fetchQuery({ ...setupStatusQuery, staleTime: 0 });
    if (!status.needsSetup) throw redirect({ to: "/login", search: {} });
  },
  component: lazyRouteComponent(() => import("../features/auth/setup-page"), "SetupPage"),
});

const homeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/",
  component: lazyRouteComponent(() => import("../features/home/home-page"), "HomePage"),
});

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
  component: lazyRouteComponent(() => import("../features/users/users-page"), "UsersPage"),
});

export interface UnitsSearch {
  unit?: string;
}

const unitsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/units",
  validateSearch: (search: Record<string, unknown>): UnitsSearch => ({ unit: optionalString(search.unit) }),
  component: lazyRouteComponent(() => import("../features/units/units-page"), "UnitsPage"),
});

const profileRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/profile",
  component: lazyRouteComponent(() => import("../features/users/profile-page"), "ProfilePage"),
});

const settingsIndexRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/",
  beforeLoad: () => {
    throw redirect({ to: "/settings/company" });
  },
});

const companySettingsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/company",
  component: lazyRouteComponent(() => import("../features/settings/company-settings-page"), "CompanySettingsPage"),
});

export interface CalendarSearch {
  year?: number;
}

const calendarRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/calendar",
  validateSearch: (search: Record<string, unknown>): CalendarSearch => {
    const year = optionalNumber(search.year);
    return { year: year && year >= 2000 && year <= 2100 ? year : undefined };
  },
  component: lazyRouteComponent(() => import("../features/settings/calendar-page"), "CalendarPage"),
});

const accessRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/access",
  component: lazyRouteComponent(() => import("../features/settings/access-page"), "AccessPage"),
});

const apiTokensRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/api-tokens",
  component: lazyRouteComponent(() => import("../features/settings/api-tokens-page"), "ApiTokensPage"),
});

const mailSettingsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/mail",
  component: lazyRouteComponent(() => import("../features/settings/mail-settings-page"), "MailSettingsPage"),
});

const outboxRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/outbox",
  component: lazyRouteComponent(() => import("../features/settings/outbox-page"), "OutboxPage"),
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  setupRoute,
  appRoute.addChildren([
    homeRoute,
    usersRoute,
    unitsRoute,
    profileRoute,
    ...crmRoutes,
    ...activityRoutes,
    ...planRoutes,
    ...headCabinetRoutes,
    ...cabinetRoutes,
    ...taskRoutes,
    ...workflowRoutes,
    ...chatRoutes,
    ...groupRoutes,
    ...oneCRoutes,
    ...bonusRoutes,
    settingsRoute.addChildren([
      settingsIndexRoute,
      companySettingsRoute,
      calendarRoute,
      accessRoute,
      apiTokensRoute,
      mailSettingsRoute,
      outboxRoute,
      ...crmSettingsRoutes,
      ...workflowSettingsRoutes,
      ...oneCSettingsRoutes,
    ]),
  ]),
]);

export const router = createRouter({
  routeTree,
  context: { queryClient },
  defaultPreload: "intent",
  defaultPendingComponent: PageLoader,
  defaultPendingMs: 150,
  // Once a page's code and data are in, show it. The router's default keeps the loader up for at
  // least 500 ms once shown: measured, that was half a second added to a full load of the cabinet.
  defaultPendingMinMs: 0,
  scrollRestoration: true,
});

setUnauthorizedHandler(() => {
  const { pathname, href } = router.state.location;
  if (pathname === "/login" || pathname === "/setup") return;
  const hadSession = queryClient.getQueryData(meQuery.queryKey) !== undefined;
  if (hadSession) notifications.show({ color: "yellow", message: i18n.t("auth.sessionExpired") });
  // Another person may sign in next in this browser: nothing of the old session's data stays cached.
  void router.navigate({ to: "/login", search: { redirect: href } }).then(() => queryClient.clear());
});

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}
