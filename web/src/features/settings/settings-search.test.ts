import { describe, expect, expectTypeOf, it } from "vitest";
import { type CalendarSearch, calendarSearchSchema } from "./settings-search";

describe("the production calendar's search", () => {
  it("keeps a year the API knows, as a number or text", () => {
    expect(calendarSearchSchema.parse({ year: 2026 })).toEqual({ year: 2026 });
    expect(calendarSearchSchema.parse({ year: "2000" })).toEqual({ year: 2000 });
    expect(calendarSearchSchema.parse({ year: 2100 })).toEqual({ year: 2100 });
  });

  it("drops years outside 2000–2100 and what is not a whole year", () => {
    for (const year of [1999, 2101, 0, 2026.5, "next", [2026], true]) {
      expect(calendarSearchSchema.parse({ year })).toEqual({ year: undefined });
    }
  });

  it("has the shape the page reads", () => {
    expectTypeOf<CalendarSearch>().toEqualTypeOf<{ year?: number }>();
  });
});
