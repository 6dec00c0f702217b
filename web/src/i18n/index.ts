import dayjs from "dayjs";
import "dayjs/locale/kk";
import "dayjs/locale/ru";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import { en } from "./en";
import { kk } from "./kk";
import { isLanguage, type Language } from "./locale";
import { ru } from "./ru";

dayjs.extend(utc);
dayjs.extend(timezone);

export { intlLocale, isLanguage, type Language, languages } from "./locale";

const storageKey = "planerka.language";

function readStoredLanguage(): Language | null {
  try {
    const stored = localStorage.getItem(storageKey);
    return isLanguage(stored) ? stored : null;
  } catch {
    return null;
  }
}

/** True when the user picked a language themselves; otherwise the company default may apply. */
export function hasChosenLanguage(): boolean {
  return readStoredLanguage() !== null;
}

function applyLanguage(language: Language) {
  dayjs.locale(language);
  // Unit tests (the `web` vitest project) import the texts in node, where there is no document.
  if (typeof document !== "undefined") document.documentElement.lang = language;
}

export function setLanguage(language: Language, options: { remember?: boolean } = { remember: true }) {
  if (options.remember) {
    try {
      localStorage.setItem(storageKey, language);
    } catch {
      // Private mode may refuse storage; the choice still holds for this tab.
    }
  }
  applyLanguage(language);
  void i18next.changeLanguage(language);
}

const initial = readStoredLanguage() ?? "ru";
applyLanguage(initial);

void i18next.use(initReactI18next).init({
  resources: { ru: { translation: ru }, en: { translation: en }, kk: { translation: kk } },
  lng: initial,
  fallbackLng: "ru",
  interpolation: { escapeValue: false },
  returnNull: false,
});

export const i18n = i18next;
