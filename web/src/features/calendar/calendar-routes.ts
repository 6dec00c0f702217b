import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute } from "../../lib/route-base";
import { calendarSearchSchema } from "./calendar-search";

export { type CalendarSearch, type CalendarView, calendarViews } from "./calendar-search";

const calendarRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/calendar",
  validateSearch: calendarSearchSchema,
  component: lazyRouteComponent(() => import("./calendar-page"), "CalendarPage"),
});

/** «Календарь»: events, activities and task deadlines by day, week, month or as a list. */
export const calendarRoutes = [calendarRoute] as const;
