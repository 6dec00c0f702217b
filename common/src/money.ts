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

/** Money crosses the API as a number with at most two decimals. */
export function isMoney(value: number): boolean {
  return Number.isFinite(value) && Math.abs(Math.round(value * 100) - value * 100) < 1e-6;
}
