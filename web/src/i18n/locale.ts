/** The interface languages and the locale each one asks of Intl and dayjs; no side effects, so tests can import it. */
export const languages = ["ru", "en", "kk"] as const;
export type Language = (typeof languages)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (languages as readonly string[]).includes(value);
}

const intlLocales: Record<Language, string> = { ru: "ru-RU", en: "en-GB", kk: "kk-KZ" };

/** The Intl locale of an interface language (dates and numbers); an unknown one reads as Russian. */
export function intlLocale(language: string): string {
  return isLanguage(language) ? intlLocales[language] : intlLocales.ru;
}
