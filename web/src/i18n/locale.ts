/** The interface languages and the locale each one asks of Intl; no side effects, so tests can import it. */
export const languages = ["ru", "en", "kk"] as const;
export type Language = (typeof languages)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (languages as readonly string[]).includes(value);
}

/**
 * Some browsers' ICU lacks Kazakh data and formats `kk-KZ` as the root locale (Debian's Chromium
 * writes 1,234.5); there `ru-KZ`, which writes numbers as Kazakhstan does (1 234,5), stands in.
 * Month and weekday names never come from Intl: dayjs carries its own Kazakh locale.
 */
function kazakhLocale(): string {
  try {
    return new Intl.NumberFormat("kk-KZ").format(1234.5) === "1\u00a0234,5" ? "kk-KZ" : "ru-KZ";
  } catch {
    return "ru-KZ";
  }
}

let intlLocales: Record<Language, string> | undefined;

/** The Intl locale for numbers in an interface language; an unknown one reads as Russian. */
export function intlLocale(language: string): string {
  intlLocales ??= { ru: "ru-RU", en: "en-GB", kk: kazakhLocale() };
  return isLanguage(language) ? intlLocales[language] : intlLocales.ru;
}
