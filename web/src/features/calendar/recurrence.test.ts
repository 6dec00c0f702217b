import { describe, expect, it } from "vitest";
import { noRepeat, repeatOf, ruleOf, untilDay, untilStamp, weekdayCode } from "./recurrence";

const zone = "Asia/Almaty";
// Wednesday, 9 December 2026.
const wednesday = "2026-12-09";

describe("the form's recurrence choice as an RRULE", () => {
  it("names the start's weekday", () => {
    expect(weekdayCode("2026-12-07")).toBe("MO");
    expect(weekdayCode(wednesday)).toBe("WE");
    expect(weekdayCode("2026-12-13")).toBe("SU");
  });

  it("writes each simple choice", () => {
    const rule = (choice: "none" | "daily" | "weekly" | "monthly" | "yearly") =>
      ruleOf({ choice, until: null, rule: null }, wednesday, zone);
    expect(rule("none")).toBeNull();
    expect(rule("daily")).toBe("FREQ=DAILY");
    expect(rule("weekly")).toBe("FREQ=WEEKLY;BYDAY=WE");
    expect(rule("monthly")).toBe("FREQ=MONTHLY");
    expect(rule("yearly")).toBe("FREQ=YEARLY");
  });

  it("ends «до даты» at the end of that day in the event's zone", () => {
    // 23:59:59 on 31 January 2027 in Almaty (UTC+5) is 18:59:59 UTC.
    expect(untilStamp("2027-01-31", zone)).toBe("20270131T185959Z");
    expect(ruleOf({ choice: "weekly", until: "2027-01-31", rule: null }, wednesday, zone)).toBe(
      "FREQ=WEEKLY;BYDAY=WE;UNTIL=20270131T185959Z",
    );
  });

  it("matches what the shared schema accepts", async () => {
    const { recurrenceRuleSchema } = await import("@planerka/common");
    for (const choice of ["daily", "weekly", "monthly", "yearly"] as const) {
      const rule = ruleOf({ choice, until: "2027-06-30", rule: null }, wednesday, zone);
      expect(recurrenceRuleSchema.safeParse(rule).success).toBe(true);
    }
  });

  it("reads every rule it writes back as the same choice", () => {
    for (const choice of ["daily", "weekly", "monthly", "yearly"] as const) {
      for (const until of [null, "2027-03-01"]) {
        const rule = ruleOf({ choice, until, rule: null }, wednesday, zone);
        expect(repeatOf(rule, wednesday, zone)).toEqual({ choice, until, rule });
      }
    }
    expect(repeatOf(null, wednesday, zone)).toEqual(noRepeat);
  });

  it("reads a weekly rule without BYDAY and other forms of UNTIL", () => {
    expect(repeatOf("FREQ=WEEKLY", wednesday, zone).choice).toBe("weekly");
    expect(repeatOf("FREQ=DAILY;UNTIL=20270115", wednesday, zone).until).toBe("2027-01-15");
    expect(repeatOf("FREQ=DAILY;INTERVAL=1;UNTIL=20270115T235959", wednesday, zone).until).toBe("2027-01-15");
    // 20:00 UTC on 15 January is already the 16th in Almaty.
    expect(untilDay("20270115T200000Z", zone)).toBe("2027-01-16");
  });

  it("keeps rules the choice cannot show as «custom», unchanged", () => {
    for (const rule of [
      "FREQ=WEEKLY;BYDAY=MO,WE",
      "FREQ=WEEKLY;BYDAY=FR",
      "FREQ=DAILY;INTERVAL=2",
      "FREQ=MONTHLY;COUNT=5",
      "FREQ=MONTHLY;BYDAY=1MO",
      "FREQ=HOURLY",
    ]) {
      const repeat = repeatOf(rule, wednesday, zone);
      expect(repeat.choice).toBe("custom");
      expect(ruleOf(repeat, wednesday, zone)).toBe(rule);
    }
  });

  it("moves a weekly rule to the new start's weekday", () => {
    const repeat = repeatOf("FREQ=WEEKLY;BYDAY=WE", wednesday, zone);
    expect(ruleOf(repeat, "2026-12-11", zone)).toBe("FREQ=WEEKLY;BYDAY=FR");
  });
});
