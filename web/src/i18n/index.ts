import dayjs from "dayjs";
import "dayjs/locale/kk";
import "dayjs/locale/ru";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";
import i18next, { type BackendModule, type ResourceKey } from "i18next";
import { initReactI18next } from "react-i18next";
import { isLanguage, type Language, languages } from "./locale";

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

function applyLanguage(language: string) {
  if (!isLanguage(language)) return;
  dayjs.locale(language);
  // Unit tests (the `web` vitest project) import the texts in node, where there is no document.
  if (typeof document !== "undefined") document.documentElement.lang = language;
}

/**
 * Each language's texts are a chunk of their own (some 150 KB each), fetched when the language is
 * first used: a full load downloads the active language only. Static imports here would put all
 * three in the first load, whichever the user reads.
 */
const textsOf: Record<Language, () => Promise<ResourceKey>> = {
  ru: () => import("./ru").then((module) => module.ru),
  en: () => import("./en").then((module) => module.en),
  kk: () => import("./kk").then((module) => module.kk),
};

const languageChunks: BackendModule = {
  type: "backend",
  callbackApi: true,
  init() {},
  read(language, _namespace, callback) {
    if (!isLanguage(language)) return callback(new Error(`no texts for ${language}`), false);
    textsOf[language]().then(
      (texts) => callback(null, texts),
      (error: Error) => callback(error, false),
    );
  },
};

/**
 * Switches the interface language. The screens keep the current language until the new one's texts
 * have arrived (i18next changes the language only once they are loaded), so no key ever shows; if
 * they cannot be fetched (offline, or a deploy replaced the chunk), the current language stays.
 */
export async function setLanguage(language: Language, options: { remember?: boolean } = { remember: true }) {
  if (options.remember) {
    try {
      localStorage.setItem(storageKey, language);
    } catch {
      // Private mode may refuse storage; the choice still holds for this tab.
    }
  }
  await i18next.loadLanguages(language);
  if (i18next.hasResourceBundle(language, "translation")) await i18next.changeLanguage(language);
}

const initial = readStoredLanguage() ?? "ru";

// Dates and the page's `lang` follow the texts: they change together, when the texts are in.
i18next.on("languageChanged", applyLanguage);

/** Resolves once the active language's texts are loaded: the app renders after it (web/src/main.tsx). */
export const i18nReady: Promise<unknown> = i18next
  .use(languageChunks)
  .use(initReactI18next)
  .init({
    lng: initial,
    supportedLngs: languages,
    // Every language has every key (translations.test.ts), so none borrows from another and only
    // the active one is loaded; a fallback language would be downloaded beside it.
    fallbackLng: false,
    load: "currentOnly",
    // Ask for the texts now, not a task later: they download beside the first page's code.
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });

export const i18n = i18next;
