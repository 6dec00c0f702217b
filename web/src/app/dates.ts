import dayjs from "dayjs";

/** Today as YYYY-MM-DD in the company's time zone, not the browser's. */
export function companyToday(timeZone: string): string {
  try {
    return dayjs().tz(timeZone).format("YYYY-MM-DD");
  } catch {
    return dayjs().format("YYYY-MM-DD");
  }
}

export function formatDate(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return "";
  const value = timeZone ? dayjs(iso).tz(timeZone) : dayjs(iso);
  return value.format("D MMMM YYYY");
}

export function formatDateTime(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return "";
  const value = timeZone ? dayjs(iso).tz(timeZone) : dayjs(iso);
  return value.format("D MMM YYYY, HH:mm");
}
