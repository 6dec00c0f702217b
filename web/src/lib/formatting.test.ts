import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";
import { describe, expect, it } from "vitest";
import { companyToday, formatDateTime, formatTime } from "./dates";
import { formatCompactNumber } from "./numbers";

// The app extends dayjs in i18n/index.ts, which needs a document; the same plugins here.
dayjs.extend(utc);
dayjs.extend(timezone);

describe("dates on the company's wall clock", () => {
  it("shows an instant in the company's zone, whatever the browser's", () => {
    // 19:30 UTC on 31 March is 00:30 on 1 April in Almaty (UTC+5).
    expect(formatTime("2026-03-31T19:30:00.000Z", "Asia/Almaty")).toBe("00:30");
    expect(formatDateTime("2026-03-31T19:30:00.000Z", "Asia/Almaty")).toMatch(/^1 .+ 2026, 00:30$/);
    expect(formatTime("2026-03-31T19:30:00.000Z", "Europe/Moscow")).toBe("22:30");
    expect(formatDateTime(null, "Asia/Almaty")).toBe("");
  });

  it("knows today in the company's zone", () => {
    expect(companyToday("Asia/Almaty")).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe("chart axes", () => {
  it("writes millions as people read them in each language", () => {
    expect(formatCompactNumber(12_500_000, "ru")).toBe("12,5\u00a0млн");
    expect(formatCompactNumber(12_500_000, "en")).toBe("12.5M");
    expect(formatCompactNumber(900, "en")).toBe("900");
  });
});
