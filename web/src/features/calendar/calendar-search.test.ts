import { describe, expect, it } from "vitest";
import { calendarSearchSchema, calendarViews } from "./calendar-search";

const a = "00000000-0000-4000-8000-000000000001";
const b = "00000000-0000-4000-8000-000000000002";

describe("the calendar's search", () => {
  it("offers day, week, month and the agenda", () => {
    expect(calendarViews).toEqual(["day", "week", "month", "agenda"]);
  });

  it("keeps a valid view, day, event and people", () => {
    expect(calendarSearchSchema.parse({ view: "month", date: "2026-12-09", event: a, userIds: `${a},${b}` })).toEqual({
      view: "month",
      date: "2026-12-09",
      event: a,
      userIds: `${a},${b}`,
    });
  });

  it("drops what a typed link gets wrong instead of failing", () => {
    expect(calendarSearchSchema.parse({ view: "year", date: "2026-13-01", event: "42", userIds: "x,y" })).toEqual({
      view: undefined,
      date: undefined,
      event: undefined,
      userIds: undefined,
    });
  });

  it("keeps the good ids of a list once each", () => {
    expect(calendarSearchSchema.parse({ userIds: `${a},junk,${a},${b}` }).userIds).toBe(`${a},${b}`);
  });
});
