import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute } from "../../app/route-base";

export const cabinetRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/cabinet",
  component: lazyRouteComponent(() => import("./cabinet-page"), "MyCabinetPage"),
});

export const userCabinetRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/cabinet/$userId",
  component: lazyRouteComponent(() => import("./cabinet-page"), "UserCabinetPage"),
});

export const cabinetRoutes = [cabinetRoute, userCabinetRoute] as const;
