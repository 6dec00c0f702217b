import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute } from "../../lib/route-base";
import { headCabinetSearchSchema } from "./head-cabinet-search";

export type { HeadCabinetSearch } from "./head-cabinet-search";

export const headCabinetRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/head",
  validateSearch: headCabinetSearchSchema,
  component: lazyRouteComponent(() => import("./head-cabinet-page"), "HeadCabinetPage"),
});

export const headCabinetRoutes = [headCabinetRoute] as const;
