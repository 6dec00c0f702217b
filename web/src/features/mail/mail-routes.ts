import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { settingsRoute } from "../../lib/route-base";

const mailSettingsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/mail",
  component: lazyRouteComponent(() => import("./mail-settings-page"), "MailSettingsPage"),
});

const outboxRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/outbox",
  component: lazyRouteComponent(() => import("./outbox-page"), "OutboxPage"),
});

/** Settings → SMTP and the outbox. */
export const mailSettingsRoutes = [mailSettingsRoute, outboxRoute] as const;
