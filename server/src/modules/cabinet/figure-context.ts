import {
  addDays,
  countWorkingDays,
  dayInTimeZone,
  monthEnd,
  monthProgress,
  monthStart,
  startOfDayInZone,
  type WorkingCalendar,
} from "@planerka/common";
import type { Executor } from "../../platform/db/database";
import { loadWorkingCalendar } from "../settings/calendar.service";
import { getSettingsOrThrow } from "../settings/settings.service";
import type { InstantRange } from "./figures.queries";

export interface PeriodContext {
  timeZone: string;
  asOf: string;
  calendar: WorkingCalendar;
  /** Instants of the calendar days `from`..`to` inclusive, in the company's time zone. */
  range(from: string, to: string): InstantRange;
}

/** The as-of day (today in the company's zone unless named) and the production calendar around it. */
export async function periodContext(
  executor: Executor,
  from: string,
  to: string,
  date?: string,
): Promise<PeriodContext> {
  const settings = await getSettingsOrThrow(executor);
  const { timeZone } = settings;
  const asOf = date ?? dayInTimeZone(new Date(), timeZone);
  const { calendar } = await loadWorkingCalendar(executor, from < asOf ? from : asOf, to > asOf ? to : asOf, settings);
  return {
    timeZone,
    asOf,
    calendar,
    range: (first, last) => ({
      from: startOfDayInZone(first, timeZone),
      to: startOfDayInZone(addDays(last, 1), timeZone),
    }),
  };
}

/** The month read: its instants, working-day progress, and the coefficient's period (start..min(d, end)). */
export function monthFigures(context: PeriodContext, month: string) {
  const start = monthStart(month);
  const end = monthEnd(month);
  const coefficientEnd = context.asOf < end ? context.asOf : end;
  return {
    range: context.range(start, end),
    progress: monthProgress(month, context.asOf, context.calendar),
    coefficientRange: context.range(start, coefficientEnd),
    coefficientDays: context.asOf < start ? 0 : countWorkingDays(start, coefficientEnd, context.calendar),
  };
}

/** The as-of day: the one asked for, else today in the company's time zone. */
export async function asOfDay(executor: Executor, date?: string) {
  const { timeZone } = await getSettingsOrThrow(executor);
  return date ?? dayInTimeZone(new Date(), timeZone);
}

/** The month asked for (or the as-of day's month) with a calendar covering it and the as-of day. */
export async function monthContext(executor: Executor, query: { month?: string; date?: string }) {
  const asOf = await asOfDay(executor, query.date);
  const month = query.month ?? asOf.slice(0, 7);
  return { context: await periodContext(executor, monthStart(month), monthEnd(month), asOf), month };
}
