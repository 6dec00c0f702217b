import { addDays, isoWeekOf } from "@planerka/common";
import type { QueryClient } from "@tanstack/react-query";
import { createRoute, lazyRouteComponent, redirect } from "@tanstack/react-router";
import { companyToday } from "../../lib/dates";
import { appRoute } from "../../lib/route-base";
import { managerCabinetQuery, weekCabinetQuery } from "./cabinet-api";
import { type CabinetSearch, cabinetSearchSchema } from "./cabinet-search";

/**
 * Starts the cabinet's two reads (the header and the table of the week the page opens on) while
 * the page's code is still downloading. Not awaited: the page renders as soon as its code is there
 * and its queries join these requests, so the month and week here must be the page's (see
 * `Cabinet` in cabinet-page.tsx). The query definitions are imported here, not on demand: they are
 * small (about 3 KB with their schemas), and a dynamic import would wait behind the page's own
 * chunks and start the reads no earlier than the page does.
 */
function prefetchCabinet(queryClient: QueryClient, userId: string, timeZone: string, search: CabinetSearch) {
  const today = companyToday(timeZone);
  const week = search.week ?? isoWeekOf(search.tab === "plans" ? addDays(today, 7) : today);
  void queryClient.prefetchQuery(managerCabinetQuery(userId, search.month ?? today.slice(0, 7)));
  void queryClient.prefetchQuery(weekCabinetQuery(userId, week));
}

export const cabinetRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/cabinet",
  validateSearch: cabinetSearchSchema,
  loaderDeps: ({ search }) => search,
  loader: ({ context, deps }) => prefetchCabinet(context.queryClient, context.me.id, context.me.timeZone, deps),
  component: lazyRouteComponent(() => import("./cabinet-page"), "MyCabinetPage"),
});

export const userCabinetRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/cabinet/$userId",
  validateSearch: cabinetSearchSchema,
  loaderDeps: ({ search }) => search,
  loader: ({ context, params, deps }) => prefetchCabinet(context.queryClient, params.userId, context.me.timeZone, deps),
  component: lazyRouteComponent(() => import("./cabinet-page"), "UserCabinetPage"),
});

/**
 * Where one lands (after logging in, or opening the address): the start page, or «Мой кабинет» for
 * whoever chose it in their profile.
 */
const homeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/",
  beforeLoad: ({ context }) => {
    if (context.me.startPage === "cabinet") throw redirect({ to: "/cabinet", replace: true });
  },
  component: lazyRouteComponent(() => import("./home-page"), "HomePage"),
});

/** «Главная» by role (the start page), also for those who land on their cabinet. */
const startPageRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/home",
  component: lazyRouteComponent(() => import("./home-page"), "HomePage"),
});

export const cabinetRoutes = [homeRoute, startPageRoute, cabinetRoute, userCabinetRoute] as const;
