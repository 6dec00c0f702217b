import i18next from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { en } from "../../i18n/en";
import { ru } from "../../i18n/ru";
import { bandsSummary, describeScheme, type SchemeTerms } from "./scheme-words";

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({
    resources: { ru: { translation: ru }, en: { translation: en } },
    lng: "ru",
    interpolation: { escapeValue: false },
  });
});

const nbsp = "\u00a0";
const scheme: SchemeTerms = {
  period: "month",
  base: "own",
  mode: "step",
  bands: [
    { fromCompletion: 80, rate: 1 },
    { fromCompletion: 100, rate: 2.5 },
  ],
  fixed: 0,
  cap: null,
  coefficient: null,
};

describe("a bonus scheme in words", () => {
  it("reads the bands, and what is paid below the first", () => {
    expect(describeScheme(scheme, i18n.t, "ru").replaceAll(nbsp, " ")).toBe(
      "Премия за месяц — процент от собственной подтверждённой выручки по ступеням: " +
        "от 80 % выполнения — 1 %; от 100 % выполнения — 2,5 %. Ниже 80 % выполнения процента нет.",
    );
  });

  it("adds the fixed part, the coefficient and the cap when the scheme has them", () => {
    const words = describeScheme(
      {
        ...scheme,
        period: "quarter",
        base: "unit",
        mode: "linear",
        fixed: 50000,
        cap: 1000000.5,
        coefficient: { floor: 80 },
      },
      i18n.getFixedT("en"),
      "en",
    ).replaceAll(nbsp, " ");
    expect(words).toBe(
      "The bonus for a quarter is a percentage of the unit's confirmed revenue, linear between the points: " +
        "from 80% completion — 1%; from 100% completion — 2.5%. Below 80% completion there is no percentage. " +
        "Plus a fixed part of 50 000 ₸. The amount is multiplied by the activity coefficient, but by no less than 80%. " +
        "At most 1 000 000,50 ₸.",
    );
  });

  it("summarises the bands for the list", () => {
    expect(bandsSummary(scheme.bands, "ru").replaceAll(nbsp, " ")).toBe("80 % → 1 %, 100 % → 2,5 %");
  });
});
