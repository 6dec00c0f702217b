import { describe, expect, it } from "vitest";
import { defaultPeriod, periodPresets, reportPeriod } from "./report-period";

describe("the reports' period", () => {
  it("is this month so far unless the address says otherwise", () => {
    expect(defaultPeriod("2026-03-18")).toEqual({ from: "2026-03-01", to: "2026-03-18" });
    expect(reportPeriod("2026-03-18", {})).toEqual({ from: "2026-03-01", to: "2026-03-18" });
    expect(reportPeriod("2026-03-18", { from: "2026-02-01" })).toEqual({ from: "2026-02-01", to: "2026-03-18" });
    expect(reportPeriod("2026-03-18", { from: "2026-02-01", to: "2026-02-28" })).toEqual({
      from: "2026-02-01",
      to: "2026-02-28",
    });
  });

  it("starts this week on Monday, Sunday included in the week that ends with it", () => {
    // 18 March 2026 is a Wednesday; 16 March the Monday.
    expect(periodPresets("2026-03-18").thisWeek).toEqual({ from: "2026-03-16", to: "2026-03-18" });
    // A Sunday belongs to the week that began six days before, not to the next one.
    expect(periodPresets("2026-03-22").thisWeek).toEqual({ from: "2026-03-16", to: "2026-03-22" });
    // A Monday is its week's first day.
    expect(periodPresets("2026-03-16").thisWeek).toEqual({ from: "2026-03-16", to: "2026-03-16" });
    // A week that began last month: Thursday 1 January 2026 belongs to the week from Monday 29 December.
    expect(periodPresets("2026-01-01").thisWeek).toEqual({ from: "2025-12-29", to: "2026-01-01" });
  });

  it("takes last month whole, whatever its length", () => {
    expect(periodPresets("2026-03-31").lastMonth).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    expect(periodPresets("2024-03-15").lastMonth).toEqual({ from: "2024-02-01", to: "2024-02-29" });
    expect(periodPresets("2026-01-10").lastMonth).toEqual({ from: "2025-12-01", to: "2025-12-31" });
    expect(periodPresets("2026-05-31").thisMonth).toEqual({ from: "2026-05-01", to: "2026-05-31" });
  });
});
