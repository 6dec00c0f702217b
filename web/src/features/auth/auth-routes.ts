import { createRoute, lazyRouteComponent, redirect } from "@tanstack/react-router";
import { optionalString, rootRoute } from "../../lib/route-base";
import { setupStatusQuery } from "../../lib/session";

/** Only same-site paths, so a crafted link cannot send the user elsewhere after login. */
function safeRedirect(value: unknown): string | undefined {
  const path = optionalString(value);
  return path?.startsWith("/") && !path.startsWith("//") ? path : undefined;
}

export interface LoginSearch {
  redirect?: string;
}

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/login",
  validateSearch: (search: Record<string, unknown>): LoginSearch => ({ redirect: safeRedirect(search.redirect) }),
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
