import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute } from "../../lib/route-base";
import { periodSearchSchema, tasksSearchSchema } from "./tasks-search";

const tasksRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/tasks",
  validateSearch: tasksSearchSchema,
  component: lazyRouteComponent(() => import("./tasks-page"), "TasksPage"),
});

const timeReportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/tasks/time-report",
  validateSearch: periodSearchSchema,
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
  validateSearch: periodSearchSchema,
  component: lazyRouteComponent(() => import("./workday-page"), "WorkdayPage"),
});

/** Tasks, their time report, a task's card, and the working day. */
export const taskRoutes = [tasksRoute, timeReportRoute, taskRoute, workdayRoute] as const;
