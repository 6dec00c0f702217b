import { describe, expect, expectTypeOf, it } from "vitest";
import type { cabinetRoute } from "./cabinet-routes";
import { type CabinetSearch, cabinetSearchSchema } from "./cabinet-search";

describe("the cabinet's search", () => {
  it("keeps a month, the plans tab and a week that exists", () => {
    const search = { month: "2026-03", tab: "plans", week: "2026-W10" };
    expect(cabinetSearchSchema.parse(search)).toEqual(search);
    // 2026 begins on a Thursday, so it has a 53rd week; 2025 does not.
    expect(cabinetSearchSchema.parse({ week: "2026-W53" }).week).toBe("2026-W53");
  });

  it("drops impossible months and weeks, and any other tab", () => {
    expect(cabinetSearchSchema.parse({ month: "2026-13", tab: "work", week: "2025-W53" })).toEqual({
      month: undefined,
      tab: undefined,
      week: undefined,
    });
    expect(cabinetSearchSchema.parse({ month: "1999-12" }).month).toBeUndefined();
  });

  it("is what the route's pages and loader read", () => {
    expectTypeOf<CabinetSearch>().toEqualTypeOf<{ month?: string; tab?: "plans"; week?: string }>();
    expectTypeOf<(typeof cabinetRoute)["types"]["searchSchema"]>().toEqualTypeOf<CabinetSearch>();
  });
});
