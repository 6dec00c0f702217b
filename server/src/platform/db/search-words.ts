import { type SQL, sql } from "drizzle-orm";
import { AppError } from "../errors/problem";
import { likePattern } from "./sql-values";

/**
 * One word of a list's search box. A record matches a query when every word is found in at least
 * one of its searched fields, so «Идемпотент ec7713» finds the company of that name whose e-mail
 * holds ec7713, and not every company whose phone holds 7713.
 */
export interface SearchWord {
  /** `%word%` for ILIKE (case-insensitive, Cyrillic too), the word's own `%`, `_` and `\` literal. */
  pattern: string;
  /**
   * For a word of digits and phone punctuation — "7713", "+7 (701) 555-12-34", "8 701 555 12 34":
   * `%digits%` as phones are stored (E.164, `+77015551234`): 8 or 7 in front of ten digits is
   * dropped, and a word with fewer than 4 digits finds no phone. Absent when `pattern` says the same.
   */
  digitsPattern?: string;
  /** The word as a whole number (a deal's number), when it is 1–12 digits. */
  number?: number;
}

/** More words than this is not a search but a way to make one query expensive. */
export const maxSearchWords = 10;

const phoneToken = /^[+\d().-]+$/;

/**
 * The words of `q`, split at spaces. Neighbouring tokens of digits and phone punctuation are one
 * word (a phone number typed with spaces). Repeated words count once.
 */
export function searchWordsOrThrow(q: string, path = "query.q"): SearchWord[] {
  const groups: string[] = [];
  let phoneGroup = false;
  for (const token of q.split(/\s+/)) {
    if (token === "") continue;
    const isPhone = phoneToken.test(token);
    if (isPhone && phoneGroup) groups[groups.length - 1] += ` ${token}`;
    else groups.push(token);
    phoneGroup = isPhone;
  }
  const seen = new Set<string>();
  const words: SearchWord[] = [];
  for (const group of groups) {
    const key = group.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    words.push(searchWord(group));
  }
  if (words.length > maxSearchWords) {
    const message = `Search for at most ${maxSearchWords} words`;
    throw new AppError(400, "Bad Request", `${path}: ${message}`, [{ path, message }]);
  }
  return words;
}

function searchWord(group: string): SearchWord {
  const pattern = likePattern(group);
  const word: SearchWord = { pattern };
  if (/^\d{1,12}$/.test(group)) word.number = Number(group);
  const digits = phoneDigits(group);
  if (digits && phoneToken.test(group.replace(/ /g, ""))) {
    const digitsPattern = `%${digits}%`;
    if (digitsPattern !== pattern) word.digitsPattern = digitsPattern;
  }
  return word;
}

/** "8 701 555 12 34" → "7015551234": what to look for in E.164 phones; undefined under 4 digits. */
export function phoneDigits(text: string): string | undefined {
  const digits = text.replace(/\D/g, "");
  if (digits.length < 4) return undefined;
  return digits.length >= 10 ? digits.slice(-10) : digits;
}

/**
 * `document` holds the word: as typed, case-insensitively, or — for a phone-like word — by its
 * digits. With a trigram index on `document` (`gin_trgm_ops`) both halves are index searches.
 */
export function documentHolds(document: SQL, word: SearchWord): SQL {
  const typed = sql`${document} ilike ${word.pattern}`;
  return word.digitsPattern ? sql`(${typed} or ${document} like ${word.digitsPattern})` : typed;
}

/** Every word of `q` matches (`matches` says how one word matches a record); `undefined` for no words. */
export function everyWordMatches(q: string, matches: (word: SearchWord) => SQL, path?: string): SQL | undefined {
  const words = searchWordsOrThrow(q, path);
  if (words.length === 0) return undefined;
  return sql`(${sql.join(
    words.map((word) => sql`(${matches(word)})`),
    sql` and `,
  )})`;
}
