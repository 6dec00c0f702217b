import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { settingsRoute } from "../../lib/route-base";

const webhooksRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/webhooks",
  component: lazyRouteComponent(() => import("./webhooks-page"), "WebhooksPage"),
});

/** Settings → «Вебхуки». */
export const webhookSettingsRoutes = [webhooksRoute] as const;
