import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";
import { afterEach, describe, expect, it, vi } from "vitest";
import { isTime, joinInstant, nextHalfHour, parseTypedDate, splitInstant } from "./activity-time";

dayjs.extend(utc);
dayjs.extend(timezone);

afterEach(() => {
  vi.useRealTimers();
});

/** Freezes the clock at an instant. */
function at(iso: string) {
  vi.useFakeTimers();
  vi.setSystemTime(new Date(iso));
}

describe("a new activity's time", () => {
  it("proposes the next round half hour on the company's clock", () => {
    at("2026-03-10T05:07:00.000Z"); // 10:07 in Almaty
    expect(nextHalfHour("Asia/Almaty")).toEqual({ date: "2026-03-10", time: "10:30" });
    at("2026-03-10T05:30:00.000Z"); // 10:30 exactly: the next one, not now
    expect(nextHalfHour("Asia/Almaty")).toEqual({ date: "2026-03-10", time: "11:00" });
    at("2026-03-10T05:29:59.000Z");
    expect(nextHalfHour("Asia/Almaty")).toEqual({ date: "2026-03-10", time: "10:30" });
    at("2026-03-10T05:07:00.000Z"); // 08:07 in Moscow
    expect(nextHalfHour("Europe/Moscow")).toEqual({ date: "2026-03-10", time: "08:30" });
  });

  it("goes on to tomorrow in the company's zone late in the evening, while UTC is still on today", () => {
    at("2026-03-31T18:40:00.000Z"); // 23:40 in Almaty
    expect(nextHalfHour("Asia/Almaty")).toEqual({ date: "2026-04-01", time: "00:00" });
    // And the last day of the year rolls into the next one.
    at("2025-12-31T18:45:00.000Z");
    expect(nextHalfHour("Asia/Almaty")).toEqual({ date: "2026-01-01", time: "00:00" });
  });
});

describe("an instant as a date and a time, and back", () => {
  it("splits an instant on the company's calendar, not UTC's", () => {
    expect(splitInstant("2026-03-31T19:30:00.000Z", "Asia/Almaty")).toEqual({ date: "2026-04-01", time: "00:30" });
    expect(splitInstant("2026-03-31T19:30:00.000Z", "UTC")).toEqual({ date: "2026-03-31", time: "19:30" });
  });

  it("joins the company's date and time into the instant they mean", () => {
    expect(joinInstant("2026-04-01", "00:30", "Asia/Almaty")).toBe("2026-03-31T19:30:00.000Z");
    expect(joinInstant("2026-04-01", "00:30", "Europe/Moscow")).toBe("2026-03-31T21:30:00.000Z");
    // A typed hour without its leading zero, and blanks around it.
    expect(joinInstant("2026-03-10", " 9:05 ", "Asia/Almaty")).toBe("2026-03-10T04:05:00.000Z");
  });

  it("gives back the same instant it split", () => {
    const instant = "2026-07-15T21:45:00.000Z";
    const { date, time } = splitInstant(instant, "Asia/Almaty");
    expect(joinInstant(date, time, "Asia/Almaty")).toBe(instant);
  });
});

describe("what people type", () => {
  it("accepts a 24-hour time, with or without a leading zero", () => {
    expect(isTime("09:05")).toBe(true);
    expect(isTime("9:05")).toBe(true);
    expect(isTime(" 23:59 ")).toBe(true);
    expect(isTime("24:00")).toBe(false);
    expect(isTime("12:60")).toBe(false);
    expect(isTime("")).toBe(false);
  });

  it("reads a date written the Russian way, the short way or the ISO way", () => {
    expect(parseTypedDate("5.3.2025")).toBe("2025-03-05");
    expect(parseTypedDate("05.03.25")).toBe("2025-03-05");
    expect(parseTypedDate("05/03/2025")).toBe("2025-03-05");
    expect(parseTypedDate("2025-03-05")).toBe("2025-03-05");
    expect(parseTypedDate(" 31.12.2026 ")).toBe("2026-12-31");
  });

  it("refuses days the calendar does not have, and anything that is not a date", () => {
    expect(parseTypedDate("29.02.2024")).toBe("2024-02-29");
    expect(parseTypedDate("29.02.2025")).toBeNull();
    expect(parseTypedDate("31.04.2025")).toBeNull();
    expect(parseTypedDate("12.13.2025")).toBeNull();
    expect(parseTypedDate("2025-02-30")).toBeNull();
    expect(parseTypedDate("завтра")).toBeNull();
  });
});
