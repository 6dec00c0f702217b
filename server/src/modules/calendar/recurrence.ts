import { addDays, instantInZone, recurrenceLimits, timeZoneOffsetMinutes } from "@planerka/common";
import rrulePackage, { type Options } from "rrule";
import { AppError } from "../../platform/errors/problem";

// rrule ships CommonJS without named ESM exports: Node (and tsx) give only the default export.
const { RRule } = rrulePackage;

/**
 * Recurring events (RFC 5545 RRULE, expanded with the `rrule` package).
 *
 * Wall-clock time. «Every Monday at 10:00 in Asia/Almaty» must stay 10:00 there whatever the
 * offset does. rrule's own `tzid` converts through the *process's* local zone (its README: returned
 * dates "are meant to be interpreted as dates in your local timezone"; known to shift by the host's
 * offset), so it is not used: the rule is expanded in "floating" time — a Date whose UTC fields are
 * the event's wall clock, as rrule recommends — and each occurrence is turned into an instant with
 * the zone's rules from Intl (`instantInZone`).
 *
 * Limits. Occurrences stop ten years after the first start or at 5,000 (`recurrenceLimits`),
 * whichever comes first; the event then says it was cut. A rule that can never match (30 February)
 * would make rrule search up to the year 9999 — seconds of CPU for a daily rule — so the rule is
 * expanded 400·k years later (the Gregorian calendar repeats exactly every 400 years: same weekdays,
 * same leap days) near rrule's last year, where its search ends within a few hundred years at most,
 * and the occurrences are moved back.
 */

export interface EventTiming {
  allDay: boolean;
  startsAt: Date | null;
  endsAt: Date | null;
  startDate: string | null;
  endDate: string | null;
  timeZone: string;
  recurrence: string | null;
  /** Days (in the event's zone) whose occurrence is left out. */
  exceptions: readonly string[];
}

/** One occurrence: timed ones by instants, all-day ones by days (the end day included) and the instants they cover in the event's zone. */
export interface Occurrence {
  /** Timed: ISO instant; all-day: `YYYY-MM-DD`. */
  start: string;
  end: string;
  startInstant: Date;
  endInstant: Date;
  /** The day (in the event's zone) the occurrence starts on: what an exception names. */
  day: string;
}

