import type {
  AllowFunc,
  DateSelectArg,
  DatesSetArg,
  EventClickArg,
  EventDropArg,
  EventInput,
  LocaleInput,
} from "@fullcalendar/core";
import enGbLocale from "@fullcalendar/core/locales/en-gb";
import kkLocale from "@fullcalendar/core/locales/kk";
import ruLocale from "@fullcalendar/core/locales/ru";
import dayGridPlugin from "@fullcalendar/daygrid";
import interactionPlugin, { type EventResizeDoneArg } from "@fullcalendar/interaction";
import listPlugin from "@fullcalendar/list";
import FullCalendar from "@fullcalendar/react";
import timeGridPlugin from "@fullcalendar/timegrid";
import dayjs from "dayjs";
import { useCallback, useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import styles from "./calendar.module.css";
import { type ShownEntry, toWallClock, wallDay } from "./calendar-entries";
import type { CalendarView as ViewName } from "./calendar-search";

/** The component's view for each of ours; the agenda is a week's list. */
export const componentViews: Record<ViewName, string> = {
  day: "timeGridDay",
  week: "timeGridWeek",
  month: "dayGridMonth",
  agenda: "listWeek",
};

export type DayOff = "holiday" | "weekend";

const locales: Record<string, LocaleInput> = { ru: ruLocale, kk: kkLocale, en: enGbLocale };

type Marked = { marker: Date };

/** A date of the component (its wall clock) as dayjs, in the interface's language. */
const day = (date: Marked) => dayjs(wallDay(date.marker));

/**
 * Dates written by dayjs, as everywhere in the portal, not by Intl: Debian's Chromium has no
 * Kazakh data and would print «2026 M12 14 – 20» and «Mon».
 */
function titleOf({ start: from, end: to }: { start: Marked; end?: Marked }): string {
  const start = day(from);
  const end = to ? day(to) : start;
  if (start.isSame(end, "day")) return start.format("D MMMM YYYY");
  if (start.date() === 1 && end.isSame(start.endOf("month"), "day")) return start.format("MMMM YYYY");
  if (start.isSame(end, "month")) return `${start.format("D")}–${end.format("D MMMM YYYY")}`;
  if (start.isSame(end, "year")) return `${start.format("D MMMM")} – ${end.format("D MMMM YYYY")}`;
  return `${start.format("D MMMM YYYY")} – ${end.format("D MMMM YYYY")}`;
}

const views = {
  timeGrid: { dayHeaderFormat: ({ date }: { date: Marked }) => day(date).format("dd, D MMM") },
  dayGridMonth: { dayHeaderFormat: ({ date }: { date: Marked }) => day(date).format("dd") },
  list: {
    listDayFormat: ({ date }: { date: Marked }) => day(date).format("dddd"),
    listDaySideFormat: ({ date }: { date: Marked }) => day(date).format("D MMMM YYYY"),
  },
};

/** A change of an entry's times by drag or resize; `revert` puts it back. */
export interface EntryMove {
  entry: ShownEntry;
  start: Date;
  end: Date | null;
  allDay: boolean;
  revert: () => void;
}

interface CalendarViewProps {
  view: ViewName;
  /** The day to show (YYYY-MM-DD). */
  date: string;
  timeZone: string;
  events: EventInput[];
  /** Days of the production calendar that are not working days. */
  daysOff: ReadonlyMap<string, DayOff>;
  phone: boolean;
  onRange: (range: { start: Date; end: Date; title: string }) => void;
  onEntryClick: (entry: ShownEntry) => void;
  onSlot: (slot: { start: Date; end: Date; allDay: boolean }) => void;
  onMove: (move: EntryMove) => void;
}

/**
 * FullCalendar with the time grid, the month grid and the list, in the interface's language,
 * weeks from Monday, on the viewer's wall clock (see calendar-entries.ts). The page owns the
 * toolbar; this only shows what it is told and reports clicks, selections and moves.
 */
export function CalendarView(props: CalendarViewProps) {
  const { view, date, timeZone, events, daysOff, phone, onRange, onEntryClick, onSlot, onMove } = props;
  const { i18n } = useTranslation();
  const ref = useRef<FullCalendar>(null);

  // The address decides the view and the day; the component follows it outside React's render.
  useEffect(() => {
    const timer = setTimeout(() => {
      const api = ref.current?.getApi();
      if (!api) return;
      const wanted = componentViews[view];
      if (api.view.type !== wanted || wallDay(api.getDate()) !== date) api.changeView(wanted, date);
    });
    return () => clearTimeout(timer);
  }, [view, date]);

  // Kept while the days off stay the same: a new function would redraw every cell.
  const dayClass = useCallback(
    (arg: { date: Date }) => {
      const off = daysOff.get(wallDay(arg.date));
      if (!off) return [];
      return [off === "holiday" ? styles.holiday : styles.dayOff] as string[];
    },
    [daysOff],
  );

  const allow: AllowFunc = (span, moving) => {
    // Activities and task deadlines have a time; only events may become all-day.
    const entry = moving?.extendedProps.entry as ShownEntry | undefined;
    return !span.allDay || !entry || entry.kind === "event";
  };

  const moved = (info: EventDropArg | EventResizeDoneArg) => {
    const { event } = info;
    if (!event.start) return info.revert();
    onMove({
      entry: event.extendedProps.entry as ShownEntry,
      start: event.start,
      end: event.end,
      allDay: event.allDay,
      revert: info.revert,
    });
  };

  return (
    <div className={styles.calendar} data-testid="calendar">
      <FullCalendar
        ref={ref}
        plugins={[dayGridPlugin, timeGridPlugin, listPlugin, interactionPlugin]}
        initialView={componentViews[view]}
        initialDate={date}
        headerToolbar={false}
        locale={locales[i18n.language] ?? ruLocale}
        titleFormat={titleOf}
        views={views}
        firstDay={1}
        timeZone="UTC"
        now={() => toWallClock(new Date(), timeZone)}
        // The time grid scrolls inside a fixed height (to 08:00 at first); month and list grow.
        height={view === "day" || view === "week" ? (phone ? 560 : 720) : "auto"}
        nowIndicator
        scrollTime="08:00:00"
        slotDuration="00:30:00"
        slotLabelFormat={{ hour: "2-digit", minute: "2-digit", hour12: false }}
        eventTimeFormat={{ hour: "2-digit", minute: "2-digit", hour12: false }}
        businessHours={{ daysOfWeek: [1, 2, 3, 4, 5], startTime: "09:00", endTime: "18:00" }}
        defaultTimedEventDuration="00:30:00"
        dayMaxEvents={phone ? 2 : 4}
        events={events}
        selectable
        selectMirror
        longPressDelay={400}
        eventAllow={allow}
        dayCellClassNames={dayClass}
        dayHeaderClassNames={dayClass}
        datesSet={(arg: DatesSetArg) => onRange({ start: arg.start, end: arg.end, title: arg.view.title })}
        eventClick={(info: EventClickArg) => {
          info.jsEvent.preventDefault();
          onEntryClick(info.event.extendedProps.entry as ShownEntry);
        }}
        select={(info: DateSelectArg) => {
          ref.current?.getApi().unselect();
          onSlot({ start: info.start, end: info.end, allDay: info.allDay });
        }}
        eventDrop={moved}
        eventResize={moved}
      />
    </div>
  );
}
