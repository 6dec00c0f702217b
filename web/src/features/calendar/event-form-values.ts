import type { CalendarEvent, CalendarKind, EventPatch, EventWrite, PersonRef } from "@planerka/common";
import { addDays } from "@planerka/common";
import type { TFunction } from "i18next";
import { fromPicker, toPicker } from "../tasks/task-form-values";
import { noRepeat, type Repeat, repeatOf, ruleOf } from "./recurrence";

/** The reminders one may choose: minutes before the start. */
export const reminderChoices = [10, 30, 60, 1440] as const;

/**
 * The event form's fields. Times are the date pickers' wall-clock texts (`YYYY-MM-DD HH:mm:ss` in
 * the viewer's zone); an all-day event uses their days only, so switching back keeps the hours.
 */
export type EventFormValues = {
  title: string;
  allDay: boolean;
  start: string | null;
  end: string | null;
  location: string;
  videoUrl: string;
  description: string;
  calendar: CalendarKind;
  groupId: string | null;
  groupName: string | null;
  private: boolean;
  /** Invited colleagues, the organizer not among them. */
  attendees: PersonRef[];
  /** CRM contacts taking part (the client's people): on their timelines, no invitation. */
  contacts: PersonRef[];
  dealId: string | null;
  dealTitle: string | null;
  companyId: string | null;
  companyName: string | null;
  contactId: string | null;
  contactName: string | null;
  repeat: Repeat;
  /** Minutes before, as the multi-select's texts. */
  reminders: string[];
};

/** A new event's prefilled values: a slot clicked in the calendar, people invited from elsewhere. */
export interface EventFormInitial {
  allDay?: boolean;
  /** Pickers' texts, `YYYY-MM-DD HH:mm:ss`. */
  start?: string;
  end?: string;
  attendees?: PersonRef[];
}

/** A picker's text `minutes` later: `2026-12-09 10:00:00` + 90 → `2026-12-09 11:30:00`. */
export function pickerPlus(value: string, minutes: number): string {
  const at = new Date(`${value.replace(" ", "T")}Z`);
  return new Date(at.getTime() + minutes * 60_000).toISOString().slice(0, 19).replace("T", " ");
}

/** Minutes from one picker's text to another's. */
export function pickerMinutes(from: string | null, to: string | null): number {
  if (!from || !to) return 0;
  return Math.round((Date.parse(`${to.replace(" ", "T")}Z`) - Date.parse(`${from.replace(" ", "T")}Z`)) / 60_000);
}

/** The next half hour of the wall clock `now` (a picker's text), for a new event. */
export function nextHalfHourOf(now: string): string {
  const minutes = Number(now.slice(14, 16));
  const base = `${now.slice(0, 14)}00:00`;
  return pickerPlus(base, minutes < 30 ? 30 : 60);
}

export function valuesOf(
  event: CalendarEvent | undefined,
  initial: EventFormInitial | undefined,
  timeZone: string,
  now: string,
): EventFormValues {
  if (event) {
    const start = event.allDay ? `${event.startDate} 09:00:00` : toPicker(event.startsAt, timeZone);
    const end = event.allDay ? `${event.endDate} 10:00:00` : toPicker(event.endsAt, timeZone);
    return {
      title: event.title,
      allDay: event.allDay,
      start,
      end,
      location: event.location ?? "",
      videoUrl: event.videoUrl ?? "",
      description: event.description ?? "",
      calendar: event.calendar,
      groupId: event.group?.id ?? null,
      groupName: event.group?.name ?? null,
      private: event.private,
      attendees: event.attendees
        .filter((attendee) => !attendee.organizer)
        .map((attendee) => ({ id: attendee.userId, name: attendee.name })),
      contacts: event.contacts,
      dealId: event.deal?.id ?? null,
      dealTitle: event.deal?.name ?? null,
      companyId: event.company?.id ?? null,
      companyName: event.company?.name ?? null,
      contactId: event.contact?.id ?? null,
      contactName: event.contact?.name ?? null,
      repeat: start ? repeatOf(event.recurrence, start.slice(0, 10), timeZone) : noRepeat,
      reminders: event.reminders.map(String),
    };
  }
  const start = initial?.start ?? nextHalfHourOf(now);
  return {
    title: "",
    allDay: initial?.allDay ?? false,
    start,
    end: initial?.end ?? pickerPlus(start, 60),
    location: "",
    videoUrl: "",
    description: "",
    calendar: "personal",
    groupId: null,
    groupName: null,
    private: false,
    attendees: initial?.attendees ?? [],
    contacts: [],
    dealId: null,
    dealTitle: null,
    companyId: null,
    companyName: null,
    contactId: null,
    contactName: null,
    repeat: noRepeat,
    reminders: ["10"],
  };
}

