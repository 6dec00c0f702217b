import { formatTenge } from "@planerka/common";

const percentFormat = new Intl.NumberFormat("ru-RU", { maximumFractionDigits: 1 });

/** A percentage as the API gives it (e.g. 87.5), or «—» when there is none. */
export function formatPercent(value: number | null): string {
  return value === null ? "—" : `${percentFormat.format(value)} %`;
}

/** Tenge without «,00» when the sum is whole, with kopecks (tiyn) otherwise, so no figure is rounded. */
export function formatMoney(value: number): string {
  return formatTenge(value, { whole: Number.isInteger(value) });
}

/**
 * Colour of the completion bar: compared with the plan to date, not the month's plan,
 * so a manager who is on pace mid-month is green.
 */
export function completionColor(actual: number, plan: number, planToDate: number): string {
  if (plan <= 0) return "gray";
  if (planToDate <= 0 || actual >= planToDate) return "teal";
  if (actual >= planToDate * 0.8) return "yellow";
  return "red";
}

const wholeNumber = new Intl.NumberFormat("ru-RU", { maximumFractionDigits: 0 });
const exactNumber = new Intl.NumberFormat("ru-RU", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A sum for a table whose header names the currency: digits only, kopecks only when there are any. */
export function formatAmount(value: number): string {
  return (Number.isInteger(value) ? wholeNumber : exactNumber).format(value);
}
