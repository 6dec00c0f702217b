import { z } from "zod";

/**
 * The years a day, month, week or moment in the API may fall in. Outside them a date is a typing
 * mistake (0000, 9999) that PostgreSQL may not even hold (it has no year 0): refused as a 400.
 */
export const firstYear = 2000;
export const lastYear = 2100;
const yearRangeMessage = `Expected a year from ${firstYear} to ${lastYear}`;
/** Values that do not start with a year are left to the format's own check. */
function startsInYearRange(value: string): boolean {
  if (!/^\d{4}/.test(value)) return true;
  const year = Number(value.slice(0, 4));
  return year >= firstYear && year <= lastYear;
}

export const yearSchema = z.coerce.number().int().min(firstYear).max(lastYear);
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Expected a day as YYYY-MM-DD")
  .refine((value) => isValidIsoDate(value), "Not a real calendar day")
  .refine(startsInYearRange, yearRangeMessage);
export const monthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Expected a month as YYYY-MM")
  .refine(startsInYearRange, yearRangeMessage);
export const isoWeekSchema = z
  .string()
  .regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, "Expected a week as YYYY-Www")
  .refine(startsInYearRange, yearRangeMessage);
/** A moment with its offset from UTC, as 2026-03-02T09:00:00+05:00 or …Z. */
export const instantSchema = z.iso.datetime({ offset: true }).refine(startsInYearRange, yearRangeMessage);

export const calendarDayKinds = ["holiday", "workday"] as const;
export type CalendarDayKind = (typeof calendarDayKinds)[number];

export interface CalendarException {
  date: string;
  kind: CalendarDayKind;
  name: string;
}

/** Weekdays use ISO numbering: 1 = Monday … 7 = Sunday. */
export interface WorkingCalendar {
  workingWeekdays: readonly number[];
  exceptions: ReadonlyMap<string, CalendarDayKind>;
}