const orNull = (value: string) => value.trim() || null;

/** The API's body for the form's values, every time field given (null where unused). */
export function inputOf(values: EventFormValues, timeZone: string): EventWrite {
  const startDay = values.start?.slice(0, 10) ?? null;
  const endDay = values.end?.slice(0, 10) ?? null;
  return {
    calendar: values.calendar,
    groupId: values.calendar === "group" ? values.groupId : null,
    title: values.title.trim(),
    description: orNull(values.description),
    location: orNull(values.location),
    videoUrl: orNull(values.videoUrl),
    allDay: values.allDay,
    startsAt: values.allDay ? null : fromPicker(values.start, timeZone),
    endsAt: values.allDay ? null : fromPicker(values.end, timeZone),
    startDate: values.allDay ? startDay : null,
    endDate: values.allDay ? endDay : null,
    private: values.private,
    attendeeIds: values.attendees.map((person) => person.id).sort(),
    contactIds: values.contacts.map((person) => person.id).sort(),
    dealId: values.dealId,
    companyId: values.companyId,
    contactId: values.contactId,
    recurrence: startDay ? ruleOf(values.repeat, startDay, timeZone) : null,
    reminders: [...new Set(values.reminders.map(Number))].sort((a, b) => a - b),
  };
}

/** What changed against the event as loaded: only those fields go into the PATCH. */
export function patchOf(event: CalendarEvent, values: EventFormValues, timeZone: string): Omit<EventPatch, "version"> {
  const before = inputOf(valuesOf(event, undefined, timeZone, ""), timeZone) as Record<string, unknown>;
  const after = inputOf(values, timeZone) as Record<string, unknown>;
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    if (key === "calendar" || key === "groupId") continue;
    if (JSON.stringify(value) !== JSON.stringify(before[key])) patch[key] = value;
  }
  // A move keeps both ends together, so the server never checks a new start against an old end.
  for (const pair of [
    ["startsAt", "endsAt"],
    ["startDate", "endDate"],
  ] as const) {
    if (pair.some((key) => key in patch)) for (const key of pair) patch[key] = after[key];
  }
  if ("startsAt" in patch || "startDate" in patch) patch.allDay = after.allDay;
  return patch as Omit<EventPatch, "version">;
}

/** The form's own check beyond the schema: the end comes after the start. */
export function timeProblem(values: EventFormValues): "endBeforeStart" | null {
  if (!values.start || !values.end) return null;
  if (values.allDay) return values.end.slice(0, 10) < values.start.slice(0, 10) ? "endBeforeStart" : null;
  return pickerMinutes(values.start, values.end) <= 0 ? "endBeforeStart" : null;
}

/** The meeting's length for «ближайшее общее свободное время» (the API takes 5 minutes to a day). */
export function meetingMinutes(values: EventFormValues): number {
  const minutes = values.allDay ? 60 : pickerMinutes(values.start, values.end);
  return Math.min(24 * 60, Math.max(5, minutes || 60));
}

/** The form's start and end moved to a free slot (instants), keeping the picker's format. */
export function withSlot(
  values: EventFormValues,
  slot: { start: string; end: string },
  timeZone: string,
): EventFormValues {
  return { ...values, allDay: false, start: toPicker(slot.start, timeZone), end: toPicker(slot.end, timeZone) };
}

/** An all-day slot's last day from the component's exclusive end. */
export function lastDayOf(endExclusive: string): string {
  return addDays(endExclusive, -1);
}

/** The reminder choices, and any other offset the event already has (set from a phone). */
export function reminderOptions(chosen: readonly string[], t: TFunction) {
  const known = reminderChoices.map((minutes) => ({
    value: String(minutes),
    label: t(`calendar.form.reminderChoices.m${minutes}`),
  }));
  const others = chosen
    .filter((value) => !known.some((option) => option.value === value))
    .map((value) => ({ value, label: t("calendar.form.reminderMinutes", { count: Number(value) }) }));
  return [...known, ...others];
}
