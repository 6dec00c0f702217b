import { recurrenceLimits } from "@planerka/common";
import { describe, expect, it } from "vitest";
import { AppError } from "../../platform/errors/problem";
import { type EventTiming, eventSpanOrThrow, expandEvent, occurrencesBetween } from "./recurrence";

const timed = (startsAt: string, endsAt: string, recurrence: string, more: Partial<EventTiming> = {}): EventTiming => ({
  allDay: false,
  startsAt: new Date(startsAt),
  endsAt: new Date(endsAt),
  startDate: null,
  endDate: null,
  timeZone: "Asia/Almaty",
  recurrence,
  exceptions: [],
  ...more,
});

const allDay = (startDate: string, endDate: string, recurrence: string): EventTiming => ({
  allDay: true,
  startsAt: null,
  endsAt: null,
  startDate,
  endDate,
  timeZone: "Asia/Almaty",
  recurrence,
  exceptions: [],
});

/** The wall clock of an instant in a zone, as `YYYY-MM-DD HH:mm`, computed by Intl alone. */
const wallClock = (instant: string, timeZone: string) =>
  new Intl.DateTimeFormat("sv-SE", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(instant));

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("recurrence", () => {
  it("keeps a weekly Monday meeting at 10:00 in Almaty across three months (05:00Z)", () => {
    const { occurrences, cut } = expandEvent(
      timed("2026-01-05T05:00:00Z", "2026-01-05T06:00:00Z", "FREQ=WEEKLY;BYDAY=MO;UNTIL=20260331"),
    );
    expect(cut).toBe(false);
    expect(occurrences).toHaveLength(13);
    for (const occurrence of occurrences) {
      expect(occurrence.start).toMatch(/T05:00:00\.000Z$/);
      expect(wallClock(occurrence.start, "Asia/Almaty")).toMatch(/ 10:00$/);
      expect(new Date(occurrence.start).getUTCDay()).toBe(1);
      expect(Date.parse(occurrence.end) - Date.parse(occurrence.start)).toBe(3_600_000);
    }
    expect(occurrences.map((occurrence) => occurrence.day)).toEqual([
      "2026-01-05",
      "2026-01-12",
      "2026-01-19",
      "2026-01-26",
      "2026-02-02",
      "2026-02-09",
      "2026-02-16",
      "2026-02-23",
      "2026-03-02",
      "2026-03-09",
      "2026-03-16",
      "2026-03-23",
      "2026-03-30",
    ]);
  });

  it("keeps the wall clock when the zone's offset changes (Almaty on 1 March 2024, Berlin's summer time)", () => {
    const almaty = expandEvent(timed("2024-02-19T04:00:00Z", "2024-02-19T05:00:00Z", "FREQ=WEEKLY;COUNT=4"));
    expect(almaty.occurrences.map((occurrence) => occurrence.start)).toEqual([
      "2024-02-19T04:00:00.000Z",
      "2024-02-26T04:00:00.000Z",
      "2024-03-04T05:00:00.000Z",
      "2024-03-11T05:00:00.000Z",
    ]);
    const berlin = expandEvent(
      timed("2026-03-23T09:00:00Z", "2026-03-23T10:00:00Z", "FREQ=WEEKLY;COUNT=3", { timeZone: "Europe/Berlin" }),
    );
    expect(berlin.occurrences.map((occurrence) => wallClock(occurrence.start, "Europe/Berlin"))).toEqual([
      "2026-03-23 10:00",
      "2026-03-30 10:00",
      "2026-04-06 10:00",
    ]);
    expect(berlin.occurrences[1]!.start).toBe("2026-03-30T08:00:00.000Z");
  });

  it("skips an exception day", () => {
    const { occurrences } = expandEvent(
      timed("2026-01-05T05:00:00Z", "2026-01-05T06:00:00Z", "FREQ=WEEKLY;BYDAY=MO;UNTIL=20260331", {
        exceptions: ["2026-01-19", "2026-03-30"],
      }),
    );
    expect(occurrences).toHaveLength(11);
    expect(occurrences.map((occurrence) => occurrence.day)).not.toContain("2026-01-19");
    expect(occurrences.at(-1)!.day).toBe("2026-03-23");
  });

  it("cuts a daily rule with no end ten years after the start", () => {
    const timing = timed("2026-01-05T05:00:00Z", "2026-01-05T05:30:00Z", "FREQ=DAILY");
    const { occurrences, cut } = expandEvent(timing);
    expect(recurrenceLimits).toEqual({ years: 10, instances: 5000 });
    expect(cut).toBe(true);
    // 2026-01-05 … 2036-01-04: ten years of days, three of them leap days.
    expect(occurrences).toHaveLength(3652);
    expect(occurrences.at(-1)!.start).toBe("2036-01-04T05:00:00.000Z");
    const span = eventSpanOrThrow(timing);
    expect(span).toEqual({
      spanStart: new Date("2026-01-05T05:00:00Z"),
      spanEnd: new Date("2036-01-04T05:30:00Z"),
      cut: true,
    });
    // Whichever limit comes first: a smaller instance limit cuts earlier.
    const capped = expandEvent(timing, { years: 10, instances: 100 });
    expect(capped.occurrences).toHaveLength(100);
    expect(capped.cut).toBe(true);
    // A rule that ends in time is not cut.
    expect(expandEvent(timed("2026-01-05T05:00:00Z", "2026-01-05T05:30:00Z", "FREQ=DAILY;COUNT=5")).cut).toBe(false);
  });

  it("repeats a monthly rule on the 31st only in months that have one", () => {
    const { occurrences } = expandEvent(timed("2026-01-31T04:00:00Z", "2026-01-31T05:00:00Z", "FREQ=MONTHLY;COUNT=7"));
    expect(occurrences.map((occurrence) => occurrence.day)).toEqual([
      "2026-01-31",
      "2026-03-31",
      "2026-05-31",
      "2026-07-31",
      "2026-08-31",
      "2026-10-31",
      "2026-12-31",
    ]);
    const lastDay = expandEvent(
      timed("2026-01-31T04:00:00Z", "2026-01-31T05:00:00Z", "FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3"),
    );
    expect(lastDay.occurrences.map((occurrence) => occurrence.day)).toEqual(["2026-01-31", "2026-02-28", "2026-03-31"]);
  });

  it("repeats all-day events by days, several days long", () => {
    const { occurrences } = expandEvent(allDay("2026-02-27", "2026-03-01", "FREQ=YEARLY;COUNT=3"));
    expect(occurrences.map((occurrence) => [occurrence.start, occurrence.end])).toEqual([
      ["2026-02-27", "2026-03-01"],
      ["2027-02-27", "2027-03-01"],
      ["2028-02-27", "2028-02-29"],
    ]);
    expect(occurrences[0]!.startInstant.toISOString()).toBe("2026-02-26T19:00:00.000Z");
    expect(occurrences[0]!.endInstant.toISOString()).toBe("2026-03-01T19:00:00.000Z");
  });

  it("finds the occurrences of a window without expanding past it", () => {
    const timing = timed("2020-01-06T04:00:00Z", "2020-01-06T05:00:00Z", "FREQ=WEEKLY;BYDAY=MO,TH");
    const found = occurrencesBetween(timing, new Date("2026-03-01T19:00:00Z"), new Date("2026-03-08T19:00:00Z"));
    expect(found.map((occurrence) => occurrence.start)).toEqual([
      "2026-03-02T05:00:00.000Z",
      "2026-03-05T05:00:00.000Z",
    ]);
    const single = timed("2026-03-02T05:00:00Z", "2026-03-02T06:00:00Z", "FREQ=DAILY;COUNT=1");
    expect(occurrencesBetween(single, new Date("2026-03-02T05:59:00Z"), new Date("2026-03-03T00:00:00Z"))).toHaveLength(
      1,
    );
    expect(occurrencesBetween(single, new Date("2026-03-02T06:00:00Z"), new Date("2026-03-03T00:00:00Z"))).toHaveLength(
      0,
    );
  });

  it("refuses a malformed or impossible rule with a 400 naming recurrence, quickly", () => {
    const start = "2026-01-05T05:00:00Z";
    const end = "2026-01-05T06:00:00Z";
    for (const rule of [
      "FREQ=DAILY;BYHOUR=5",
      "FREQ=DAILY;COUNT=ABC",
      "FREQ=DAILY;COUNT=3;COUNT=4",
      "FREQ=DAILY;COUNT=3;UNTIL=20270101",
      "FREQ=WEEKLY;BYDAY=2MO",
      "FREQ=MONTHLY;BYDAY=6MO",
      "FREQ=MONTHLY;BYMONTHDAY=32",
      "FREQ=YEARLY;BYMONTH=13",
      "FREQ=DAILY;UNTIL=20260230",
      "FREQ=DAILY;BYSETPOS=1",
      "FREQ=DAILY;DTSTART=20260101T000000Z",
      "INTERVAL=2",
      "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
      "FREQ=DAILY;UNTIL=20251231",
      "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6",
    ]) {
      const began = performance.now();
      const error = refusal(() => eventSpanOrThrow(timed(start, end, rule)));
      expect(error.status, rule).toBe(400);
      expect(error.errors?.map((entry) => entry.path)).toEqual(["recurrence"]);
      expect(performance.now() - began, rule).toBeLessThan(1_000);
    }
    const allExcepted = refusal(() =>
      eventSpanOrThrow(timed(start, end, "FREQ=DAILY;COUNT=2", { exceptions: ["2026-01-05", "2026-01-06"] })),
    );
    expect([allExcepted.status, allExcepted.errors?.[0]?.path]).toEqual([422, "exceptions"]);
  });
});
