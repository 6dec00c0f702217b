import { describe, expect, it } from "vitest";
import { calendarFileText, dayAfterImport } from "./calendar-import";

const zone = "Asia/Almaty";
const week = { from: "2026-03-09", to: "2026-03-15" };
const today = "2026-03-11";
const timed = (startsAt: string) => ({ allDay: false, startsAt, startDate: null });
const allDay = (startDate: string) => ({ allDay: true, startsAt: null, startDate });

describe("the day the calendar shows after an import", () => {
  it("stays when the first event is already in view", () => {
    expect(dayAfterImport(timed("2026-03-13T05:00:00.000Z"), zone, week, today)).toBeNull();
    expect(dayAfterImport(allDay("2026-03-15"), zone, week, today)).toBeNull();
  });

  it("goes to a later event's day, read in the company's zone", () => {
    // 20:30 UTC on the 15th is already the 16th in Almaty (UTC+5): the next week.
    expect(dayAfterImport(timed("2026-03-15T20:30:00.000Z"), zone, week, today)).toBe("2026-03-16");
    expect(dayAfterImport(allDay("2026-04-02"), zone, week, today)).toBe("2026-04-02");
  });

  it("goes to today's event when another week is shown", () => {
    const nextMonth = { from: "2026-04-01", to: "2026-04-30" };
    expect(dayAfterImport(allDay(today), zone, nextMonth, today)).toBe(today);
  });

  it("stays for past events and series that began long ago", () => {
    expect(dayAfterImport(allDay("2024-01-01"), zone, week, today)).toBeNull();
    expect(dayAfterImport(timed("2026-03-02T04:00:00.000Z"), zone, week, today)).toBeNull();
  });
});

describe("an .ics file's text", () => {
  it("loses a byte-order mark and nothing else", () => {
    expect(calendarFileText("\uFEFFBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")).toBe("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
    expect(calendarFileText("BEGIN:VCALENDAR")).toBe("BEGIN:VCALENDAR");
  });
});
