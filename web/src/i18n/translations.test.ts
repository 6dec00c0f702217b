import { describe, expect, it } from "vitest";
import { en } from "./en";
import { kk } from "./kk";
import { intlLocale } from "./locale";
import { ru } from "./ru";

// Every text of the interface in Russian, English and Kazakh: the same keys, the plural forms
// each language needs, the same {{placeholders}}, and no text left in another language.

type Tree = { readonly [key: string]: string | Tree };
type Language = "ru" | "en" | "kk";

const sets: Record<Language, Tree> = { ru, en, kk };
const pluralSuffix = /_(zero|one|two|few|many|other)$/;
const placeholder = /\{\{\s*[\w.]+\s*(?:,[^}]*)?\}\}/g;

/** Words that stay Latin in every language: product names, formats, protocols, keys on the keyboard. */
const latinWords = new Set([
  "Planerka",
  "CRM",
  "API",
  "ID",
  "SMTP",
  "IMAP",
  "SSL",
  "TLS",
  "STARTTLS",
  "CSV",
  "XLSX",
  "Excel",
  "PNG",
  "JPEG",
  "WebP",
  "KZT",
  "E-mail",
  "e-mail",
  "Enter",
  "Shift",
  "Ctrl",
  // «Планёрка» steps through people with J and K, as mail and feed readers do.
  "J",
  "K",
  "English",
  "call_out_cold",
  "iCalendar",
  "CalDAV",
  "iPhone",
  "Android",
  "DAVx5",
  "Google",
  "Outlook",
]);
/** Keys whose value is a language's own name, written in that language. */
const ownNames = new Set(["languages.ru", "languages.en", "languages.kk"]);
/** English texts that quote Russian on purpose: the plan import reads columns named «Логин», «Месяц», «Сумма». */
const quotesRussian = new Set(["plans.importHint", "activities.imports.problems.planColumns"]);

function flatten(tree: Tree, prefix = "", into = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") into.set(path, value);
    else flatten(value, path, into);
  }
  return into;
}

const flat = {
  ru: flatten(sets.ru),
  en: flatten(sets.en),
  kk: flatten(sets.kk),
};

/** `a.b_few` → `a.b`; the plural forms of one text count as one key. */
function baseKey(key: string): string {
  return key.replace(pluralSuffix, "");
}

function pluralForms(language: Language): Map<string, Set<string>> {
  const forms = new Map<string, Set<string>>();
  for (const key of flat[language].keys()) {
    const match = pluralSuffix.exec(key);
    if (!match) continue;
    const base = baseKey(key);
    const set = forms.get(base) ?? new Set<string>();
    set.add(match[1] as string);
    forms.set(base, set);
  }
  return forms;
}

/** Removes placeholders, addresses, file extensions and allow-listed words; what is left must be the language's own. */
function ownText(value: string): string {
  return value
    .replace(placeholder, " ")
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, " ")
    .replace(/\.(csv|xlsx|ics)\b/gi, " ")
    .replace(/[A-Za-z][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*/g, (word) => (latinWords.has(word) ? " " : word));
}

const cyrillic = /[\u0400-\u04FF]/;
const latin = /[A-Za-z]/;
/** Words with Cyrillic letters, split at spaces only: «Бизнес-процесс» is one word. */
const cyrillicWords = (value: string) =>
  value
    .replace(placeholder, " ")
    .split(/\s+/)
    .filter((word) => cyrillic.test(word));
/** Russian letters Kazakh words do not use, and Russian words Kazakh does not have. */
const russianLetter = /[ёщъЁЩЪ]/;
const russianWords = new Set(
  "и в на с по для из от до к или что это уже ещё еще нет все всё как при за об без будет можно нельзя чтобы его её их вы вас ваш ваши вам".split(
    " ",
  ),
);

const others: readonly Language[] = ["en", "kk"];

