import { describe, expect, expectTypeOf, it } from "vitest";
import type { headCabinetRoute } from "./head-cabinet-routes";
import { type HeadCabinetSearch, headCabinetSearchSchema } from "./head-cabinet-search";

const id = "0b7c3f4e-8d1a-4c57-9e0f-2a6b5c4d3e21";

describe("the head cabinet's search", () => {
  it("keeps a month, an as-of day, a unit and the activity view", () => {
    const search = { month: "2026-03", date: "2026-03-15", unit: id, view: "activity" };
    expect(headCabinetSearchSchema.parse(search)).toEqual(search);
  });

  it("drops malformed months, days and units, and any other view", () => {
    expect(headCabinetSearchSchema.parse({ month: "2026-3", date: "2026-02-32", unit: "all", view: "money" })).toEqual({
      month: undefined,
      date: undefined,
      unit: undefined,
      view: undefined,
    });
  });

  it("keeps «Планёрка» and its person, and drops any other tab or a malformed person", () => {
    expect(headCabinetSearchSchema.parse({ tab: "meeting", person: id })).toEqual({ tab: "meeting", person: id });
    const dropped = headCabinetSearchSchema.parse({ tab: "units", person: "3" });
    expect([dropped.tab, dropped.person]).toEqual([undefined, undefined]);
  });

  it("is what the route's page reads", () => {
    expectTypeOf<HeadCabinetSearch>().toEqualTypeOf<{
      month?: string;
      date?: string;
      unit?: string;
      view?: "activity";
      tab?: "meeting";
      person?: string;
    }>();
    expectTypeOf<(typeof headCabinetRoute)["types"]["searchSchema"]>().toEqualTypeOf<HeadCabinetSearch>();
  });
});
