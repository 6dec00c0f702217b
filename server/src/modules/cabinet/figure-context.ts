import {
  type ActivityCategory,
  addDays,
  type CalendarDayKind,
  countWorkingDays,
  dayInTimeZone,
  monthEnd,
  monthProgress,
  monthStart,
  startOfDayInZone,
  type WorkingCalendar,
} from "@planerka/common";
import { sql } from "drizzle-orm";
import { type Executor, preparedRows } from "../../platform/db/database";
import { notFound } from "../../platform/errors/problem";
import type { InstantRange } from "./figures.queries";
import { type NormBook, type NormSources, normBookFrom, normSourceColumns } from "./norms";

export interface WeeklyTableType {
  id: string;
  code: string;
  name: string;
  category: ActivityCategory;
}

/** Everything a figure read needs besides the figures: the zone, the as-of day, the calendar, the norms. */
export interface FigureSetup {
  /** The user whose figures are read, when one was named (null when there is no such user). */
  subject: SubjectUser | null;
  timeZone: string;
  asOf: string;
  calendar: WorkingCalendar;
  norms: NormBook;
  /** The activity types that have a column in the weekly table, in table order. */
  weeklyTypes: WeeklyTableType[];
  /** Instants of the calendar days `from`..`to` inclusive, in the company's time zone. */
  range(from: string, to: string): InstantRange;
}

export interface SubjectUser {
  id: string;
  name: string;
  position: string | null;
  unitId: string;
  unitName: string;
  hasPhoto: boolean;
}

/** A user as the cabinet reads present them. */
export const subjectUserColumns = sql`u.id, u.name, u.position, u.unit_id as "unitId", un.name as "unitName",
  exists(select 1 from user_photos p where p.user_id = u.id) as "hasPhoto"`;

interface SetupRow {
  subject: SubjectUser | null;
  timeZone: string;
  workingWeekdays: number[];
  exceptions: { date: string; kind: CalendarDayKind }[];
  weeklyTypes: (WeeklyTableType & { inWeeklyTable: boolean })[];
  normTypes: NormSources["types"];
  norms: NormSources["norms"];
  normUnits: NormSources["units"];
}

/**
 * The setup of a read in one statement (each statement costs a round trip). The calendar covers
 * `from`..`to` and the as-of day; before the zone is known, "today" is within a day of UTC's.
 */
export async function loadFigureSetup(
  executor: Executor,
  period: { from: string; to: string },
  date?: string,
  subjectUserId?: string,
): Promise<FigureSetup> {
  const utcToday = new Date().toISOString().slice(0, 10);
  const around = date ? [date] : [addDays(utcToday, -1), addDays(utcToday, 1)];
  const from = [period.from, ...around].sort()[0]!;
  const to = [period.to, ...around].sort().at(-1)!;
  // Every cabinet read starts with it: prepared once per connection.
  const [row] = await preparedRows<SetupRow>(
    executor,
    sql`select ${
      subjectUserId
        ? sql`(select row_to_json(x) from (select ${subjectUserColumns} from users u join units un on un.id = u.unit_id
                                           where u.id = ${subjectUserId}) x)`
        : sql`null`
    } as subject,
          s.time_zone as "timeZone", s.working_weekdays as "workingWeekdays",
          coalesce((select json_agg(json_build_object('date', to_char(e.date, 'YYYY-MM-DD'), 'kind', e.kind))
                    from calendar_exceptions e where e.date between ${from} and ${to}), '[]') as exceptions,
          coalesce((select json_agg(json_build_object('id', t.id, 'code', t.code, 'name', t.name, 'category', t.category,
                                                      'inWeeklyTable', t.in_weekly_table) order by t.sort, t.name)
                    from activity_types t), '[]') as "weeklyTypes",
          ${normSourceColumns(subjectUserId)}
        from company_settings s where s.id = 1`,
  );
  if (!row) throw notFound("The company is not set up yet");
  const { timeZone } = row;
  return {
    subject: row.subject,
    timeZone,
    asOf: date ?? dayInTimeZone(new Date(), timeZone),
    calendar: {
      workingWeekdays: row.workingWeekdays,
      exceptions: new Map(row.exceptions.map((exception) => [exception.date, exception.kind])),
    },
    norms: normBookFrom({ types: row.normTypes, norms: row.norms, units: row.normUnits }),
    weeklyTypes: row.weeklyTypes
      .filter((type) => type.inWeeklyTable)
      .map(({ id, code, name, category }) => ({ id, code, name, category })),
    range: (first, last) => ({
      from: startOfDayInZone(first, timeZone),
      to: startOfDayInZone(addDays(last, 1), timeZone),
    }),
  };
}

/** The month asked for (or the as-of day's month) with its setup; the month is known before the zone only when named. */
export async function loadMonthSetup(
  executor: Executor,
  query: { month?: string; date?: string },
  subjectUserId?: string,
) {
  const guess = query.month ?? (query.date ?? new Date().toISOString()).slice(0, 7);
  const load = (month: string, date?: string) =>
    loadFigureSetup(executor, { from: monthStart(month), to: monthEnd(month) }, date, subjectUserId);
  const setup = await load(guess, query.date);
  const month = query.month ?? setup.asOf.slice(0, 7);
  // On the first or last day of a month "today" in the zone can be another month than UTC's.
  if (month !== guess) return { setup: await load(month, setup.asOf), month };
  return { setup, month };
}

/** The month read: its instants, working-day progress, and the coefficient's period (start..min(d, end)). */
export function monthFigures(setup: FigureSetup, month: string) {
  const start = monthStart(month);
  const end = monthEnd(month);
  const coefficientEnd = setup.asOf < end ? setup.asOf : end;
  return {
    range: setup.range(start, end),
    progress: monthProgress(month, setup.asOf, setup.calendar),
    coefficientEnd,
    coefficientDays: setup.asOf < start ? 0 : countWorkingDays(start, coefficientEnd, setup.calendar),
  };
}