describe("interface texts in three languages", () => {
  it("have the same keys in Russian, English and Kazakh", () => {
    const bases = (language: Language) => new Set([...flat[language].keys()].map(baseKey));
    const russian = bases("ru");
    for (const language of others) {
      const own = bases(language);
      const missing = [...russian].filter((key) => !own.has(key));
      const extra = [...own].filter((key) => !russian.has(key));
      expect({ language, missing, extra }).toEqual({ language, missing: [], extra: [] });
    }
  });

  it("have every plural form the language needs, and only forms Russian uses", () => {
    const ruForms = pluralForms("ru");
    for (const language of ["ru", ...others] as const) {
      const needed = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
      const problems: string[] = [];
      for (const [base, forms] of pluralForms(language)) {
        if (!ruForms.has(base)) problems.push(`${base}: plural only in ${language}`);
        for (const form of needed) if (!forms.has(form)) problems.push(`${base}_${form} missing`);
        for (const form of forms) if (!ruForms.get(base)?.has(form)) problems.push(`${base}_${form} unknown`);
      }
      for (const base of ruForms.keys()) {
        if (!pluralForms(language).has(base)) problems.push(`${base}: not plural in ${language}`);
      }
      expect({ language, problems }).toEqual({ language, problems: [] });
    }
  });

  it("keep every {{placeholder}} of the Russian text", () => {
    const placeholders = (value: string) => [...new Set(value.match(placeholder) ?? [])].sort();
    const ruByBase = new Map<string, string[]>();
    for (const [key, value] of flat.ru) {
      const base = baseKey(key);
      ruByBase.set(base, [...new Set([...(ruByBase.get(base) ?? []), ...placeholders(value)])].sort());
    }
    for (const language of others) {
      const problems: string[] = [];
      for (const [key, value] of flat[language]) {
        const expected = ruByBase.get(baseKey(key)) ?? [];
        const found = placeholders(value);
        // A singular form may say «one» instead of {{count}}; every other placeholder must stay.
        const needed = pluralSuffix.test(key) ? expected.filter((name) => !name.includes("count")) : expected;
        const lost = needed.filter((name) => !found.includes(name));
        const invented = found.filter((name) => !expected.includes(name));
        if (lost.length || invented.length) problems.push(`${key}: lost ${lost} invented ${invented}`);
      }
      expect({ language, problems }).toEqual({ language, problems: [] });
    }
  });

  it("write English without Cyrillic", () => {
    const problems = [...flat.en].filter(
      ([key, value]) => !ownNames.has(key) && !quotesRussian.has(key) && cyrillic.test(value),
    );
    expect(problems).toEqual([]);
  });

  it("write Russian and Kazakh without Latin words beyond product names and formats", () => {
    for (const language of ["ru", "kk"] as const) {
      const problems = [...flat[language]]
        .filter(([key, value]) => !ownNames.has(key) && latin.test(ownText(value)))
        .map(([key, value]) => `${key}: ${value}`);
      expect({ language, problems }).toEqual({ language, problems: [] });
    }
  });

  it("translate into Kazakh rather than copy the English or the Russian text", () => {
    const problems: string[] = [];
    for (const [key, value] of flat.kk) {
      if (ownNames.has(key)) continue;
      const english = flat.en.get(key);
      if (english !== undefined && value === english && latin.test(ownText(english))) {
        problems.push(`${key}: English «${value}»`);
      }
      const words = cyrillicWords(value);
      const russianWord = words.find((word) => russianWords.has(word.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "")));
      if (russianLetter.test(value) || russianWord) problems.push(`${key}: Russian? «${value}»`);
      const russian = flat.ru.get(key);
      if (russian !== undefined && value === russian && words.length >= 2) {
        problems.push(`${key}: same as Russian «${value}»`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe("dates and numbers follow the interface language", () => {
  it("maps each language to its Intl locale, Kazakh to kk-KZ", () => {
    expect(intlLocale("kk")).toBe("kk-KZ");
    expect(intlLocale("ru")).toBe("ru-RU");
    expect(intlLocale("en")).toBe("en-GB");
    expect(intlLocale("de")).toBe("ru-RU");
  });

  it("names the Kazakh month and groups the digits as Kazakhstan does", () => {
    const december = new Date(Date.UTC(2026, 11, 6, 12));
    const day = new Intl.DateTimeFormat(intlLocale("kk"), { day: "numeric", month: "long", timeZone: "UTC" });
    expect(day.format(december)).toBe("6 желтоқсан");
    expect(new Intl.NumberFormat(intlLocale("kk"), { maximumFractionDigits: 2 }).format(1234567.89)).toBe(
      "1\u00a0234\u00a0567,89",
    );
  });
});
