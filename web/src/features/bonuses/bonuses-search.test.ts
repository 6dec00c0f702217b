import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type BonusesSearch,
  bonusesSearchSchema,
  type ReconciliationSearch,
  reconciliationSearchSchema,
} from "./bonuses-search";

const id = "0b7c3f4e-8d1a-4c57-9e0f-2a6b5c4d3e21";

describe("the bonus sheet's search", () => {
  it("keeps every kind of period and a unit's id", () => {
    for (const period of ["2026-03", "2026-Q1", "2026-H2", "2026"]) {
      expect(bonusesSearchSchema.parse({ period, unit: id })).toEqual({ period, unit: id });
    }
  });

  it("drops periods the API does not know and malformed units", () => {
    for (const period of ["2026-13", "2026-Q5", "1999", "2101-01", "", 2026]) {
      expect(bonusesSearchSchema.parse({ period, unit: "mine" })).toEqual({ period: undefined, unit: undefined });
    }
  });

  it("has the shape the page reads", () => {
    expectTypeOf<BonusesSearch>().toEqualTypeOf<{ period?: string; unit?: string }>();
  });
});

describe("the reconciliation's search", () => {
  it("shows the accepted differences for true and «true» only", () => {
    expect(reconciliationSearchSchema.parse({ accepted: true, period: "2026-Q1" })).toEqual({
      accepted: true,
      period: "2026-Q1",
    });
    expect(reconciliationSearchSchema.parse({ accepted: "true" }).accepted).toBe(true);
    expect(reconciliationSearchSchema.parse({ accepted: false }).accepted).toBeUndefined();
    expect(reconciliationSearchSchema.parse({ accepted: "yes" }).accepted).toBeUndefined();
  });

  it("has the shape the page reads", () => {
    expectTypeOf<ReconciliationSearch>().toEqualTypeOf<{ period?: string; unit?: string; accepted?: true }>();
  });
});
