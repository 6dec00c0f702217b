import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute } from "../../lib/route-base";
import { validatePeriodSearch, validateTasksSearch } from "./tasks-search";

const tasksRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/tasks",
  validateSearch: validateTasksSearch,
  component: lazyRouteComponent(() => import("./tasks-page"), "TasksPage"),
});

const timeReportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/tasks/time-report",
  validateSearch: validatePeriodSearch,
  component: lazyRouteComponent(() => import("./time-report-page"), "TimeReportPage"),
});

const taskRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/tasks/$taskId",
  component: lazyRouteComponent(() => import("./task-card-page"), "TaskCardPage"),
});

const workdayRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/workday",
  validateSearch: validatePeriodSearch,
  component: lazyRouteComponent(() => import("./workday-page"), "WorkdayPage"),
});

/** Tasks, their time report, a task's card, and the working day. */
export const taskRoutes = [tasksRoute, timeReportRoute, taskRoute, workdayRoute] as const;
