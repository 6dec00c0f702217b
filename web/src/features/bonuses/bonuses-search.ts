import { parseBonusPeriod } from "@planerka/common";
import { optionalString } from "../../lib/route-base";

export interface BonusesSearch {
  /** `2026-03`, `2026-Q1`, `2026-H1` or `2026`; absent means the current month. */
  period?: string;
  /** Absent: the server's choice (a manager's own row, a head's units, a top's company). */
  unit?: string;
}

export interface ReconciliationSearch extends BonusesSearch {
  /** Show the differences already accepted too. */
  accepted?: true;
}

const idPattern = /^[0-9a-fA-F-]{36}$/;

export function validateBonusesSearch(search: Record<string, unknown>): BonusesSearch {
  const period = optionalString(search.period);
  const unit = optionalString(search.unit);
  return {
    period: period && parseBonusPeriod(period) ? period : undefined,
    unit: unit && idPattern.test(unit) ? unit : undefined,
  };
}

export function validateReconciliationSearch(search: Record<string, unknown>): ReconciliationSearch {
  return {
    ...validateBonusesSearch(search),
    accepted: search.accepted === true || search.accepted === "true" ? true : undefined,
  };
}
