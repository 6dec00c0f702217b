import { createRoute, lazyRouteComponent, redirect } from "@tanstack/react-router";
import { optionalNumber, settingsRoute } from "../../lib/route-base";

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
  component: lazyRouteComponent(() => import("./calendar-page"), "CalendarPage"),
});

/** Settings → the company and its production calendar. */
export const settingsRoutes = [settingsIndexRoute, companySettingsRoute, calendarRoute] as const;
