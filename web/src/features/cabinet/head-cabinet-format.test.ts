import { describe, expect, it } from "vitest";
import { completionColor, formatAmount, formatMoney, formatPercent } from "./head-cabinet-format";

// Intl writes Russian and Kazakh thousands with a non-breaking space; spelt out so a failure shows it.
const nbsp = "\u00a0";

describe("the head's cabinet in figures", () => {
  it("writes tenge whole when they are whole, and with tiyn when there are any", () => {
    expect(formatMoney(1_234_567)).toBe(`1${nbsp}234${nbsp}567${nbsp}₸`);
    expect(formatMoney(1_234_567.5)).toBe(`1${nbsp}234${nbsp}567,50${nbsp}₸`);
    expect(formatMoney(0.01)).toBe(`0,01${nbsp}₸`);
  });

  it("writes the completion percentage with one decimal, or a dash when there is no plan", () => {
    expect(formatPercent(87.5)).toBe("87,5 %");
    expect(formatPercent(87.56)).toBe("87,6 %");
    expect(formatPercent(1234.5)).toBe(`1${nbsp}234,5 %`);
    expect(formatPercent(null)).toBe("—");
  });

  it("writes a sum in a tenge column as digits, kopecks only when there are some", () => {
    expect(formatAmount(1_234_567)).toBe(`1${nbsp}234${nbsp}567`);
    expect(formatAmount(1_234.5)).toBe(`1${nbsp}234,50`);
    expect(formatAmount(-250_000)).toBe(`-250${nbsp}000`);
  });
});

describe("the completion bar's colour", () => {
  // A month's plan of 1 000 000 ₸, half of which is due by today.
  const plan = 1_000_000;
  const planToDate = 500_000;

  it("is green for a manager on pace mid-month, though far from the month's plan", () => {
    expect(completionColor(500_000, plan, planToDate)).toBe("teal");
    expect(completionColor(700_000, plan, planToDate)).toBe("teal");
  });

  it("is yellow from 80 % of the plan to date, red below", () => {
    expect(completionColor(400_000, plan, planToDate)).toBe("yellow");
    expect(completionColor(499_999, plan, planToDate)).toBe("yellow");
    expect(completionColor(399_999, plan, planToDate)).toBe("red");
    expect(completionColor(0, plan, planToDate)).toBe("red");
  });

  it("is grey without a plan, and green before anything is due", () => {
    expect(completionColor(100_000, 0, 0)).toBe("gray");
    expect(completionColor(0, plan, 0)).toBe("teal");
  });
});
