import type { CalendarYear } from "@planerka/common";
import { useQuery } from "@tanstack/react-query";
import classes from "./holiday-day.module.css";
import { calendarQuery } from "./settings-api";

/**
 * One day in every Mantine date picker (set for all of them in the theme): a holiday of the
 * company's production calendar is marked like a weekend and named on hover, and a weekend made a
 * working day is named too. The calendar of the day's year is read once and cached.
 */
const exceptionsOf = (year: CalendarYear) =>
  new Map(year.days.filter((day) => day.exception).map((day) => [day.date, day]));

export function HolidayDay({ date }: { date: string }) {
  const year = Number(date.slice(0, 4));
  const exceptions = useQuery({ ...calendarQuery(year), staleTime: 10 * 60_000, select: exceptionsOf }).data;
  const day = exceptions?.get(date);
  const number = Number(date.slice(8, 10));
  if (!day?.exception) return number;
  return (
    <span
      className={classes.day}
      data-holiday={day.exception === "holiday" || undefined}
      data-workday={day.exception === "workday" || undefined}
      title={day.name ?? undefined}
    >
      {number}
    </span>
  );
}
