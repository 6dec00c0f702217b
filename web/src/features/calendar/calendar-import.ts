import { type CalendarEvent, dayInTimeZone } from "@planerka/common";

/** An .ics file's text as the server reads it: UTF-8, without the byte-order mark some editors put first. */
export function calendarFileText(text: string): string {
  return text.replace(/^\uFEFF/, "");
}

/**
 * Where the calendar goes after an import: the first imported event's day when it is not shown and
 * not before today — so an invitation for next month is in view at once, while a file of past
 * events, or a series that began years ago, leaves the calendar where it was.
 */
export function dayAfterImport(
  event: Pick<CalendarEvent, "allDay" | "startDate" | "startsAt">,
  timeZone: string,
  shown: { from: string; to: string },
  today: string,
): string | null {
  const day = event.allDay
    ? event.startDate
    : event.startsAt
      ? dayInTimeZone(new Date(event.startsAt), timeZone)
      : null;
  if (!day || day < today) return null;
  if (day >= shown.from && day <= shown.to) return null;
  return day;
}
