import "dayjs/locale/kk";
import "dayjs/locale/ru";
import { nextBonusPeriod, previousBonusPeriod } from "@planerka/common";
import { describe, expect, it } from "vitest";
import { bonusPeriodLabel, periodKindOf, switchPeriodKind } from "./bonus-period-label";

const russian = {
  quarter: (number: number, year: number) => `${number} квартал ${year}`,
  half: (number: number, year: number) => `${number} полугодие ${year}`,
  year: (year: number) => `${year} год`,
};

describe("the bonus period on screen", () => {
  it("names each kind of period as people say it", () => {
    expect(bonusPeriodLabel("2026-03", "ru", russian)).toBe("Март 2026");
    expect(bonusPeriodLabel("2026-Q1", "ru", russian)).toBe("1 квартал 2026");
    expect(bonusPeriodLabel("2026-H2", "ru", russian)).toBe("2 полугодие 2026");
    expect(bonusPeriodLabel("2026", "ru", russian)).toBe("2026 год");
    // Kazakh month names come from dayjs, which Debian's Chromium needs (its ICU has none).
    expect(bonusPeriodLabel("2026-12", "kk", russian)).toBe("Желтоқсан 2026");
    expect(bonusPeriodLabel("2026-13", "ru", russian)).toBe("2026-13");
  });

  it("switches the kind to the period that holds the first day of the one shown", () => {
    expect(switchPeriodKind("2026-05", "quarter")).toBe("2026-Q2");
    expect(switchPeriodKind("2026-Q3", "half")).toBe("2026-H2");
    expect(switchPeriodKind("2026-H2", "month")).toBe("2026-07");
    expect(switchPeriodKind("2026-Q4", "year")).toBe("2026");
    expect(switchPeriodKind("2026", "quarter")).toBe("2026-Q1");
    expect(periodKindOf("2026-H1")).toBe("half");
    expect(periodKindOf("nonsense")).toBe("month");
  });

  it("steps over the year's edge with the arrows", () => {
    expect(previousBonusPeriod("2026-01")).toBe("2025-12");
    expect(nextBonusPeriod("2026-Q4")).toBe("2027-Q1");
    expect(previousBonusPeriod("2026-H1")).toBe("2025-H2");
  });
});
