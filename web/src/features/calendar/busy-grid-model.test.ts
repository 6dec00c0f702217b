import { describe, expect, it } from "vitest";
import { blockPositions, gridDays, hourMarks } from "./busy-grid-model";

const zone = "Asia/Almaty";

describe("the busy grid's days", () => {
  it("shows the day, or its Monday-to-Sunday week", () => {
    expect(gridDays("2026-12-09", false)).toEqual(["2026-12-09"]);
    expect(gridDays("2026-12-09", true)).toEqual([
      "2026-12-07",
      "2026-12-08",
      "2026-12-09",
      "2026-12-10",
      "2026-12-11",
      "2026-12-12",
      "2026-12-13",
    ]);
    expect(gridDays("2026-12-13", true)[0]).toBe("2026-12-07");
  });
});

describe("busy blocks over 08:00–20:00", () => {
  // 10:00–11:30 in Almaty (UTC+5).
  const meeting = { start: "2026-12-09T05:00:00Z", end: "2026-12-09T06:30:00Z" };

  it("places a meeting of one day in percent of the track", () => {
    const [block] = blockPositions([meeting], ["2026-12-09"], zone);
    // 2 hours of 12 from the left, 1.5 hours wide.
    expect(block).toEqual({ left: 16.667, width: 12.5, interval: meeting });
  });

  it("clips what starts before 08:00 or ends after 20:00, and drops what lies outside", () => {
    const early = { start: "2026-12-09T01:00:00Z", end: "2026-12-09T04:00:00Z" }; // 06:00–09:00
    const late = { start: "2026-12-09T14:00:00Z", end: "2026-12-09T16:00:00Z" }; // 19:00–21:00
    const night = { start: "2026-12-09T17:00:00Z", end: "2026-12-09T20:00:00Z" }; // 22:00–01:00
    const blocks = blockPositions([early, late, night], ["2026-12-09"], zone);
    expect(blocks.map(({ left, width }) => ({ left, width }))).toEqual([
      { left: 0, width: 8.333 },
      { left: 91.667, width: 8.333 },
    ]);
  });

  it("gives each day of a week a seventh of the track", () => {
    const days = gridDays("2026-12-09", true);
    const [block] = blockPositions([meeting], days, zone);
    // Wednesday is the third day: 2/7 of the track, then 2 of 12 hours of a seventh.
    expect(block?.left).toBeCloseTo((100 / 7) * (2 + 2 / 12), 2);
    expect(block?.width).toBeCloseTo((100 / 7) * (1.5 / 12), 2);
  });

  it("splits an absence over several days into a block per day", () => {
    const absence = { start: "2026-12-08T03:00:00Z", end: "2026-12-09T15:00:00Z" }; // Tue 08:00 – Wed 20:00
    const blocks = blockPositions([absence], gridDays("2026-12-09", true), zone);
    expect(blocks).toHaveLength(2);
    expect(blocks[0]?.left).toBeCloseTo(100 / 7, 2);
    expect(blocks[0]?.width).toBeCloseTo(100 / 7, 2);
    expect(blocks[1]?.left).toBeCloseTo((100 / 7) * 2, 2);
  });

  it("marks the hours with labels", () => {
    expect(hourMarks(1, 4)).toEqual([
      { left: 0, label: "08:00" },
      { left: 33.333, label: "12:00" },
      { left: 66.667, label: "16:00" },
    ]);
    expect(hourMarks(7, 12)).toHaveLength(7);
  });
});
