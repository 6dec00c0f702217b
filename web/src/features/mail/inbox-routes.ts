import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute } from "../../lib/route-base";

const mailboxesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/mailboxes",
  component: lazyRouteComponent(() => import("./mailboxes-page"), "MailboxesPage"),
});

/** «Почтовые ящики»: everyone's own (so not under Settings, which managers cannot open), and the company's for administrators. */
export const mailboxRoutes = [mailboxesRoute] as const;
