import type { QueryClient } from "@tanstack/react-query";
import { createRootRouteWithContext, createRoute, Outlet, redirect } from "@tanstack/react-router";
import { isProblem } from "./api";
import { NotFoundPage, RouteErrorPage } from "./error-pages";
import { meQuery, setupStatusQuery } from "./session";

/**
 * The routes every feature hangs its pages on. Features declare their routes in
 * `features/<area>/<area>-routes.ts` against these parents; `router.tsx` assembles the tree.
 */
export interface RouterContext {
  queryClient: QueryClient;
}

export const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
  errorComponent: RouteErrorPage,
});

export const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "app",
  beforeLoad: async ({ context, location }) => {
    try {
      const me = await context.queryClient.ensureQueryData(meQuery);
      return { me };
    } catch (error) {
      if (!isProblem(error, 401)) throw error;
      const status = await context.queryClient.fetchQuery(setupStatusQuery);
      if (status.needsSetup) throw redirect({ to: "/setup" });
      const here = location.href;
      throw redirect({ to: "/login", search: { redirect: here === "/" ? undefined : here } });
    }
  },
  // The shell (app/shell/app-layout.tsx) is set by app/router.tsx, so nothing here depends on the app.
});

export const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/settings",
  beforeLoad: ({ context }) => {
    const { abilities } = context.me;
    if (!abilities.manageSettings && !abilities.manageAccess && !abilities.manageApiTokens) {
      throw redirect({ to: "/" });
    }
  },
  component: Outlet,
});
