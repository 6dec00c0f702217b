import { formatTenge } from "@planerka/common";
import { intlLocale } from "../../i18n/locale";

/** Tenge without «,00» when whole, with tiyn otherwise, so no bonus is shown rounded. */
export function formatMoney(value: number): string {
  return formatTenge(value, { whole: Number.isInteger(value) });
}

const percentFormats = new Map<string, Intl.NumberFormat>();

/** A percentage as the API gives it (87.5 → «87,5 %»), up to 4 decimals (rates carry 4); «—» for none. */
export function formatPercent(value: number | null, language: string): string {
  if (value === null) return "—";
  let format = percentFormats.get(language);
  if (!format) {
    format = new Intl.NumberFormat(intlLocale(language), { maximumFractionDigits: 4 });
    percentFormats.set(language, format);
  }
  // Russian and Kazakh put a space before the sign; English writes «87.5%».
  return language === "en" ? `${format.format(value)}%` : `${format.format(value)}\u00a0%`;
}

/** The multiplier of the activity coefficient: «×0,93». */
export function formatMultiplier(value: number, language: string): string {
  return `×${new Intl.NumberFormat(intlLocale(language), { maximumFractionDigits: 4 }).format(value)}`;
}

const wholeAmount = new Intl.NumberFormat("ru-KZ", { maximumFractionDigits: 0 });
const exactAmount = new Intl.NumberFormat("ru-KZ", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A sum in a column whose header names the currency: digits as tenge are written, tiyn only when there are any. */
export function formatAmount(value: number): string {
  return (Number.isInteger(value) ? wholeAmount : exactAmount).format(value);
}