export interface ExpansionLimits {
  years: number;
  instances: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The latest year a shifted start may fall in: the ten-year window and a margin end before rrule's 9999. */
const SHIFT_CEILING_YEAR = 9968;

const recurrenceError = (message: string) =>
  new AppError(400, "Bad Request", `recurrence: ${message}`, [{ path: "recurrence", message }]);

const weekdayCode = "(MO|TU|WE|TH|FR|SA|SU)";
const ruleParts: Record<string, RegExp> = {
  FREQ: /^(DAILY|WEEKLY|MONTHLY|YEARLY)$/,
  INTERVAL: /^[1-9]\d{0,2}$/,
  COUNT: /^[1-9]\d{0,5}$/,
  UNTIL: /^\d{8}(T\d{6}Z?)?$/,
  BYDAY: new RegExp(`^[+-]?\\d{0,2}${weekdayCode}(,[+-]?\\d{0,2}${weekdayCode})*$`),
  BYMONTHDAY: /^-?\d{1,2}(,-?\d{1,2})*$/,
  BYMONTH: /^\d{1,2}(,\d{1,2})*$/,
  BYSETPOS: /^-?\d{1,3}(,-?\d{1,3})*$/,
  WKST: new RegExp(`^${weekdayCode}$`),
};

const numbers = (value: string) => value.split(",").map(Number);

/** The rule's parts, checked one by one: only what a calendar form produces (no BYHOUR, BYYEARDAY, BYWEEKNO). */
function partsOrThrow(rule: string): Map<string, string> {
  const parts = new Map<string, string>();
  for (const part of rule.split(";")) {
    const [key, value, ...rest] = part.split("=");
    if (!key || value === undefined || rest.length > 0) throw recurrenceError(`Cannot read «${part}»`);
    const pattern = ruleParts[key];
    if (!pattern) throw recurrenceError(`${key} is not supported`);
    if (parts.has(key)) throw recurrenceError(`${key} is given twice`);
    if (!pattern.test(value)) throw recurrenceError(`${key}=${value} is not a valid value`);
    parts.set(key, value);
  }
  const freq = parts.get("FREQ");
  if (!freq) throw recurrenceError("FREQ is required");
  if (parts.has("COUNT") && parts.has("UNTIL")) throw recurrenceError("COUNT and UNTIL exclude each other");
  const byDay = parts.get("BYDAY");
  if (byDay) {
    const limit = freq === "MONTHLY" ? 5 : freq === "YEARLY" ? 53 : 0;
    for (const entry of byDay.split(",")) {
      const ordinal = entry.slice(0, -2);
      if (ordinal === "" || ordinal === "+" || ordinal === "-") continue;
      const n = Math.abs(Number(ordinal));
      if (limit === 0) throw recurrenceError("A numbered weekday (2MO) needs FREQ=MONTHLY or YEARLY");
      if (n < 1 || n > limit) throw recurrenceError(`${entry}: the number must be from 1 to ${limit}`);
    }
  }
  const monthDays = parts.get("BYMONTHDAY");
  if (monthDays && numbers(monthDays).some((day) => day === 0 || Math.abs(day) > 31))
    throw recurrenceError("BYMONTHDAY takes days from 1 to 31 (or -31 to -1)");
  const months = parts.get("BYMONTH");
  if (months && numbers(months).some((month) => month < 1 || month > 12))
    throw recurrenceError("BYMONTH takes months from 1 to 12");
  const setPositions = parts.get("BYSETPOS");
  if (setPositions) {
    if (!byDay && !monthDays && !months) throw recurrenceError("BYSETPOS needs BYDAY, BYMONTHDAY or BYMONTH");
    if (numbers(setPositions).some((position) => position === 0 || Math.abs(position) > 366))
      throw recurrenceError("BYSETPOS takes positions from 1 to 366 (or -366 to -1)");
  }
  return parts;
}

/** UNTIL as a floating (wall-clock) moment: a day includes all of it; a UTC instant is read in the event's zone. */
function floatingUntil(value: string, timeZone: string): Date {
  const day = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
  if (Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day)
    throw recurrenceError(`UNTIL=${value} is not a real day`);
  if (value.length === 8) return new Date(`${day}T23:59:59.999Z`);
  const time = `${value.slice(9, 11)}:${value.slice(11, 13)}:${value.slice(13, 15)}`;
  const moment = new Date(`${day}T${time}Z`);
  if (Number.isNaN(moment.getTime())) throw recurrenceError(`UNTIL=${value} is not a real time`);
  return value.endsWith("Z") ? floatingOf(moment, timeZone) : moment;
}

/** The wall clock of `instant` in `timeZone`, as a Date whose UTC fields show it. */
export function floatingOf(instant: Date, timeZone: string): Date {
  return new Date(instant.getTime() + timeZoneOffsetMinutes(instant, timeZone) * 60_000);
}

/** The instant a floating wall-clock Date names in `timeZone`. */
function instantOf(floating: Date, timeZone: string): Date {
  return instantInZone(floating.toISOString().slice(0, 23), timeZone);
}

function shiftYears(date: Date, years: number): Date {
  const shifted = new Date(date.getTime());
  shifted.setUTCFullYear(shifted.getUTCFullYear() + years);
  return shifted;
}

/** Whether a day passes the rule's day filters (month, day of month, weekday), ignoring positions and intervals. */
function dayMayMatch(day: Date, options: Options & { bynmonthday?: number[]; bynweekday?: number[][] | null }) {
  const month = day.getUTCMonth() + 1;
  const bymonth = options.bymonth as number[] | null;
  if (bymonth && bymonth.length > 0 && !bymonth.includes(month)) return false;
  const positive = (options.bymonthday as number[] | null) ?? [];
  const negative = options.bynmonthday ?? [];
  if (positive.length + negative.length > 0) {
    const date = day.getUTCDate();
    const length = new Date(Date.UTC(day.getUTCFullYear(), month, 0)).getUTCDate();
    if (!positive.includes(date) && !negative.includes(date - length - 1)) return false;
  }
  const weekdays = [
    ...((options.byweekday as number[] | null) ?? []),
    ...(options.bynweekday ?? []).map(([wd]) => wd!),
  ];
  if (weekdays.length > 0 && !weekdays.includes((day.getUTCDay() + 6) % 7)) return false;
  return true;
}

interface CompiledRule {
  /** Floating starts in order, from the first; `accept` decides whether to go on. */
  each(accept: (floating: Date, index: number) => boolean): void;
}

/**
 * The rule checked and bound to the event's first (floating) start: 400 naming `recurrence` when
 * it cannot be read, uses what the calendar does not support, or cannot occur in the ten years.
 */
function compileOrThrow(rule: string, firstFloating: Date, timeZone: string, limits: ExpansionLimits): CompiledRule {
  const parts = partsOrThrow(rule);
  const until = parts.get("UNTIL");
  parts.delete("UNTIL");
  let parsed: Partial<Options>;
  try {
    parsed = RRule.parseString([...parts].map(([key, value]) => `${key}=${value}`).join(";"));
  } catch (error) {
    throw recurrenceError((error as Error).message);
  }
  const years = 400 * Math.floor((SHIFT_CEILING_YEAR - firstFloating.getUTCFullYear()) / 400);
  let compiled: InstanceType<typeof RRule>;
  try {
    compiled = new RRule(
      {
        ...parsed,
        dtstart: shiftYears(firstFloating, years),
        until: until ? shiftYears(floatingUntil(until, timeZone), years) : null,
        tzid: null,
      },
      true,
    );
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw recurrenceError((error as Error).message);
  }
  // A rule whose day filters match no day of the window can never occur there (30 February).
  const options = compiled.options as Options & { bynmonthday?: number[]; bynweekday?: number[][] | null };
  const windowDays = Math.ceil((shiftYears(firstFloating, limits.years).getTime() - firstFloating.getTime()) / DAY);
  const firstDay = new Date(`${firstFloating.toISOString().slice(0, 10)}T00:00:00Z`);
  let possible = false;
  for (let index = 0; index <= windowDays && !possible; index++) {
    possible = dayMayMatch(new Date(firstDay.getTime() + index * DAY), options);
  }
  if (!possible) throw recurrenceError("The rule matches no day in the ten years after the start");
  return {
    each(accept) {
      compiled.all((date, index) => accept(shiftYears(date, -years), index));
    },
  };
}

function firstFloatingOf(timing: EventTiming): Date {
  return timing.allDay ? new Date(`${timing.startDate}T00:00:00Z`) : floatingOf(timing.startsAt!, timing.timeZone);
}

/** The occurrence starting at a floating wall-clock moment. */
function occurrenceAt(timing: EventTiming, floating: Date): Occurrence {
  const day = floating.toISOString().slice(0, 10);
  if (timing.allDay) {
    const length = Math.round(
      (Date.parse(`${timing.endDate}T00:00:00Z`) - Date.parse(`${timing.startDate}T00:00:00Z`)) / DAY,
    );
    const endDay = addDays(day, length);
    return {
      start: day,
      end: endDay,
      startInstant: instantInZone(`${day}T00:00:00`, timing.timeZone),
      endInstant: instantInZone(`${addDays(endDay, 1)}T00:00:00`, timing.timeZone),
      day,
    };
  }
  const duration = timing.endsAt!.getTime() - timing.startsAt!.getTime();
  const start = instantOf(floating, timing.timeZone);
  const end = new Date(start.getTime() + duration);
  return { start: start.toISOString(), end: end.toISOString(), startInstant: start, endInstant: end, day };
}

/**
 * The floating starts of an event's occurrences (exceptions left out), up to the limits or to
 * `stopAfter` (floating) when given; `cut` when the rule goes on past the limits.
 */
function expandFloating(
  timing: EventTiming,
  options: { stopAfter?: Date; limits?: ExpansionLimits } = {},
): { starts: Date[]; cut: boolean } {
  const first = firstFloatingOf(timing);
  if (!timing.recurrence) return { starts: [first], cut: false };
  const limits = options.limits ?? recurrenceLimits;
  const rule = compileOrThrow(timing.recurrence, first, timing.timeZone, limits);
  const limit = shiftYears(first, limits.years);
  const excepted = new Set(timing.exceptions);
  const starts: Date[] = [];
  let cut = false;
  rule.each((floating, index) => {
    if (index >= limits.instances || floating >= limit) {
      cut = true;
      return false;
    }
    if (options.stopAfter && floating > options.stopAfter) return false;
    if (!excepted.has(floating.toISOString().slice(0, 10))) starts.push(floating);
    return true;
  });
  return { starts, cut };
}

/** Every occurrence within the limits, and whether the rule was cut there. */
export function expandEvent(
  timing: EventTiming,
  limits: ExpansionLimits = recurrenceLimits,
): { occurrences: Occurrence[]; cut: boolean } {
  const { starts, cut } = expandFloating(timing, { limits });
  return { occurrences: starts.map((floating) => occurrenceAt(timing, floating)), cut };
}

/** The occurrences that overlap the instants [from, to). */
export function occurrencesBetween(timing: EventTiming, from: Date, to: Date): Occurrence[] {
  // A wall clock is at most 14 hours off UTC; all-day occurrences may span many days, so the
  // window's early side is widened by the event's own length.
  const length = timing.allDay
    ? Date.parse(`${timing.endDate}T00:00:00Z`) - Date.parse(`${timing.startDate}T00:00:00Z`) + DAY
    : timing.endsAt!.getTime() - timing.startsAt!.getTime();
  const { starts } = expandFloating(timing, { stopAfter: new Date(to.getTime() + 15 * HOUR) });
  const earliest = from.getTime() - length - 15 * HOUR;
  return starts
    .filter((floating) => floating.getTime() >= earliest)
    .map((floating) => occurrenceAt(timing, floating))
    .filter((occurrence) => occurrence.endInstant > from && occurrence.startInstant < to);
}

/**
 * What an event's row stores for range reads: the first start and the last end of its expanded
 * occurrences, and whether the rule was cut. 400 naming `recurrence` for a rule that cannot be
 * used, 422 naming `exceptions` when they leave nothing.
 */
export function eventSpanOrThrow(timing: EventTiming): { spanStart: Date; spanEnd: Date; cut: boolean } {
  const { starts, cut } = expandFloating(timing);
  if (starts.length === 0) {
    if (timing.exceptions.length > 0 && expandFloating({ ...timing, exceptions: [] }).starts.length > 0)
      throw new AppError(422, "Unprocessable Entity", "exceptions: Every occurrence is left out", [
        { path: "exceptions", message: "Every occurrence is left out" },
      ]);
    throw recurrenceError("The rule gives no occurrence in the ten years after the start");
  }
  const first = occurrenceAt(timing, starts[0]!);
  const last = occurrenceAt(timing, starts[starts.length - 1]!);
  return { spanStart: first.startInstant, spanEnd: last.endInstant, cut };
}
