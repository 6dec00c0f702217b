import { addDays, instantInZone, isoWeekday } from "@planerka/common";

/**
 * The busy grid's geometry: one track per person across the shown days, each day's window
 * (08:00–20:00 in the viewer's zone) an equal part of it, and busy intervals as blocks placed in
 * percent of the whole track, clipped to the windows they fall in.
 */
export const gridHours = { from: 8, to: 20 } as const;

/** The chosen day, or the Monday-to-Sunday week that holds it. */
export function gridDays(day: string, week: boolean): string[] {
  if (!week) return [day];
  const monday = addDays(day, 1 - isoWeekday(day));
  return Array.from({ length: 7 }, (_, index) => addDays(monday, index));
}

interface Window {
  start: number;
  end: number;
}

function windowsOf(days: readonly string[], timeZone: string): Window[] {
  const hour = (value: number) => `${String(value).padStart(2, "0")}:00:00`;
  return days.map((day) => ({
    start: instantInZone(`${day}T${hour(gridHours.from)}`, timeZone).getTime(),
    end: instantInZone(`${day}T${hour(gridHours.to)}`, timeZone).getTime(),
  }));
}

export interface Interval {
  start: string;
  end: string;
}

export interface Block<T extends Interval = Interval> {
  /** Percent of the track from its left edge. */
  left: number;
  /** Percent of the track. */
  width: number;
  interval: T;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/** Blocks for the intervals over the days' windows; an interval over two days gives a block on each. */
export function blockPositions<T extends Interval>(
  intervals: readonly T[],
  days: readonly string[],
  timeZone: string,
): Block<T>[] {
  const windows = windowsOf(days, timeZone);
  const share = 100 / Math.max(1, windows.length);
  const blocks: Block<T>[] = [];
  for (const interval of intervals) {
    const start = Date.parse(interval.start);
    const end = Date.parse(interval.end);
    windows.forEach((window, index) => {
      const from = Math.max(start, window.start);
      const to = Math.min(end, window.end);
      if (to <= from) return;
      const length = window.end - window.start;
      blocks.push({
        left: round(share * (index + (from - window.start) / length)),
        width: round((share * (to - from)) / length),
        interval,
      });
    });
  }
  return blocks;
}

/** Where the hour lines fall (percent of the track) with their labels, every `step` hours per day. */
export function hourMarks(dayCount: number, step: number): { left: number; label: string }[] {
  const marks: { left: number; label: string }[] = [];
  const hours = gridHours.to - gridHours.from;
  for (let day = 0; day < dayCount; day += 1) {
    for (let hour = 0; hour < hours; hour += step) {
      marks.push({
        left: round((100 / dayCount) * (day + hour / hours)),
        label: `${String(gridHours.from + hour).padStart(2, "0")}:00`,
      });
    }
  }
  return marks;
}
