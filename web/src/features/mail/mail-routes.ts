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

const mailTemplatesRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/mail-templates",
  component: lazyRouteComponent(() => import("./mail-templates-page"), "MailTemplatesPage"),
});

/** Settings → SMTP, the outbox and the letter templates. */
export const mailSettingsRoutes = [mailSettingsRoute, outboxRoute, mailTemplatesRoute] as const;
