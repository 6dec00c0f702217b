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
  /** «Планёрка»; absent means the roll-up «По подразделениям». */
  tab: optionalParam(z.literal("meeting")),
  /** «Планёрка»'s person, so a reload keeps the place; absent means the first. */
  person: optionalId,
});
export type HeadCabinetSearch = z.output<typeof headCabinetSearchSchema>;
