import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute, settingsRoute } from "../../lib/route-base";
import { driveSearchSchema } from "./drive-search";

const driveRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/drive",
  validateSearch: driveSearchSchema,
  component: lazyRouteComponent(() => import("./drive-page"), "DrivePage"),
});

/** «Диск»: personal, group and company folders, the shared ones and the trash. */
export const driveRoutes = [driveRoute] as const;

const driveSettingsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/drive",
  component: lazyRouteComponent(() => import("./drive-settings-page"), "DriveSettingsPage"),
});

/** Settings → «Диск»: size limits and quotas (administrators). */
export const driveSettingsRoutes = [driveSettingsRoute] as const;