function toUtcDate(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00Z`);
}

export function isValidIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = toUtcDate(value);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function isoWeekday(isoDate: string): number {
  const day = toUtcDate(isoDate).getUTCDay();
  return day === 0 ? 7 : day;
}

export function addDays(isoDate: string, days: number): string {
  const date = toUtcDate(isoDate);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function daysInMonth(month: string): number {
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
}

export function monthStart(month: string): string {
  return `${month}-01`;
}

export function monthEnd(month: string): string {
  return `${month}-${String(daysInMonth(month)).padStart(2, "0")}`;
}

export function isWorkingDay(isoDate: string, calendar: WorkingCalendar): boolean {
  const exception = calendar.exceptions.get(isoDate);
  if (exception) return exception === "workday";
  return calendar.workingWeekdays.includes(isoWeekday(isoDate));
}

/** W(a..b): working days from a to b inclusive; 0 when b is before a. */
export function countWorkingDays(from: string, to: string, calendar: WorkingCalendar): number {
  let count = 0;
  for (let day = from; day <= to; day = addDays(day, 1)) {
    if (isWorkingDay(day, calendar)) count++;
  }
  return count;
}

/**
 * Working days left in today's month, counted from today when today is a working day and from the
 * next working day otherwise; `includesToday` says which, so a Saturday never reads «включая
 * сегодня». `days` are the month's days as the calendar API lists them.
 */
export function workingDaysLeftInMonth(
  days: readonly { date: string; working: boolean }[],
  today: string,
): { count: number; includesToday: boolean } {
  const month = today.slice(0, 7);
  const left = days.filter((day) => day.working && day.date.startsWith(month) && day.date >= today);
  return { count: left.length, includesToday: left[0]?.date === today };
}

/** Monday of the ISO week `YYYY-Www`. */
export function isoWeekStart(week: string): string {
  const [yearPart, weekPart] = week.split("-W") as [string, string];
  const year = Number(yearPart);
  // 4 January is always in ISO week 1.
  const january4 = `${year}-01-04`;
  const week1Monday = addDays(january4, 1 - isoWeekday(january4));
  return addDays(week1Monday, (Number(weekPart) - 1) * 7);
}

export function isoWeekOf(isoDate: string): string {
  const thursday = addDays(isoDate, 4 - isoWeekday(isoDate));
  const year = thursday.slice(0, 4);
  const january1 = `${year}-01-01`;
  const dayOfYear = Math.round((toUtcDate(thursday).getTime() - toUtcDate(january1).getTime()) / 86_400_000);
  return `${year}-W${String(Math.floor(dayOfYear / 7) + 1).padStart(2, "0")}`;
}

/** The calendar day of an instant in a time zone, as YYYY-MM-DD. */
export function dayInTimeZone(instant: Date, timeZone: string): string {
  return formatterFor(dayFormatters, "en-CA", timeZone, () => ({
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  })).format(instant);
}

// Building an Intl.DateTimeFormat costs far more than using one (about 0.1 ms against 1 µs): a
// week's table converts hundreds of instants, so each zone's formatter is built once.
const dayFormatters = new Map<string, Intl.DateTimeFormat>();
const clockFormatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(
  cache: Map<string, Intl.DateTimeFormat>,
  locale: string,
  timeZone: string,
  options: () => Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  let formatter = cache.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { ...options(), timeZone });
    cache.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Kazakhstan's official production calendar, shipped as data (date-holidays gets 2025–2026 wrong). */
export const kazakhstanCalendar: readonly CalendarException[] = [
  { date: "2025-01-01", kind: "holiday", name: "Новый год" },
  { date: "2025-01-02", kind: "holiday", name: "Новый год" },
  { date: "2025-01-03", kind: "holiday", name: "Перенос выходного дня с 5 января" },
  { date: "2025-01-05", kind: "workday", name: "Рабочий день (перенос на 3 января)" },
  { date: "2025-01-07", kind: "holiday", name: "Рождество Христово" },
  { date: "2025-03-10", kind: "holiday", name: "Международный женский день (перенос)" },
  { date: "2025-03-21", kind: "holiday", name: "Наурыз мейрамы" },
  { date: "2025-03-24", kind: "holiday", name: "Наурыз мейрамы (перенос)" },
  { date: "2025-03-25", kind: "holiday", name: "Наурыз мейрамы (перенос)" },
  { date: "2025-05-01", kind: "holiday", name: "Праздник единства народа Казахстана" },
  { date: "2025-05-07", kind: "holiday", name: "День защитника Отечества" },
  { date: "2025-05-09", kind: "holiday", name: "День Победы" },
  { date: "2025-06-06", kind: "holiday", name: "Курбан айт" },
  { date: "2025-07-07", kind: "holiday", name: "День столицы (перенос)" },
  { date: "2025-09-01", kind: "holiday", name: "День Конституции (перенос)" },
  { date: "2025-10-27", kind: "holiday", name: "День Республики (перенос)" },
  { date: "2025-12-16", kind: "holiday", name: "День Независимости" },
  { date: "2026-01-01", kind: "holiday", name: "Новый год" },
  { date: "2026-01-02", kind: "holiday", name: "Новый год" },
  { date: "2026-01-07", kind: "holiday", name: "Рождество Христово" },
  { date: "2026-03-09", kind: "holiday", name: "Международный женский день (перенос)" },
  { date: "2026-03-23", kind: "holiday", name: "Наурыз мейрамы (перенос)" },
  { date: "2026-03-24", kind: "holiday", name: "Наурыз мейрамы" },
  { date: "2026-03-25", kind: "holiday", name: "Наурыз мейрамы" },
  { date: "2026-05-01", kind: "holiday", name: "Праздник единства народа Казахстана" },
  { date: "2026-05-07", kind: "holiday", name: "День защитника Отечества" },
  { date: "2026-05-11", kind: "holiday", name: "День Победы (перенос)" },
  { date: "2026-05-27", kind: "holiday", name: "Курбан айт" },
  { date: "2026-07-06", kind: "holiday", name: "День столицы" },
  { date: "2026-10-26", kind: "holiday", name: "День Республики" },
  { date: "2026-12-16", kind: "holiday", name: "День Независимости" },
];

/**
 * Offsets by zone and quarter hour: every change of offset in the time-zone database since 1970
 * falls on a quarter hour of UTC, so within one the offset is the same. Formatting is the slow part
 * of a calendar read (thousands of occurrences), hence the memo; it is bounded.
 */
const offsetMemo = new Map<string, number>();
const QUARTER_HOUR = 900_000;
const offsetMemoLimit = 50_000;

/** Minutes the zone is ahead of UTC at that instant (Almaty: +300 since March 2024). */
export function timeZoneOffsetMinutes(instant: Date, timeZone: string): number {
  const time = instant.getTime();
  // Before 1970 offsets changed at odd minutes (local mean time): those are computed every time.
  if (time < 0 || Number.isNaN(time)) return computeOffsetMinutes(instant, timeZone);
  const key = `${timeZone}|${Math.floor(time / QUARTER_HOUR)}`;
  const known = offsetMemo.get(key);
  if (known !== undefined) return known;
  const offset = computeOffsetMinutes(instant, timeZone);
  if (offsetMemo.size >= offsetMemoLimit) offsetMemo.clear();
  offsetMemo.set(key, offset);
  return offset;
}

function computeOffsetMinutes(instant: Date, timeZone: string): number {
  const parts = formatterFor(clockFormatters, "en-US", timeZone, () => ({
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  })).formatToParts(instant);
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const local = Date.UTC(
    value("year"),
    value("month") - 1,
    value("day"),
    value("hour"),
    value("minute"),
    value("second"),
  );
  return Math.round((local - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The instant a calendar day begins in a time zone. */
export function startOfDayInZone(isoDate: string, timeZone: string): Date {
  return instantInZone(`${isoDate}T00:00:00`, timeZone);
}

/** The instant a wall-clock time (`YYYY-MM-DDTHH:mm[:ss]`) names in a time zone. */
export function instantInZone(localDateTime: string, timeZone: string): Date {
  const guess = new Date(`${localDateTime}Z`);
  const offset = timeZoneOffsetMinutes(guess, timeZone);
  const candidate = new Date(guess.getTime() - offset * 60_000);
  // Around a change of offset the first guess can be an hour off; one correction settles it.
  const corrected = timeZoneOffsetMinutes(candidate, timeZone);
  return corrected === offset ? candidate : new Date(guess.getTime() - corrected * 60_000);
}
