import { dayInTimeZone, instantInZone, isoWeekday } from "@planerka/common";

/**
 * The form's simple choice of recurrence and the RRULE (RFC 5545, without `RRULE:`) it stands
 * for: every day, every week on the start's weekday, every month, every year, optionally until a
 * day. A rule the choice cannot show (every other week, several weekdays, a count) reads as
 * «custom» and is kept as it is unless the person picks another choice.
 */
export const repeatChoices = ["none", "daily", "weekly", "monthly", "yearly"] as const;
export type RepeatChoice = (typeof repeatChoices)[number] | "custom";

export interface Repeat {
  choice: RepeatChoice;
  /** The last day an occurrence may start on (in the event's zone), or none. */
  until: string | null;
  /** The stored rule, kept for «custom». */
  rule: string | null;
}

export const noRepeat: Repeat = { choice: "none", until: null, rule: null };

const weekdayCodes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;

/** The RRULE weekday of a day: `MO` for a Monday. */
export function weekdayCode(isoDate: string): string {
  return weekdayCodes[isoWeekday(isoDate) - 1] as string;
}

function partsOf(rule: string): Map<string, string> {
  const parts = new Map<string, string>();
  for (const part of rule.split(";")) {
    const [key, value] = part.split("=");
    if (key && value !== undefined) parts.set(key.toUpperCase(), value);
  }
  return parts;
}

/** An UNTIL value (`20270131`, `20270131T185959Z` or a floating `20270131T235959`) as the day it ends on. */
export function untilDay(value: string, timeZone: string): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(value);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, utc] = match;
  if (!utc) return `${year}-${month}-${day}`;
  return dayInTimeZone(new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}Z`), timeZone);
}

/** The end of a day in the zone as an RRULE UTC stamp: 31 January in Almaty → `20270131T185959Z`. */
export function untilStamp(isoDate: string, timeZone: string): string {
  const end = instantInZone(`${isoDate}T23:59:59`, timeZone);
  return end
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

/** Reads a stored rule back into the form's choice; `startDay` is the event's first day. */
export function repeatOf(rule: string | null | undefined, startDay: string, timeZone: string): Repeat {
  if (!rule) return noRepeat;
  const parts = partsOf(rule);
  const custom: Repeat = { choice: "custom", until: null, rule };
  const frequency = parts.get("FREQ");
  const until = parts.get("UNTIL");
  const untilValue = until ? untilDay(until, timeZone) : null;
  if (until && !untilValue) return custom;
  const known = new Set(["FREQ", "UNTIL", "BYDAY", "INTERVAL", "WKST"]);
  if ([...parts.keys()].some((key) => !known.has(key))) return custom;
  if ((parts.get("INTERVAL") ?? "1") !== "1") return custom;
  const byDay = parts.get("BYDAY");
  const simple = (choice: RepeatChoice): Repeat => ({ choice, until: untilValue, rule });
  switch (frequency) {
    case "DAILY":
      return byDay ? custom : simple("daily");
    case "WEEKLY":
      return !byDay || byDay === weekdayCode(startDay) ? simple("weekly") : custom;
    case "MONTHLY":
      return byDay ? custom : simple("monthly");
    case "YEARLY":
      return byDay ? custom : simple("yearly");
    default:
      return custom;
  }
}

/** The rule for the form's choice, for an event that starts on `startDay`; null when it does not repeat. */
export function ruleOf(repeat: Repeat, startDay: string, timeZone: string): string | null {
  if (repeat.choice === "none") return null;
  if (repeat.choice === "custom") return repeat.rule;
  const base = {
    daily: "FREQ=DAILY",
    weekly: `FREQ=WEEKLY;BYDAY=${weekdayCode(startDay)}`,
    monthly: "FREQ=MONTHLY",
    yearly: "FREQ=YEARLY",
  }[repeat.choice];
  return repeat.until ? `${base};UNTIL=${untilStamp(repeat.until, timeZone)}` : base;
}
