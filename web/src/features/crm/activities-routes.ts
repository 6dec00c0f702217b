import { createRoute, lazyRouteComponent, redirect } from "@tanstack/react-router";
import { appRoute, settingsRoute } from "../../lib/route-base";
import { activitiesSearchSchema, importsSearchSchema } from "./activities-search";
import { canImport } from "./can-import";

/** Routes of activities («Мои дела»), imports, and CRM settings (under `settingsRoute`). */
const activitiesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/activities",
  validateSearch: activitiesSearchSchema,
  component: lazyRouteComponent(() => import("./activities-page"), "ActivitiesPage"),
});

const importsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/imports",
  validateSearch: importsSearchSchema,
  beforeLoad: ({ context }) => {
    if (!canImport(context.me.abilities.access)) throw redirect({ to: "/" });
  },
  component: lazyRouteComponent(() => import("../imports/imports-page"), "ImportsPage"),
});

export const activityRoutes = [activitiesRoute, importsRoute] as const;

const pipelinesRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/pipelines",
  beforeLoad: ({ context }) => {
    if (!context.me.abilities.manageSettings) throw redirect({ to: "/settings" });
  },
  component: lazyRouteComponent(() => import("./pipelines-page"), "PipelinesPage"),
});

const activityTypesRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/activity-types",
  beforeLoad: ({ context }) => {
    if (!context.me.abilities.manageSettings) throw redirect({ to: "/settings" });
  },
  component: lazyRouteComponent(() => import("./activity-types-page"), "ActivityTypesPage"),
});

export const crmSettingsRoutes = [pipelinesRoute, activityTypesRoute] as const;
