import { describe, expect, it } from "vitest";
import { kazakhstanCalendar, type WorkingCalendar } from "./calendar";
import {
  activityCoefficient,
  completionPercent,
  divideRounded,
  forecast,
  fromTiyn,
  monthProgress,
  neededPerDay,
  planToDate,
  toTiyn,
} from "./figures";

const calendar: WorkingCalendar = {
  workingWeekdays: [1, 2, 3, 4, 5],
  exceptions: new Map(kazakhstanCalendar.map((day) => [day.date, day.kind])),
};

describe("money in tiyn", () => {
  it("parses and rounds exactly", () => {
    expect(toTiyn("1234567.89")).toBe(123456789n);
    expect(toTiyn("0.1")).toBe(10n);
    expect(toTiyn(0.1 + 0.2)).toBe(30n);
    expect(fromTiyn(123456789n)).toBe(1234567.89);
    expect(divideRounded(5n, 2n)).toBe(3n);
    expect(divideRounded(-5n, 2n)).toBe(-3n);
    expect(divideRounded(4n, 3n)).toBe(1n);
  });
});

describe("month figures (November 2026: 21 working days)", () => {
  const plan = toTiyn("2100000.00");
  it("plan to date, forecast and needed per day on 23 November", () => {
    const progress = monthProgress("2026-11", "2026-11-23", calendar);
    expect(progress).toEqual({ position: "inside", whole: 21, toDate: 16, remaining: 5 });
    expect(planToDate(plan, progress)).toBe(toTiyn("1600000.00"));
    expect(forecast(toTiyn("1000000"), progress)).toBe(toTiyn("1312500.00"));
    expect(neededPerDay(plan, toTiyn("1000000"), progress)).toBe(toTiyn("220000.00"));
    expect(neededPerDay(toTiyn("1000000.00"), 0n, { ...progress, remaining: 3 })).toBe(toTiyn("333333.33"));
    expect(completionPercent(toTiyn("1000000"), plan)).toBe(47.62);
  });
  it("before, after and without a plan", () => {
    expect(planToDate(plan, monthProgress("2026-11", "2026-10-31", calendar))).toBe(0n);
    expect(planToDate(plan, monthProgress("2026-11", "2026-12-01", calendar))).toBe(plan);
    expect(neededPerDay(plan, 0n, monthProgress("2026-11", "2026-12-01", calendar))).toBeNull();
    expect(neededPerDay(plan, 0n, monthProgress("2026-11", "2026-10-15", calendar))).toBe(toTiyn("100000.00"));
    expect(completionPercent(100n, 0n)).toBeNull();
    // A Saturday before the first working day: W(start..d) = 0, so the forecast is the actual.
    expect(forecast(500n, monthProgress("2026-11", "2026-11-01", calendar))).toBe(500n);
  });
  it("the activity coefficient caps each type at 120 %", () => {
    const terms = [
      { weight: 1, dailyNorm: 10, fact: 500 },
      { weight: 3, dailyNorm: 1, fact: 5 },
      { weight: 1, dailyNorm: 0, fact: 99 },
    ];
    // (1 × 1.2 + 3 × 0.5) ÷ 4 = 0.675
    expect(activityCoefficient(terms, 10)).toBe(67.5);
    expect(activityCoefficient([], 10)).toBeNull();
    expect(activityCoefficient(terms, 0)).toBeNull();
  });
});
