import { type BonusPeriodKind, bonusPeriodOf, parseBonusPeriod } from "@planerka/common";
import dayjs from "dayjs";

/** The few texts a period's name needs, so this stays a pure function of the interface language. */
export interface PeriodTexts {
  quarter: (number: number, year: number) => string;
  half: (number: number, year: number) => string;
  year: (year: number) => string;
}

/**
 * «Март 2026», «1 квартал 2026», «2 полугодие 2026», «2026 год». Month names come from dayjs's
 * locales, not Intl: Debian's Chromium has no Kazakh ICU data.
 */
export function bonusPeriodLabel(name: string, language: string, texts: PeriodTexts): string {
  const period = parseBonusPeriod(name);
  if (!period) return name;
  const year = Number(name.slice(0, 4));
  if (period.kind === "month") {
    const label = dayjs(`${name}-01`).locale(language).format("MMMM YYYY");
    return label.charAt(0).toUpperCase() + label.slice(1);
  }
  if (period.kind === "quarter") return texts.quarter(Number(name.slice(6)), year);
  if (period.kind === "half") return texts.half(Number(name.slice(6)), year);
  return texts.year(year);
}

/** Another kind of period for the one on screen: the one that holds its first day (March → Q1 → H1 → 2026). */
export function switchPeriodKind(name: string, kind: BonusPeriodKind): string {
  const period = parseBonusPeriod(name);
  return period ? bonusPeriodOf(kind, period.firstDay) : name;
}

export function periodKindOf(name: string): BonusPeriodKind {
  return parseBonusPeriod(name)?.kind ?? "month";
}
