import { z } from "zod";
import { optionalDay, optionalId, optionalParam } from "../../lib/search-params";

export const headCabinetSearchSchema = z.object({
  /** YYYY-MM; absent means the current month. */
  month: optionalParam(z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/)),
  /** YYYY-MM-DD, the "as of" day; absent means today. */
  date: optionalDay,
  unit: optionalId,
  /** The table's column set; absent means money. */
  view: optionalParam(z.literal("activity")),
});
export type HeadCabinetSearch = z.output<typeof headCabinetSearchSchema>;
