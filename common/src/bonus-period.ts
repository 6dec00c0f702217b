import { z } from "zod";
import { firstYear, lastYear, monthEnd, monthStart } from "./calendar";

/**
 * A bonus period as the API names it: a month `2026-03`, a quarter `2026-Q1`, a half-year
 * `2026-H1` or a year `2026`. Its days are calendar days in the company's time zone.
 */
export const bonusPeriodKinds = ["month", "quarter", "half", "year"] as const;
export type BonusPeriodKind = (typeof bonusPeriodKinds)[number];

export interface BonusPeriod {
  name: string;
  kind: BonusPeriodKind;
  /** Its months, `YYYY-MM`, in order. */
  months: string[];
  firstDay: string;
  lastDay: string;
}

const pattern = /^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4])|-H([12]))?$/;

export function parseBonusPeriod(name: string): BonusPeriod | null {
  const match = pattern.exec(name);
  if (!match) return null;
  const year = Number(match[1]);
  if (year < firstYear || year > lastYear) return null;
  const [, , month, quarter, half] = match;
  const kind: BonusPeriodKind = month ? "month" : quarter ? "quarter" : half ? "half" : "year";
  const first = month ? Number(month) : quarter ? (Number(quarter) - 1) * 3 + 1 : half ? (Number(half) - 1) * 6 + 1 : 1;
  const count = { month: 1, quarter: 3, half: 6, year: 12 }[kind];
  const months = Array.from({ length: count }, (_, index) => `${year}-${String(first + index).padStart(2, "0")}`);
  return { name, kind, months, firstDay: monthStart(months[0]!), lastDay: monthEnd(months.at(-1)!) };
}

/** The period of a kind that holds a day (the current one by default on screens). */
export function bonusPeriodOf(kind: BonusPeriodKind, day: string): string {
  const year = day.slice(0, 4);
  const month = Number(day.slice(5, 7));
  if (kind === "month") return day.slice(0, 7);
  if (kind === "quarter") return `${year}-Q${Math.ceil(month / 3)}`;
  if (kind === "half") return `${year}-H${month <= 6 ? 1 : 2}`;
  return year;
}

/** The period before (for a «previous» arrow). */
export function previousBonusPeriod(name: string): string | null {
  const period = parseBonusPeriod(name);
  if (!period) return null;
  const [year, month] = period.firstDay.split("-").map(Number) as [number, number];
  const before = month === 1 ? `${year - 1}-12-01` : `${year}-${String(month - 1).padStart(2, "0")}-01`;
  return parseBonusPeriod(bonusPeriodOf(period.kind, before)) ? bonusPeriodOf(period.kind, before) : null;
}

export function nextBonusPeriod(name: string): string | null {
  const period = parseBonusPeriod(name);
  if (!period) return null;
  const [year, month] = period.lastDay.split("-").map(Number) as [number, number];
  const after = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, "0")}-01`;
  return parseBonusPeriod(bonusPeriodOf(period.kind, after)) ? bonusPeriodOf(period.kind, after) : null;
}

export const bonusPeriodSchema = z
  .string()
  .refine((value) => parseBonusPeriod(value) !== null, "Expected a period as 2026-03, 2026-Q1, 2026-H1 or 2026");
