import {
  addDays,
  type CalendarDayKind,
  type CalendarYear,
  countWorkingDays,
  isWorkingDay,
  monthEnd,
  type WorkingCalendar,
} from "@planerka/common";
import { sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { calendarExceptions } from "../../platform/db/schema";
import { getSettingsOrThrow } from "./settings.service";

interface ExceptionRow {
  date: string;
  kind: CalendarDayKind;
  name: string | null;
}

/** The production calendar for a range of days: the working week plus dated exceptions. */
export async function loadWorkingCalendar(
  executor: Executor,
  from: string,
  to: string,
  known?: { workingWeekdays: number[] },
) {
  const settings = known ?? (await getSettingsOrThrow(executor));
  const exceptionRows = await rows<ExceptionRow>(
    executor,
    sql`select to_char(date, 'YYYY-MM-DD') as date, kind, name from calendar_exceptions
        where date between ${from} and ${to} order by date`,
  );
  const calendar: WorkingCalendar = {
    workingWeekdays: settings.workingWeekdays,
    exceptions: new Map(exceptionRows.map((row) => [row.date, row.kind])),
  };
  return { calendar, exceptionRows };
}

export async function calendarYear(executor: Executor, year: number): Promise<CalendarYear> {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const { calendar, exceptionRows } = await loadWorkingCalendar(executor, from, to);
  const names = new Map(exceptionRows.map((row) => [row.date, row.name]));
  const days: CalendarYear["days"] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    days.push({
      date: day,
      working: isWorkingDay(day, calendar),
      exception: calendar.exceptions.get(day) ?? null,
      name: names.get(day) ?? null,
    });
  }
  const months = Array.from({ length: 12 }, (_, index) => {
    const month = `${year}-${String(index + 1).padStart(2, "0")}`;
    return { month, workingDays: countWorkingDays(`${month}-01`, monthEnd(month), calendar) };
  });
  return {
    year,
    workingWeekdays: [...calendar.workingWeekdays],
    workingDays: days.filter((day) => day.working).length,
    months,
    days,
  };
}

export async function setCalendarDay(
  db: Database,
  actor: Actor,
  date: string,
  input: { kind: CalendarDayKind | null; name?: string | null },
) {
  await db.transaction(async (tx) => {
    const [before] = await rows<ExceptionRow>(
      tx,
      sql`select to_char(date, 'YYYY-MM-DD') as date, kind, name from calendar_exceptions where date = ${date}`,
    );
    if (input.kind === null) {
      await tx.execute(sql`delete from calendar_exceptions where date = ${date}`);
    } else {
      const name = input.name ?? null;
      await tx
        .insert(calendarExceptions)
        .values({ date, kind: input.kind, name })
        .onConflictDoUpdate({ target: calendarExceptions.date, set: { kind: input.kind, name } });
    }
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "calendar",
      entityId: date,
      action: "update",
      changes: [{ field: "kind", old: before?.kind ?? null, new: input.kind }],
    });
  });
}
