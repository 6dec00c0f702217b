import type { Me } from "@planerka/common";
import dayjs from "dayjs";
import "dayjs/locale/ru";
import { afterEach, describe, expect, it, vi } from "vitest";
import { canImport } from "./can-import";
import { seesOthers } from "./crm-access";
import { daysSince, formatDay, money, moneyWhole, parseMoney, textOn } from "./crm-common";
import { isHexColor, semanticColors, stageSwatches } from "./stage-colors";

dayjs.locale("ru");
const nbsp = "\u00a0";

afterEach(() => {
  vi.useRealTimers();
});

describe("money on CRM cards", () => {
  it("shows a deal's amount exactly, and whole tenge in the kanban's headers", () => {
    expect(money(1_500_000)).toBe(`1${nbsp}500${nbsp}000${nbsp}₸`);
    expect(money(1_234.5)).toBe(`1${nbsp}234,50${nbsp}₸`);
    expect(moneyWhole(1_234.5)).toBe(`1${nbsp}235${nbsp}₸`);
    expect(moneyWhole(999.49)).toBe(`999${nbsp}₸`);
  });

  it("reads an amount typed the way people write it, to the tiyn", () => {
    expect(parseMoney("1 234 567,89")).toBe(1_234_567.89);
    expect(parseMoney(`1${nbsp}234,5${nbsp}₸`)).toBe(1_234.5);
    expect(parseMoney("2500.75")).toBe(2_500.75);
    expect(parseMoney("12,345")).toBe(12.35);
    expect(parseMoney(42)).toBe(42);
  });

  it("takes an empty box for no amount, and refuses what is not a number", () => {
    expect(parseMoney("")).toBeNull();
    expect(parseMoney("сто тысяч")).toBeNull();
    expect(parseMoney("1,234.56")).toBeNull();
    expect(parseMoney(Number.NaN)).toBeNull();
  });
});

describe("dates on CRM cards", () => {
  it("shows a calendar day as is", () => {
    expect(formatDay("2026-03-05")).toBe("5 мар. 2026");
    expect(formatDay(null)).toBe("");
  });

  it("counts a deal's whole days in its stage, never below zero", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-03-10T05:00:00.000Z"));
    expect(daysSince("2026-03-08T06:00:00.000Z")).toBe(1);
    expect(daysSince("2026-03-08T05:00:00.000Z")).toBe(2);
    expect(daysSince("2026-03-11T05:00:00.000Z")).toBe(0);
  });
});

describe("stage colours", () => {
  it("writes dark text on light stages and white on dark ones", () => {
    expect(textOn("#fab005")).toBe("#1a1b1e");
    expect(textOn("#74C0FC")).toBe("#1a1b1e");
    expect(textOn("#228be6")).toBe("#fff");
    expect(textOn("blue")).toBe("#fff");
  });

  it("accepts only #rrggbb, which every offered swatch is", () => {
    expect(isHexColor("#FA5252")).toBe(true);
    expect(isHexColor("fa5252")).toBe(false);
    expect(isHexColor("#gggggg")).toBe(false);
    expect([...stageSwatches, ...Object.values(semanticColors)].filter((colour) => !isHexColor(colour))).toEqual([]);
  });
});

describe("what the CRM offers the caller", () => {
  // Only the levels a test needs; a missing entity reads as «none».
  const caller = (access: Partial<Me["abilities"]["access"]>) => ({ id: "me", abilities: { access } }) as Me;

  it("offers owner and unit filters to those who see more than their own records", () => {
    const manager = caller({ deals: { read: "own", write: "own", delete: "none", export: "none" } });
    const head = caller({ deals: { read: "subtree", write: "subtree", delete: "none", export: "none" } });
    expect(seesOthers(head, "deals")).toBe(true);
    expect(seesOthers(manager, "deals")).toBe(false);
  });

  it("offers the import to whoever may write companies, contacts or deals", () => {
    expect(canImport({ contacts: { write: "own" } })).toBe(true);
    expect(canImport({ deals: { write: "none" }, activities: { write: "all" } })).toBe(false);
    expect(canImport({})).toBe(false);
  });
});
