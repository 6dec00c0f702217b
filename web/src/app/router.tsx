import { notifications } from "@mantine/notifications";
import { createRouter } from "@tanstack/react-router";
import { accessSettingsRoutes } from "../features/access/access-routes";
import { authRoutes } from "../features/auth/auth-routes";
import { bonusRoutes } from "../features/bonuses/bonuses-routes";
import { cabinetRoutes } from "../features/cabinet/cabinet-routes";
import { headCabinetRoutes } from "../features/cabinet/head-cabinet-routes";
import { calendarRoutes } from "../features/calendar/calendar-routes";
import { chatRoutes } from "../features/chat/chat-routes";
import { activityRoutes, crmSettingsRoutes } from "../features/crm/activities-routes";
import { crmRoutes } from "../features/crm/crm-routes";
import { driveRoutes, driveSettingsRoutes } from "../features/drive/drive-routes";
import { feedRoutes } from "../features/feed/feed-routes";
import { groupRoutes } from "../features/groups/groups-routes";
import { mailboxRoutes } from "../features/mail/inbox-routes";
import { mailSettingsRoutes } from "../features/mail/mail-routes";
import { meetingRoutes } from "../features/meetings/meetings-routes";
import { oneCRoutes, oneCSettingsRoutes } from "../features/one-c/one-c-routes";
import { orgRoutes } from "../features/org/org-routes";
import { planRoutes } from "../features/plans/plans-routes";
import { settingsRoutes } from "../features/settings/settings-routes";
import { taskRoutes } from "../features/tasks/tasks-routes";
import { telephonySettingsRoutes } from "../features/telephony/telephony-routes";
import { trainingRoutes } from "../features/training/training-routes";
import { webhookSettingsRoutes } from "../features/webhooks/webhooks-routes";
import { workflowRoutes, workflowSettingsRoutes } from "../features/workflows/workflows-routes";
import { i18n } from "../i18n";
import { PageLoader } from "../lib/page-loader";
import { queryClient, setUnauthorizedHandler } from "../lib/query-client";
import { appRoute, rootRoute, settingsRoute } from "../lib/route-base";
import { meQuery } from "../lib/session";
import { AppLayout } from "./shell/app-layout";

/** Assembles the route tree: every feature declares its own routes in `features/<area>/<area>-routes.ts`. */
appRoute.update({ component: AppLayout });

const routeTree = rootRoute.addChildren([
  ...authRoutes,
  appRoute.addChildren([
    ...cabinetRoutes,
    ...feedRoutes,
    ...orgRoutes,
    ...crmRoutes,
    ...activityRoutes,
    ...planRoutes,
    ...headCabinetRoutes,
    ...taskRoutes,
    ...calendarRoutes,
    ...workflowRoutes,
    ...chatRoutes,
    ...mailboxRoutes,
    ...groupRoutes,
    ...meetingRoutes,
    ...driveRoutes,
    ...trainingRoutes,
    ...oneCRoutes,
    ...bonusRoutes,
    settingsRoute.addChildren([
      ...settingsRoutes,
      ...accessSettingsRoutes,
      ...mailSettingsRoutes,
      ...crmSettingsRoutes,
      ...workflowSettingsRoutes,
      ...oneCSettingsRoutes,
      ...telephonySettingsRoutes,
      ...webhookSettingsRoutes,
      ...driveSettingsRoutes,
    ]),
  ]),
]);

export const router = createRouter({
  routeTree,
  context: { queryClient },
  defaultPreload: "intent",
  defaultPendingComponent: PageLoader,
  defaultPendingMs: 150,
  // Once a page's code and data are in, show it. The router's default keeps the loader up for at
  // least 500 ms once shown: measured, that was half a second added to a full load of the cabinet.
  defaultPendingMinMs: 0,
  scrollRestoration: true,
});

setUnauthorizedHandler(() => {
  const { pathname, href } = router.state.location;
  if (pathname === "/login" || pathname === "/setup") return;
  const hadSession = queryClient.getQueryData(meQuery.queryKey) !== undefined;
  if (hadSession) notifications.show({ color: "yellow", message: i18n.t("auth.sessionExpired") });
  // Another person may sign in next in this browser: nothing of the old session's data stays cached.
  void router.navigate({ to: "/login", search: { redirect: href } }).then(() => queryClient.clear());
});

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}
