import "@mantine/core/styles.css";
import "@mantine/dates/styles.css";
import "@mantine/notifications/styles.css";
import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { meSchema } from "@planerka/common";
import { QueryClientProvider } from "@tanstack/react-query";
import { type AnyRoute, RouterProvider } from "@tanstack/react-router";
import { type ReactNode, StrictMode, useMemo } from "react";
import { createRoot } from "react-dom/client";
import { useTranslation } from "react-i18next";
import { router } from "./app/router";
import { createAppTheme } from "./app/theme";
import { i18nReady } from "./i18n";
import { api } from "./lib/api";
import { queryClient } from "./lib/query-client";
import { meQuery } from "./lib/session";

function ThemeProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  // react-i18next hands out a new `t` when the language changes, so the theme follows it.
  const theme = useMemo(() => createAppTheme(t), [t]);
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      {children}
    </MantineProvider>
  );
}

/**
 * A full load starts the first page's work before React's first render: its code downloads while
 * the session is checked (/me, which index.html preloads), and once /me is in, the router's
 * preload runs the page's loaders (the cabinet's reads). The first render (some 100 ms of script)
 * would otherwise hold those reads back until it is done. Signed out, nothing is started here: the
 * router's own load, on mount, sends the visitor to the login page as before.
 */
async function startFirstPage() {
  const routesById: Record<string, AnyRoute> = router.routesById;
  for (const match of router.matchRoutes(router.latestLocation)) {
    const route = routesById[match.routeId];
    if (route) router.loadRouteChunk(route)?.catch(() => undefined);
  }
  try {
    queryClient.setQueryData(meQuery.queryKey, await api("/me", meSchema));
  } catch {
    return;
  }
  void router.preloadRoute({ to: "/", href: router.latestLocation.href });
}

const root = document.getElementById("root");
if (!root) throw new Error("No #root element");

const app = createRoot(root);
// The language's texts (a chunk of their own) download beside the page's work; the first render
// waits for both, so no screen ever shows a text's key.
void Promise.allSettled([startFirstPage(), i18nReady]).finally(() =>
  app.render(
    <StrictMode>
      <ThemeProvider>
        <Notifications position="top-right" zIndex={1000} />
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </ThemeProvider>
    </StrictMode>,
  ),
);
