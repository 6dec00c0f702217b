import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { settingsRoute } from "../../lib/route-base";

const telephonySettingsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/telephony",
  component: lazyRouteComponent(() => import("./telephony-settings-page"), "TelephonySettingsPage"),
});

/** Settings → «Телефония». */
export const telephonySettingsRoutes = [telephonySettingsRoute] as const;
