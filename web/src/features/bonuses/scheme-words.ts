import type { BonusScheme } from "@planerka/common";
import type { TFunction } from "i18next";
import { formatMoney, formatPercent } from "./bonus-format";

/** What the words need of a scheme: a stored one or the editor's body. */
export type SchemeTerms = Pick<BonusScheme, "period" | "base" | "mode" | "bands" | "fixed" | "cap" | "coefficient">;

/** «80 % → 1 %, 100 % → 2 %»: the bands in the list's narrow column. */
export function bandsSummary(bands: SchemeTerms["bands"], language: string): string {
  return bands
    .map((band) => `${formatPercent(band.fromCompletion, language)} → ${formatPercent(band.rate, language)}`)
    .join(", ");
}

/**
 * The scheme in a few sentences, so whoever sets it sees what people will be paid: «Премия за
 * месяц — процент от собственной подтверждённой выручки по ступеням: от 80 % выполнения — 1 %;
 * от 100 % выполнения — 2 %. Ниже 80 % выполнения процента нет.»
 */
export function describeScheme(scheme: SchemeTerms, t: TFunction, language: string): string {
  const percent = (value: number) => formatPercent(value, language);
  const bands = scheme.bands
    .map((band) => t("bonuses.words.band", { from: percent(band.fromCompletion), rate: percent(band.rate) }))
    .join("; ");
  const sentences = [
    t(scheme.mode === "linear" ? "bonuses.words.linear" : "bonuses.words.step", {
      period: t(`bonuses.words.periods.${scheme.period}`),
      base: t(`bonuses.words.base.${scheme.base}`),
      bands,
    }),
  ];
  const first = scheme.bands[0];
  if (first && first.fromCompletion > 0)
    sentences.push(t("bonuses.words.below", { from: percent(first.fromCompletion) }));
  if (scheme.fixed > 0) sentences.push(t("bonuses.words.fixed", { amount: formatMoney(scheme.fixed) }));
  if (scheme.coefficient) sentences.push(t("bonuses.words.coefficient", { floor: percent(scheme.coefficient.floor) }));
  if (scheme.cap !== null) sentences.push(t("bonuses.words.cap", { amount: formatMoney(scheme.cap) }));
  return sentences.join(" ");
}
