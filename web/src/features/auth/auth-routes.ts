import { createRoute, lazyRouteComponent, redirect } from "@tanstack/react-router";
import { rootRoute } from "../../lib/route-base";
import { setupStatusQuery } from "../../lib/session";
import { loginSearchSchema } from "./auth-search";

export type { LoginSearch } from "./auth-search";

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/login",
  validateSearch: loginSearchSchema,
  beforeLoad: async ({ context }) => {
    const status = await context.queryClient.fetchQuery(setupStatusQuery);
    if (status.needsSetup) throw redirect({ to: "/setup" });
  },
  component: lazyRouteComponent(() => import("./login-page"), "LoginPage"),
});

const setupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/setup",
  beforeLoad: async ({ context }) => {
    const status = await context.queryClient.fetchQuery({ ...setupStatusQuery, staleTime: 0 });
    if (!status.needsSetup) throw redirect({ to: "/login", search: {} });
  },
  component: lazyRouteComponent(() => import("./setup-page"), "SetupPage"),
});

/** The pages outside the signed-in shell. */
export const authRoutes = [loginRoute, setupRoute] as const;
