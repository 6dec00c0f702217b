import dayjs, { type Dayjs } from "dayjs";
import { inZone } from "../../lib/dates";

/** The company's wall clock now. */
export function zonedNow(timeZone: string): Dayjs {
  return inZone(dayjs(), timeZone);
}

/** The next round half hour after now, e.g. 10:07 → 10:30, 10:30 → 11:00. */
export function nextHalfHour(timeZone: string): { date: string; time: string } {
  const now = zonedNow(timeZone).second(0).millisecond(0);
  const minutes = now.minute() < 30 ? 30 : 60;
  const next = now.minute(0).add(minutes, "minute");
  return { date: next.format("YYYY-MM-DD"), time: next.format("HH:mm") };
}

/** An instant as the company's calendar date and wall-clock time. */
export function splitInstant(iso: string, timeZone: string): { date: string; time: string } {
  const value = inZone(dayjs(iso), timeZone);
  return { date: value.format("YYYY-MM-DD"), time: value.format("HH:mm") };
}

const timePattern = /^([01]?\d|2[0-3]):([0-5]\d)$/;

export function isTime(value: string): boolean {
  return timePattern.test(value.trim());
}

/** The company's date and time back as an ISO instant. */
export function joinInstant(date: string, time: string, timeZone: string): string {
  const [, hours = "0", minutes = "0"] = timePattern.exec(time.trim()) ?? [];
  const local = `${date} ${hours.padStart(2, "0")}:${minutes}`;
  try {
    return dayjs.tz(local, timeZone).toISOString();
  } catch {
    return dayjs(local).toISOString();
  }
}

/** Reads what people type into a date box: 5.3.2025, 05.03.25, 2025-03-05. */
export function parseTypedDate(input: string): string | null {
  const text = input.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const dotted = /^(\d{1,2})[./](\d{1,2})[./](\d{2}|\d{4})$/.exec(text);
  let year: number;
  let month: number;
  let day: number;
  if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (dotted) {
    [day, month, year] = [Number(dotted[1]), Number(dotted[2]), Number(dotted[3])];
    if (year < 100) year += 2000;
  } else return null;
  const value = dayjs(new Date(year, month - 1, day));
  if (!value.isValid() || value.date() !== day || value.month() !== month - 1) return null;
  return value.format("YYYY-MM-DD");
}
