import { existingWeekSchema, monthSchema } from "@planerka/common";
import { z } from "zod";
import { optionalParam } from "../../lib/search-params";

/**
 * The cabinet's state in the address: the month of the header, the tab, and the week of the table
 * on that tab. Absent values mean the defaults (this month, «Личные данные», this or next week), so
 * a bare /cabinet stays short, and a shared link shows exactly what its sender saw.
 */
export const cabinetSearchSchema = z.object({
  month: optionalParam(monthSchema),
  tab: optionalParam(z.literal("plans")),
  week: optionalParam(existingWeekSchema),
});
export type CabinetSearch = z.output<typeof cabinetSearchSchema>;
