import { createRoute, lazyRouteComponent, redirect } from "@tanstack/react-router";
import { appRoute } from "../../lib/route-base";
import { canConfigureBonuses } from "./bonuses-access";
import { bonusesSearchSchema, reconciliationSearchSchema } from "./bonuses-search";

/** «Премии»: every employee (the server gives a manager their own row, a head their units). */
const bonusesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/bonuses",
  validateSearch: bonusesSearchSchema,
  component: lazyRouteComponent(() => import("./bonus-sheet-page"), "BonusSheetPage"),
});

/** «Сверка с 1С»: every employee; the server limits the lines to what the caller may see. */
const reconciliationRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/bonuses/reconciliation",
  validateSearch: reconciliationSearchSchema,
  component: lazyRouteComponent(() => import("./reconciliation-page"), "ReconciliationPage"),
});

/**
 * Settings → «Премии». Hung on the app rather than the settings route: the settings route lets in
 * only administrators, and tops and the head of the top unit configure bonuses too.
 */
const bonusSchemesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/settings/bonuses",
  beforeLoad: ({ context }) => {
    if (!canConfigureBonuses(context.me)) throw redirect({ to: "/" });
  },
  component: lazyRouteComponent(() => import("./bonus-schemes-page"), "BonusSchemesPage"),
});

export const bonusRoutes = [bonusesRoute, reconciliationRoute, bonusSchemesRoute] as const;
