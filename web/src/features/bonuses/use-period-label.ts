import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { bonusPeriodLabel } from "./bonus-period-label";

/** A period's name in the interface language: «Март 2026», «1 квартал 2026». */
export function usePeriodLabel(): (period: string) => string {
  const { t, i18n } = useTranslation();
  return useCallback(
    (period: string) =>
      bonusPeriodLabel(period, i18n.language, {
        quarter: (number, year) => t("bonuses.period.quarter", { number, year }),
        half: (number, year) => t("bonuses.period.half", { number, year }),
        year: (year) => t("bonuses.period.year", { year }),
      }),
    [t, i18n.language],
  );
}
