import { bonusPeriodSchema } from "@planerka/common";
import { z } from "zod";
import { optionalFlag, optionalId, optionalParam } from "../../lib/search-params";

export const bonusesSearchSchema = z.object({
  /** `2026-03`, `2026-Q1`, `2026-H1` or `2026`; absent means the current month. */
  period: optionalParam(bonusPeriodSchema),
  /** Absent: the server's choice (a manager's own row, a head's units, a top's company). */
  unit: optionalId,
});
export type BonusesSearch = z.output<typeof bonusesSearchSchema>;

export const reconciliationSearchSchema = bonusesSearchSchema.extend({
  /** Show the differences already accepted too. */
  accepted: optionalFlag,
});
export type ReconciliationSearch = z.output<typeof reconciliationSearchSchema>;
