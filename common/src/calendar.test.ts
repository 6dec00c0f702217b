import { describe, expect, it } from "vitest";
import {
  addDays,
  countWorkingDays,
  isoWeekOf,
  isoWeekStart,
  isWorkingDay,
  kazakhstanCalendar,
  monthEnd,
  type WorkingCalendar,
  workingDaysLeftInMonth,
} from "./calendar";

const calendar: WorkingCalendar = {
  workingWeekdays: [1, 2, 3, 4, 5],
  exceptions: new Map(kazakhstanCalendar.map((day) => [day.date, day.kind])),
};

function workingDaysByMonth(year: number): number[] {
  return Array.from({ length: 12 }, (_, index) => {
    const month = `${year}-${String(index + 1).padStart(2, "0")}`;
    return countWorkingDays(`${month}-01`, monthEnd(month), calendar);
  });
}

// Independent check: walk every day with Date arithmetic instead of the library's helpers.
function bruteForceCount(year: number): number {
  let count = 0;
  for (let time = Date.UTC(year, 0, 1); time < Date.UTC(year + 1, 0, 1); time += 86_400_000) {
    const date = new Date(time);
    const iso = date.toISOString().slice(0, 10);
    const exception = kazakhstanCalendar.find((day) => day.date === iso);
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    if (exception ? exception.kind === "workday" : !weekend) count++;
  }
  return count;
}

describe("Kazakhstan production calendar", () => {
  it("has the official working days of 2025 by month", () => {
    expect(workingDaysByMonth(2025)).toEqual([20, 20, 17, 22, 19, 20, 22, 21, 21, 22, 20, 22]);
    expect(countWorkingDays("2025-01-01", "2025-12-31", calendar)).toBe(246);
    expect(bruteForceCount(2025)).toBe(246);
  });

  it("has the official working days of 2026 by month", () => {
    expect(workingDaysByMonth(2026)).toEqual([19, 20, 18, 22, 17, 22, 22, 21, 22, 21, 21, 22]);
    expect(countWorkingDays("2026-01-01", "2026-12-31", calendar)).toBe(247);
    expect(bruteForceCount(2026)).toBe(247);
  });

  it("treats transferred and regular days correctly", () => {
    expect(isWorkingDay("2025-01-05", calendar)).toBe(true); // Sunday made a working day
    expect(isWorkingDay("2026-08-31", calendar)).toBe(true);
    expect(isWorkingDay("2026-03-23", calendar)).toBe(false);
    expect(isWorkingDay("2026-11-21", calendar)).toBe(false); // Saturday
  });

  it("keeps 30 and 31 August 2026 ordinary days: Constitution Day moved to 15 March with the new Constitution", () => {
    // The Constitution adopted at the referendum of 15 March 2026 makes its own day the holiday;
    // the Ministry of Labour (МТСЗН, 18 March 2026) said 30 August 2026 is no longer a holiday, so
    // there is nothing to transfer to Monday 31 August (the 2025-style transfer does not apply).
    expect(kazakhstanCalendar.some((day) => day.date.startsWith("2026-08"))).toBe(false);
    expect(isWorkingDay("2026-08-31", calendar)).toBe(true);
    expect(isWorkingDay("2026-08-30", calendar)).toBe(false); // a Sunday
    // 2025 still had it: Saturday 30 August 2025 was transferred to Monday 1 September.
    expect(isWorkingDay("2025-09-01", calendar)).toBe(false);
  });

  it("counts zero for an empty range", () => {
    expect(countWorkingDays("2026-05-02", "2026-05-01", calendar)).toBe(0);
  });
});

describe("ISO weeks", () => {
  it("maps weeks and days both ways", () => {
    expect(isoWeekStart("2026-W01")).toBe("2025-12-29");
    expect(isoWeekOf("2026-11-23")).toBe("2026-W48");
    expect(isoWeekStart("2026-W48")).toBe("2026-11-23");
    expect(isoWeekOf("2027-01-01")).toBe("2026-W53");
    for (let day = "2024-12-20"; day < "2027-01-10"; day = addDays(day, 1)) {
      expect(isoWeekStart(isoWeekOf(day)) <= day).toBe(true);
      expect(addDays(isoWeekStart(isoWeekOf(day)), 6) >= day).toBe(true);
    }
  });
});

describe("time zones", () => {
  it("knows Almaty is UTC+5 since March 2024 and UTC+6 before", async () => {
    const { startOfDayInZone, timeZoneOffsetMinutes } = await import("./calendar");
    expect(timeZoneOffsetMinutes(new Date("2026-11-23T12:00:00Z"), "Asia/Almaty")).toBe(300);
    expect(timeZoneOffsetMinutes(new Date("2024-01-15T12:00:00Z"), "Asia/Almaty")).toBe(360);
    expect(startOfDayInZone("2026-10-31", "Asia/Almaty").toISOString()).toBe("2026-10-30T19:00:00.000Z");
    expect(startOfDayInZone("2026-03-29", "Europe/Berlin").toISOString()).toBe("2026-03-28T23:00:00.000Z");
  });

  it("answers every minute around changes of offset as Intl does, remembered or not", async () => {
    const { timeZoneOffsetMinutes } = await import("./calendar");
    const byIntl = (instant: Date, timeZone: string) => {
      const local = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
      }).formatToParts(instant);
      const part = (type: string) => Number(local.find((entry) => entry.type === type)!.value);
      const wall = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"));
      return Math.round((wall - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
    };
    // Berlin's spring change, Newfoundland's at a half hour of UTC, Almaty's 2024 move, Chatham's +12:45.
    const changes: [string, string][] = [
      ["2026-03-29T01:00:00Z", "Europe/Berlin"],
      ["2026-03-08T05:30:00Z", "America/St_Johns"],
      ["2024-02-29T18:00:00Z", "Asia/Almaty"],
      ["2026-04-04T14:00:00Z", "Pacific/Chatham"],
    ];
    for (const [at, zone] of changes) {
      for (let minute = -40; minute <= 40; minute += 1) {
        const instant = new Date(Date.parse(at) + minute * 60_000 + 17_000);
        // Twice: computed, then remembered.
        expect(timeZoneOffsetMinutes(instant, zone), `${zone} ${instant.toISOString()}`).toBe(byIntl(instant, zone));
        expect(timeZoneOffsetMinutes(instant, zone)).toBe(byIntl(instant, zone));
      }
    }
  });
});

describe("working days left in the month", () => {
  const december = Array.from({ length: 31 }, (_, index) => {
    const date = `2026-12-${String(index + 1).padStart(2, "0")}`;
    return { date, working: isWorkingDay(date, calendar) };
  });
  // December 2026: weekdays except Wednesday 16 (Independence Day), counted by hand.
  it("counts from the next working day on a Saturday and does not say «including today»", () => {
    expect(workingDaysLeftInMonth(december, "2026-12-05")).toEqual({ count: 18, includesToday: false });
    expect(workingDaysLeftInMonth(december, "2026-12-06")).toEqual({ count: 18, includesToday: false });
  });

  it("includes today on a working day", () => {
    expect(workingDaysLeftInMonth(december, "2026-12-04")).toEqual({ count: 19, includesToday: true });
    expect(workingDaysLeftInMonth(december, "2026-12-07")).toEqual({ count: 18, includesToday: true });
    expect(workingDaysLeftInMonth(december, "2026-12-31")).toEqual({ count: 1, includesToday: true });
  });

  it("does not include a holiday on a weekday", () => {
    expect(workingDaysLeftInMonth(december, "2026-12-16")).toEqual({ count: 11, includesToday: false });
  });
});
