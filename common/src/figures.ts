/**
 * The figures of DESIGN.md section 4, as pure functions. Money is carried in tiyn (1/100 tenge) as
 * BigInt so that nothing is lost to floating point; SQL sums arrive as `numeric` strings.
 */
import { addDays, countWorkingDays, monthEnd, monthStart, type WorkingCalendar } from "./calendar";

export function toTiyn(amount: string | number): bigint {
  const text = typeof amount === "number" ? amount.toFixed(2) : amount.trim();
  const match = /^(-?)(\d+)(?:\.(\d{1,2})\d*)?$/.exec(text);
  if (!match) throw new Error(`Not an amount: ${text}`);
  const tiyn = BigInt(match[2]!) * 100n + BigInt((match[3] ?? "0").padEnd(2, "0"));
  return match[1] ? -tiyn : tiyn;
}

export function fromTiyn(tiyn: bigint): number {
  return Number(tiyn) / 100;
}

/** Tiyn as exact decimal text (`-12.05`), for `numeric` columns: no float on the way. */
export function tiynToText(tiyn: bigint): string {
  const sign = tiyn < 0n ? "-" : "";
  const absolute = tiyn < 0n ? -tiyn : tiyn;
  return `${sign}${absolute / 100n}.${String(absolute % 100n).padStart(2, "0")}`;
}

/** numerator ÷ denominator rounded half away from zero. */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  const twice = (remainder < 0n ? -remainder : remainder) * 2n;
  const absDenominator = denominator < 0n ? -denominator : denominator;
  if (twice < absDenominator) return quotient;
  return numerator < 0n !== denominator < 0n ? quotient - 1n : quotient + 1n;
}

/** Working days of a month as seen from the as-of day `d`. */
export interface MonthProgress {
  position: "before" | "inside" | "after";
  /** W(month start..month end). */
  whole: number;
  /** W(month start..d) while d is inside the month. */
  toDate: number;
  /** W(max(d + 1, month start)..month end). */
  remaining: number;
}

export function monthProgress(month: string, asOf: string, calendar: WorkingCalendar): MonthProgress {
  const start = monthStart(month);
  const end = monthEnd(month);
  const position = asOf < start ? "before" : asOf > end ? "after" : "inside";
  const whole = countWorkingDays(start, end, calendar);
  const toDate = position === "inside" ? countWorkingDays(start, asOf, calendar) : position === "after" ? whole : 0;
  const fromDay = addDays(asOf, 1) > start ? addDays(asOf, 1) : start;
  const remaining = position === "after" ? 0 : countWorkingDays(fromDay, end, calendar);
  return { position, whole, toDate, remaining };
}

/** Plan × W(start..d) ÷ W(month); the whole plan after the month or in a month without working days. */
export function planToDate(plan: bigint, progress: MonthProgress): bigint {
  if (progress.position === "before") return 0n;
  if (progress.position === "after" || progress.whole === 0) return plan;
  return divideRounded(plan * BigInt(progress.toDate), BigInt(progress.whole));
}

/** Actual × W(month) ÷ W(start..d) while d is inside the month and W(start..d) > 0; else Actual. */
export function forecast(actual: bigint, progress: MonthProgress): bigint {
  if (progress.position !== "inside" || progress.toDate === 0) return actual;
  return divideRounded(actual * BigInt(progress.whole), BigInt(progress.toDate));
}

/** (Plan − Actual) ÷ remaining working days, when there is a gap and days to close it. */
export function neededPerDay(plan: bigint, actual: bigint, progress: MonthProgress): bigint | null {
  if (plan <= actual || progress.position === "after" || progress.remaining === 0) return null;
  return divideRounded(plan - actual, BigInt(progress.remaining));
}

/** How far the actual is behind the plan to date (the start pages' «отставание»); 0 when not behind. */
export function lagBehindPlan(planToDateTiyn: bigint, actual: bigint): bigint {
  return planToDateTiyn > actual ? planToDateTiyn - actual : 0n;
}

/** Actual ÷ Plan × 100, to 0.01 %; none when the plan is 0. */
export function completionPercent(actual: bigint, plan: bigint): number | null {
  if (plan === 0n) return null;
  return Number(divideRounded(actual * 10_000n, plan)) / 100;
}

export interface CoefficientTerm {
  weight: number;
  dailyNorm: number;
  fact: number;
}

/**
 * Σ weight × min(fact ÷ (norm × W), 1.2) ÷ Σ weight, as a percentage to 0.01; over types with a
 * norm above zero; none when no type has one or W is 0.
 */
export function activityCoefficient(terms: readonly CoefficientTerm[], workingDays: number): number | null {
  const normed = terms.filter((term) => term.dailyNorm > 0);
  const totalWeight = normed.reduce((sum, term) => sum + term.weight, 0);
  if (normed.length === 0 || workingDays === 0 || totalWeight === 0) return null;
  const weighted = normed.reduce(
    (sum, term) => sum + term.weight * Math.min(term.fact / (term.dailyNorm * workingDays), 1.2),
    0,
  );
  return Math.round((weighted / totalWeight) * 10_000) / 100;
}
