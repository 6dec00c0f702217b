import { existingWeekSchema, monthSchema } from "@planerka/common";

/**
 * The cabinet's state in the address: the month of the header, the tab, and the week of the table
 * on that tab. Absent values mean the defaults (this month, «Личные данные», this or next week), so
 * a bare /cabinet stays short, and a shared link shows exactly what its sender saw.
 */
export interface CabinetSearch {
  month?: string;
  tab?: "plans";
  week?: string;
}

export function validateCabinetSearch(search: Record<string, unknown>): CabinetSearch {
  const month = monthSchema.safeParse(search.month);
  const week = existingWeekSchema.safeParse(search.week);
  return {
    month: month.success ? month.data : undefined,
    tab: search.tab === "plans" ? "plans" : undefined,
    week: week.success ? week.data : undefined,
  };
}
