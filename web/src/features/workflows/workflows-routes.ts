import { type LinkableEntity, linkableEntities } from "@planerka/common";
import { createRoute, lazyRouteComponent, redirect } from "@tanstack/react-router";
import { appRoute, optionalNumber, optionalString, settingsRoute } from "../../lib/route-base";

export type InstanceShow = "running" | "stalled" | "finished" | "all";
const shows: readonly InstanceShow[] = ["running", "stalled", "finished", "all"];

export interface WorkflowsSearch {
  tab?: "approvals";
  /** Absent means running. */
  show?: Exclude<InstanceShow, "running">;
  templateId?: string;
  entity?: LinkableEntity;
  /** Instances on this employee's records (the cabinets link here). */
  userId?: string;
  page?: number;
  /** The instance open in the drawer. */
  instance?: string;
}

const idPattern = /^[0-9a-fA-F-]{36}$/;
const optionalId = (value: unknown) => {
  const id = optionalString(value);
  return id && idPattern.test(id) ? id : undefined;
};

export function validateWorkflowsSearch(search: Record<string, unknown>): WorkflowsSearch {
  const show = optionalString(search.show) as InstanceShow | undefined;
  const entity = optionalString(search.entity);
  const page = optionalNumber(search.page);
  return {
    tab: search.tab === "approvals" ? "approvals" : undefined,
    show: show && show !== "running" && shows.includes(show) ? show : undefined,
    templateId: optionalId(search.templateId),
    entity: (linkableEntities as readonly string[]).includes(entity ?? "") ? (entity as LinkableEntity) : undefined,
    userId: optionalId(search.userId),
    page: page && page > 1 ? page : undefined,
    instance: optionalId(search.instance),
  };
}

const workflowsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/workflows",
  validateSearch: validateWorkflowsSearch,
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
