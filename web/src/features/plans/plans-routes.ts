import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute } from "../../lib/route-base";

export const plansRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/plans",
  component: lazyRouteComponent(() => import("./plans-page"), "PlansPage"),
});

export const planRoutes = [plansRoute] as const;
