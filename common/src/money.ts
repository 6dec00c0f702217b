/** Tenge as people in Kazakhstan read it: `1 234 567,89 ₸` (non-breaking spaces). */
const tengeFormat = new Intl.NumberFormat("ru-KZ", { style: "currency", currency: "KZT" });
const tengeWholeFormat = new Intl.NumberFormat("ru-KZ", {
  style: "currency",
  currency: "KZT",
  maximumFractionDigits: 0,
});

export function formatTenge(amount: number, options: { whole?: boolean } = {}): string {
  return (options.whole ? tengeWholeFormat : tengeFormat).format(amount);
}

const compactFormats = new Map<string, Intl.NumberFormat>();

/**
 * Tenge in a narrow column: «31,6 млн ₸» in Russian, "₸31.6M" in English (the locale's own
 * abbreviations, never «млн» outside Russian); one decimal, so show the exact sum beside it (a title).
 */
export function formatTengeCompact(amount: number, locale = "ru"): string {
  const tag = locale.startsWith("ru") ? "ru-KZ" : locale;
  let format = compactFormats.get(tag);
  if (!format) {
    format = new Intl.NumberFormat(tag, {
      notation: "compact",
      style: "currency",
      currency: "KZT",
      currencyDisplay: "narrowSymbol",
      minimumFractionDigits: 0,
      maximumFractionDigits: 1,
    });
    compactFormats.set(tag, format);
  }
  return format.format(amount);
}

/** Money crosses the API as a number with at most two decimals. */
export function isMoney(value: number): boolean {
  return Number.isFinite(value) && Math.abs(Math.round(value * 100) - value * 100) < 1e-6;
}
