import { describe, expect, it } from "vitest";
import { bonusPeriodOf, nextBonusPeriod, parseBonusPeriod, previousBonusPeriod } from "./bonus-period";

describe("bonus periods", () => {
  it("names months, quarters, half-years and years with their days", () => {
    expect(parseBonusPeriod("2026-03")).toMatchObject({ kind: "month", firstDay: "2026-03-01", lastDay: "2026-03-31" });
    expect(parseBonusPeriod("2026-Q1")).toMatchObject({
      kind: "quarter",
      months: ["2026-01", "2026-02", "2026-03"],
      lastDay: "2026-03-31",
    });
    expect(parseBonusPeriod("2028-Q1")!.months).toEqual(["2028-01", "2028-02", "2028-03"]);
    expect(parseBonusPeriod("2026-H2")).toMatchObject({ kind: "half", firstDay: "2026-07-01", lastDay: "2026-12-31" });
    expect(parseBonusPeriod("2026")!.months).toHaveLength(12);
    for (const bad of ["2026-13", "2026-Q5", "2026-H3", "1999", "2026-3", "26-Q1", ""])
      expect(parseBonusPeriod(bad)).toBeNull();
  });

  it("steps to the period before and after, across years", () => {
    expect(bonusPeriodOf("quarter", "2026-12-06")).toBe("2026-Q4");
    expect(bonusPeriodOf("half", "2026-06-30")).toBe("2026-H1");
    expect(previousBonusPeriod("2026-Q1")).toBe("2025-Q4");
    expect(nextBonusPeriod("2026-H2")).toBe("2027-H1");
    expect(previousBonusPeriod("2026-01")).toBe("2025-12");
    expect(nextBonusPeriod("2026")).toBe("2027");
    expect(nextBonusPeriod("2100")).toBeNull();
  });
});
