import { intlLocale } from "../i18n/locale";

// Short numbers for chart axes, in the interface's language: «12,5 млн» in Russian, «12.5M» in
// English. One formatter per language, built once (building one costs far more than using it).
const compactFormats = new Map<string, Intl.NumberFormat>();

export function formatCompactNumber(value: number, language: string): string {
  let format = compactFormats.get(language);
  if (!format) {
    // British English (the interface's en-GB) writes «5.5m»; charts say «5.5M», as most software does.
    const locale = language === "en" ? "en-US" : intlLocale(language);
    format = new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 });
    compactFormats.set(language, format);
  }
  return format.format(value);
}

/** A file's size for people: bytes, KB or MB with a decimal comma. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} Б`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} КБ`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace(".", ",")} МБ`;
}

/** A list's count for its header: «1 000+» when a search stopped counting (`totalCapped`). */
export function formatListTotal(page: { total: number; totalCapped?: boolean }): string {
  return `${page.total.toLocaleString("ru-RU")}${page.totalCapped ? "+" : ""}`;
}
