import { createRoute, lazyRouteComponent, redirect } from "@tanstack/react-router";
import { appRoute, settingsRoute } from "../../lib/route-base";
import { canAssignOneCOrders, canManageOneC } from "./one-c-access";

/** «Не распределено»: 1C orders whose manager Planerka could not tell, for heads, tops and admins. */
const unassignedRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/one-c/unassigned",
  beforeLoad: ({ context }) => {
    if (!canAssignOneCOrders(context.me)) throw redirect({ to: "/" });
  },
  component: lazyRouteComponent(() => import("./unassigned-page"), "UnassignedOrdersPage"),
});

export const oneCRoutes = [unassignedRoute] as const;

/** Settings → «Обмен с 1С» (administrators). */
const oneCSettingsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/one-c",
  beforeLoad: ({ context }) => {
    if (!canManageOneC(context.me)) throw redirect({ to: "/settings" });
  },
  component: lazyRouteComponent(() => import("./one-c-settings-page"), "OneCSettingsPage"),
});

export const oneCSettingsRoutes = [oneCSettingsRoute] as const;
