import dayjs from "dayjs";
import "dayjs/locale/ru";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";
import { afterEach, describe, expect, it, vi } from "vitest";
import { companyToday, formatDate, formatDateTime, formatTime, inZone } from "./dates";
import { formatCompactNumber, formatListTotal } from "./numbers";

// The app extends dayjs in i18n/index.ts; the same plugins here, without loading the texts.
dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale("ru");

afterEach(() => {
  vi.useRealTimers();
});

describe("dates on the company's wall clock", () => {
  it("shows an instant in the company's zone, whatever the browser's", () => {
    // 19:30 UTC on 31 March is 00:30 on 1 April in Almaty (UTC+5).
    expect(formatTime("2026-03-31T19:30:00.000Z", "Asia/Almaty")).toBe("00:30");
    expect(formatDateTime("2026-03-31T19:30:00.000Z", "Asia/Almaty")).toBe("1 апр. 2026, 00:30");
    expect(formatTime("2026-03-31T19:30:00.000Z", "Europe/Moscow")).toBe("22:30");
    expect(formatTime("2026-03-31T19:30:00.000Z", "UTC")).toBe("19:30");
  });

  it("writes the day with the month's name in the genitive, on the company's calendar", () => {
    expect(formatDate("2026-03-31T19:30:00.000Z", "Asia/Almaty")).toBe("1 апреля 2026");
    expect(formatDate("2026-03-31T19:30:00.000Z", "UTC")).toBe("31 марта 2026");
    // The new year comes five hours earlier in Almaty than in London.
    expect(formatDate("2025-12-31T20:00:00.000Z", "Asia/Almaty")).toBe("1 января 2026");
  });

  it("shows nothing for a missing value", () => {
    expect(formatDate(null, "Asia/Almaty")).toBe("");
    expect(formatDateTime(undefined, "Asia/Almaty")).toBe("");
    expect(formatTime("", "Asia/Almaty")).toBe("");
  });

  it("falls back to the browser's clock for a zone it does not know, instead of failing", () => {
    const instant = "2026-03-31T19:30:00.000Z";
    expect(inZone(instant, "Nowhere/Atlantis").valueOf()).toBe(Date.parse(instant));
    expect(formatTime(instant, "Nowhere/Atlantis")).toBe(dayjs(instant).format("HH:mm"));
  });

  it("knows today in the company's zone, not the browser's", () => {
    vi.useFakeTimers();
    // 20:15 UTC on 31 March: already 1 April in Almaty (UTC+5), still 31 March in UTC and Moscow.
    vi.setSystemTime(new Date("2026-03-31T20:15:00.000Z"));
    expect(companyToday("Asia/Almaty")).toBe("2026-04-01");
    expect(companyToday("UTC")).toBe("2026-03-31");
    expect(companyToday("Europe/Moscow")).toBe("2026-03-31");
    // 18:59 UTC is 23:59 in Almaty: still the same day.
    vi.setSystemTime(new Date("2026-03-31T18:59:00.000Z"));
    expect(companyToday("Asia/Almaty")).toBe("2026-03-31");
  });
});

describe("chart axes", () => {
  it("writes millions as people read them in each language", () => {
    expect(formatCompactNumber(12_500_000, "ru")).toBe("12,5\u00a0млн");
    expect(formatCompactNumber(12_500_000, "en")).toBe("12.5M");
    expect(formatCompactNumber(900, "en")).toBe("900");
  });

  it("abbreviates thousands and billions, with one decimal at most", () => {
    expect(formatCompactNumber(1_500, "ru")).toBe("1,5\u00a0тыс.");
    expect(formatCompactNumber(1_500, "en")).toBe("1.5K");
    expect(formatCompactNumber(2_345_000_000, "ru")).toBe("2,3\u00a0млрд");
    expect(formatCompactNumber(2_345_000_000, "en")).toBe("2.3B");
    expect(formatCompactNumber(0, "ru")).toBe("0");
  });

  it("reads an unknown language as Russian", () => {
    expect(formatCompactNumber(12_500_000, "de")).toBe("12,5\u00a0млн");
  });
});

describe("a list's count", () => {
  it("groups thousands, and marks a search's count that stopped at its limit", () => {
    expect(formatListTotal({ total: 1234 })).toBe("1\u00a0234");
    expect(formatListTotal({ total: 10_000, totalCapped: true })).toBe("10\u00a0000+");
    expect(formatListTotal({ total: 0, totalCapped: false })).toBe("0");
  });
});
