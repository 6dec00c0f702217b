import dayjs from "dayjs";
import "dayjs/locale/ru";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";
import { describe, expect, it } from "vitest";
import { formatBonusDate } from "./bonus-dates";
import { formatAmount, formatMoney, formatMultiplier, formatPercent } from "./bonus-format";

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale("ru");

const nbsp = "\u00a0";

describe("bonus figures", () => {
  it("never rounds a bonus: tiyn are shown when there are any", () => {
    expect(formatMoney(250_000)).toBe(`250${nbsp}000${nbsp}₸`);
    expect(formatMoney(187_432.17)).toBe(`187${nbsp}432,17${nbsp}₸`);
    expect(formatMoney(1_000_000.5)).toBe(`1${nbsp}000${nbsp}000,50${nbsp}₸`);
  });

  it("writes rates with up to four decimals, as each language writes a percentage", () => {
    expect(formatPercent(87.5, "ru")).toBe(`87,5${nbsp}%`);
    expect(formatPercent(87.5, "kk")).toBe(`87,5${nbsp}%`);
    expect(formatPercent(87.5, "en")).toBe("87.5%");
    expect(formatPercent(1.23456, "ru")).toBe(`1,2346${nbsp}%`);
    expect(formatPercent(2.5, "en")).toBe("2.5%");
    expect(formatPercent(null, "ru")).toBe("—");
  });

  it("writes the activity coefficient as a multiplier", () => {
    expect(formatMultiplier(0.93, "ru")).toBe("×0,93");
    expect(formatMultiplier(0.93, "en")).toBe("×0.93");
    expect(formatMultiplier(0.876543, "ru")).toBe("×0,8765");
  });

  it("writes a column's sums as tenge are written in Kazakhstan", () => {
    expect(formatAmount(1_234_567)).toBe(`1${nbsp}234${nbsp}567`);
    expect(formatAmount(1_234_567.8)).toBe(`1${nbsp}234${nbsp}567,80`);
  });
});

describe("bonus dates", () => {
  it("shows a calendar day as it is, whatever the company's zone", () => {
    expect(formatBonusDate("2026-03-05", "Asia/Almaty")).toBe("5 марта 2026");
    expect(formatBonusDate("2026-03-05", "America/Los_Angeles")).toBe("5 марта 2026");
  });

  it("shows an instant on the company's calendar", () => {
    // A payment at 20:00 UTC on 31 March was made on 1 April in Almaty.
    expect(formatBonusDate("2026-03-31T20:00:00.000Z", "Asia/Almaty")).toBe("1 апреля 2026");
    expect(formatBonusDate("2026-03-31T20:00:00.000Z", "UTC")).toBe("31 марта 2026");
    expect(formatBonusDate(null, "Asia/Almaty")).toBe("—");
  });
});
