import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { settingsRoute } from "../../lib/route-base";

const accessRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/access",
  component: lazyRouteComponent(() => import("./access-page"), "AccessPage"),
});

const apiTokensRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/api-tokens",
  component: lazyRouteComponent(() => import("./api-tokens-page"), "ApiTokensPage"),
});

/** Settings → the access matrix and API tokens. */
export const accessSettingsRoutes = [accessRoute, apiTokensRoute] as const;
