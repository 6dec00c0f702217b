import { createRoute, lazyRouteComponent, redirect } from "@tanstack/react-router";
import { settingsRoute } from "../../lib/route-base";
import { calendarSearchSchema } from "./settings-search";

export type { CalendarSearch } from "./settings-search";

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
  component: lazyRouteComponent(() => import("./company-settings-page"), "CompanySettingsPage"),
});

const calendarRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/calendar",
  validateSearch: calendarSearchSchema,
  component: lazyRouteComponent(() => import("./calendar-page"), "CalendarPage"),
});

/** Settings → the company and its production calendar. */
export const settingsRoutes = [settingsIndexRoute, companySettingsRoute, calendarRoute] as const;
