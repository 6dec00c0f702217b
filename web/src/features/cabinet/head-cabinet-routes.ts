import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute, optionalString } from "../../lib/route-base";

export interface HeadCabinetSearch {
  /** YYYY-MM; absent means the current month. */
  month?: string;
  /** YYYY-MM-DD, the "as of" day; absent means today. */
  date?: string;
  unit?: string;
  /** The table's column set; absent means money. */
  view?: "activity";
}

const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;
const datePattern = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const idPattern = /^[0-9a-fA-F-]{36}$/;

export function validateHeadCabinetSearch(search: Record<string, unknown>): HeadCabinetSearch {
  const month = optionalString(search.month);
  const date = optionalString(search.date);
  const unit = optionalString(search.unit);
  return {
    month: month && monthPattern.test(month) ? month : undefined,
    date: date && datePattern.test(date) ? date : undefined,
    unit: unit && idPattern.test(unit) ? unit : undefined,
    view: search.view === "activity" ? "activity" : undefined,
  };
}

export const headCabinetRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/head",
  validateSearch: validateHeadCabinetSearch,
  component: lazyRouteComponent(() => import("./head-cabinet-page"), "HeadCabinetPage"),
});

export const headCabinetRoutes = [headCabinetRoute] as const;
