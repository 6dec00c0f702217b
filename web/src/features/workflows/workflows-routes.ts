import { createRoute, lazyRouteComponent, redirect } from "@tanstack/react-router";
import { appRoute, settingsRoute } from "../../lib/route-base";
import { workflowsSearchSchema } from "./workflows-search";

export type { InstanceShow, WorkflowsSearch } from "./workflows-search";

const workflowsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/workflows",
  validateSearch: workflowsSearchSchema,
  component: lazyRouteComponent(() => import("./workflows-page"), "WorkflowsPage"),
});

export const workflowRoutes = [workflowsRoute] as const;

const templatesRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/workflows",
  beforeLoad: ({ context }) => {
    if (!context.me.abilities.manageSettings) throw redirect({ to: "/settings" });
  },
  component: lazyRouteComponent(() => import("./templates-page"), "TemplatesPage"),
});

/** `new` opens an empty editor; saving it creates the template. */
const templateRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/workflows/$templateId",
  beforeLoad: ({ context }) => {
    if (!context.me.abilities.manageSettings) throw redirect({ to: "/settings" });
  },
  component: lazyRouteComponent(() => import("./template-editor-page"), "TemplateEditorPage"),
});

export const workflowSettingsRoutes = [templatesRoute, templateRoute] as const;
