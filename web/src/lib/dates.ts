import dayjs, { type Dayjs } from "dayjs";

/**
 * Every date and time the web app shows is the company's wall clock (`me.timeZone`), never the
 * browser's: a manager travelling to Moscow must see the same 10:00 as the office in Almaty.
 * So the zone is a required argument of every helper here, and the screens use these helpers.
 */
export function inZone(value: string | Date | Dayjs, timeZone: string): Dayjs {
  try {
    return dayjs(value).tz(timeZone);
  } catch {
    // An unknown zone name (never stored by the server) falls back to the browser's.
    return dayjs(value);
  }
}

/** Today as YYYY-MM-DD in the company's time zone, not the browser's. */
export function companyToday(timeZone: string): string {
  return inZone(dayjs(), timeZone).format("YYYY-MM-DD");
}

export function formatDate(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return "";
  return inZone(iso, timeZone).format("D MMMM YYYY");
}

export function formatDateTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return "";
  return inZone(iso, timeZone).format("D MMM YYYY, HH:mm");
}

export function formatTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return "";
  return inZone(iso, timeZone).format("HH:mm");
}

/** A calendar day (`YYYY-MM-DD`, no time): the same day whatever the zone. */
export function formatDay(isoDate: string): string {
  return dayjs(isoDate, "YYYY-MM-DD").format("D MMMM YYYY");
}
