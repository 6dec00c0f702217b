import { addDays, instantInZone, isValidTimeZone, recurrenceRuleSchema } from "@planerka/common";
import ICAL from "ical.js";
import { AppError } from "../../platform/errors/problem";
import { floatingOf } from "./recurrence";

/**
 * iCalendar (RFC 5545) both ways, with ical.js: the events of a person's calendar written for a
 * phone or a subscription, and the events a phone or an .ics file sends read into what the event
 * service takes. Timed events go out in UTC; a recurring one keeps its wall clock in its zone
 * (DTSTART;TZID with a VTIMEZONE), so «every Monday at 10:00» stays 10:00 on the phone too.
 */

export interface ICalendarEvent {
  uid: string;
  title: string;
  description: string | null;
  location: string | null;
  videoUrl: string | null;
  allDay: boolean;
  startsAt: Date | null;
  endsAt: Date | null;
  startDate: string | null;
  endDate: string | null;
  timeZone: string;
  recurrence: string | null;
  exceptions: readonly string[];
  private: boolean;
  updatedAt: Date;
  createdAt: Date;
  version: number;
  organizer: { name: string; email: string | null };
  attendees: { name: string; email: string | null; response: string }[];
}

/** What a VEVENT says, in the event service's words (its zone for floating times is the caller's). */
export interface ParsedEvent {
  uid: string;
  title: string;
  description: string | null;
  location: string | null;
  videoUrl: string | null;
  allDay: boolean;
  startsAt: string | null;
  endsAt: string | null;
  startDate: string | null;
  endDate: string | null;
  timeZone: string;
  recurrence: string | null;
  exceptions: string[];
  private: boolean;
}

const partStat: Record<string, string> = {
  pending: "NEEDS-ACTION",
  accepted: "ACCEPTED",
  declined: "DECLINED",
  maybe: "TENTATIVE",
};

export const icalendarError = (reason: string) =>
  new AppError(400, "Bad Request", `iCalendar: ${reason}`, [{ path: "body", message: reason }]);

const dayOf = (isoDate: string) => ICAL.Time.fromDateString(isoDate);
const utcTime = (instant: Date) => ICAL.Time.fromJSDate(instant, true);

/** The wall clock of `instant` in `timeZone` as an ICAL time (no zone attached). */
function wallTime(instant: Date, timeZone: string) {
  const floating = floatingOf(instant, timeZone);
  return ICAL.Time.fromData({
    year: floating.getUTCFullYear(),
    month: floating.getUTCMonth() + 1,
    day: floating.getUTCDate(),
    hour: floating.getUTCHours(),
    minute: floating.getUTCMinutes(),
    second: floating.getUTCSeconds(),
    isDate: false,
  });
}

/** A zone's definition as of now (a fixed offset: right for zones without summer time, such as Kazakhstan's). */
function timeZoneComponent(timeZone: string) {
  const zone = new ICAL.Component("vtimezone");
  zone.addPropertyWithValue("tzid", timeZone);
  const standard = new ICAL.Component("standard");
  const offsetMinutes = Math.round((floatingOf(new Date(), timeZone).getTime() - Date.now()) / 60_000);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const absolute = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(absolute / 60)).padStart(2, "0")}${String(absolute % 60).padStart(2, "0")}`;
  standard.addPropertyWithValue("dtstart", ICAL.Time.fromDateTimeString("1970-01-01T00:00:00"));
  standard.addProperty(new ICAL.Property(["tzoffsetfrom", {}, "utc-offset", offset.replace(/(\d\d)$/, ":$1")]));
  standard.addProperty(new ICAL.Property(["tzoffsetto", {}, "utc-offset", offset.replace(/(\d\d)$/, ":$1")]));
  standard.addPropertyWithValue("tzname", timeZone);
  zone.addSubcomponent(standard);
  return zone;
}

function eventComponent(event: ICalendarEvent) {
  const vevent = new ICAL.Component("vevent");
  vevent.addPropertyWithValue("uid", event.uid);
  vevent.addPropertyWithValue("dtstamp", utcTime(event.updatedAt));
  vevent.addPropertyWithValue("created", utcTime(event.createdAt));
  vevent.addPropertyWithValue("last-modified", utcTime(event.updatedAt));
  vevent.addPropertyWithValue("sequence", event.version - 1);
  vevent.addPropertyWithValue("summary", event.title);
  if (event.description) vevent.addPropertyWithValue("description", event.description);
  if (event.location) vevent.addPropertyWithValue("location", event.location);
  if (event.videoUrl) vevent.addPropertyWithValue("url", event.videoUrl);
  if (event.private) vevent.addPropertyWithValue("class", "PRIVATE");
  const zoned = event.recurrence !== null;
  if (event.allDay) {
    vevent.addPropertyWithValue("dtstart", dayOf(event.startDate!));
    vevent.addPropertyWithValue("dtend", dayOf(addDays(event.endDate!, 1)));
  } else if (zoned) {
    vevent
      .addPropertyWithValue("dtstart", wallTime(event.startsAt!, event.timeZone))
      .setParameter("tzid", event.timeZone);
    vevent.addPropertyWithValue("dtend", wallTime(event.endsAt!, event.timeZone)).setParameter("tzid", event.timeZone);
  } else {
    vevent.addPropertyWithValue("dtstart", utcTime(event.startsAt!));
    vevent.addPropertyWithValue("dtend", utcTime(event.endsAt!));
  }
  if (event.recurrence) {
    vevent.addPropertyWithValue("rrule", ICAL.Recur.fromString(event.recurrence));
    for (const day of event.exceptions) {
      if (event.allDay) vevent.addPropertyWithValue("exdate", dayOf(day));
      else {
        const start = wallTime(event.startsAt!, event.timeZone);
        const [year, month, date] = day.split("-").map(Number) as [number, number, number];
        const excluded = ICAL.Time.fromData({ ...start.toJSON(), year, month, day: date, isDate: false });
        vevent.addPropertyWithValue("exdate", excluded).setParameter("tzid", event.timeZone);
      }
    }
  }
  const organizer = vevent.addPropertyWithValue("organizer", `mailto:${event.organizer.email ?? "noreply@planerka"}`);
  organizer.setParameter("cn", event.organizer.name);
  for (const attendee of event.attendees) {
    const property = vevent.addPropertyWithValue("attendee", `mailto:${attendee.email ?? "noreply@planerka"}`);
    property.setParameter("cn", attendee.name);
    property.setParameter("partstat", partStat[attendee.response] ?? "NEEDS-ACTION");
  }
  return vevent;
}

/** A whole calendar (a feed, a CalDAV resource) with the zones its recurring events name. */
export function calendarText(events: readonly ICalendarEvent[], name?: string): string {
  const calendar = new ICAL.Component("vcalendar");
  calendar.addPropertyWithValue("prodid", "-//Planerka//Calendar//RU");
  calendar.addPropertyWithValue("version", "2.0");
  calendar.addPropertyWithValue("calscale", "GREGORIAN");
  if (name) calendar.addPropertyWithValue("x-wr-calname", name);
  const zones = new Set(events.filter((event) => event.recurrence && !event.allDay).map((event) => event.timeZone));
  for (const zone of zones) calendar.addSubcomponent(timeZoneComponent(zone));
  for (const event of events) calendar.addSubcomponent(eventComponent(event));
  return calendar.toString();
}

type Time = InstanceType<typeof ICAL.Time>;

function isoDateOf(time: Time): string {
  return `${String(time.year).padStart(4, "0")}-${String(time.month).padStart(2, "0")}-${String(time.day).padStart(2, "0")}`;
}

function localOf(time: Time): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${isoDateOf(time)}T${pad(time.hour)}:${pad(time.minute)}:${pad(time.second)}`;
}

/**
 * Reads one property's time: UTC as is; a known IANA TZID by its rules; another TZID by the
 * calendar's own VTIMEZONE; a floating time in `fallbackZone`.
 */
function instantOf(
  property: InstanceType<typeof ICAL.Property>,
  zones: Map<string, InstanceType<typeof ICAL.Timezone>>,
  fallbackZone: string,
): { instant: Date; zone: string } {
  const time = property.getFirstValue() as Time;
  const tzid = property.getParameter("tzid") as string | undefined;
  if (time.zone === ICAL.Timezone.utcTimezone) return { instant: time.toJSDate(), zone: fallbackZone };
  if (!tzid) return { instant: instantInZone(localOf(time), fallbackZone), zone: fallbackZone };
  if (isValidTimeZone(tzid)) return { instant: instantInZone(localOf(time), tzid), zone: tzid };
  const zone = zones.get(tzid);
  if (!zone) throw icalendarError(`the time zone «${tzid}» has no VTIMEZONE`);
  const zoned = time.clone();
  zoned.zone = zone;
  return { instant: zoned.toJSDate(), zone: fallbackZone };
}

function textOf(component: InstanceType<typeof ICAL.Component>, name: string, limit: number): string | null {
  const value = component.getFirstPropertyValue(name);
  if (typeof value !== "string" || value.trim() === "") return null;
  return value.trim().slice(0, limit);
}

function parseEventOrThrow(
  vevent: InstanceType<typeof ICAL.Component>,
  zones: Map<string, InstanceType<typeof ICAL.Timezone>>,
  fallbackZone: string,
): ParsedEvent {
  const uid = textOf(vevent, "uid", 500);
  if (!uid) throw icalendarError("a VEVENT has no UID");
  const startProperty = vevent.getFirstProperty("dtstart");
  if (!startProperty) throw icalendarError(`the event ${uid} has no DTSTART`);
  const start = startProperty.getFirstValue() as Time;
  if (!(start instanceof ICAL.Time)) throw icalendarError(`the event ${uid} has an unreadable DTSTART`);
  const endProperty = vevent.getFirstProperty("dtend");
  const duration = vevent.getFirstPropertyValue("duration") as InstanceType<typeof ICAL.Duration> | null;
  const rule = vevent.getFirstPropertyValue("rrule") as InstanceType<typeof ICAL.Recur> | null;
  const recurrence = rule ? rule.toString() : null;
  if (recurrence !== null && !recurrenceRuleSchema.safeParse(recurrence).success)
    throw icalendarError(`the event ${uid} has an RRULE Planerka cannot keep: ${recurrence.slice(0, 200)}`);
  const classValue = String(vevent.getFirstPropertyValue("class") ?? "").toUpperCase();
  const url = textOf(vevent, "url", 2000);
  const common = {
    uid,
    title: textOf(vevent, "summary", 300) ?? "(без названия)",
    description: textOf(vevent, "description", 10_000),
    location: textOf(vevent, "location", 500),
    videoUrl: url && /^https?:\/\//i.test(url) ? url : null,
    recurrence,
    private: classValue === "PRIVATE" || classValue === "CONFIDENTIAL",
  };
  const exdates = vevent
    .getAllProperties("exdate")
    .flatMap((property) => property.getValues() as Time[])
    .filter((value) => value instanceof ICAL.Time);
  if (start.isDate) {
    const startDate = isoDateOf(start);
    let endExclusive = addDays(startDate, 1);
    if (endProperty) endExclusive = isoDateOf(endProperty.getFirstValue() as Time);
    else if (duration) endExclusive = addDays(startDate, Math.max(1, duration.days + duration.weeks * 7));
    const endDate = endExclusive > startDate ? addDays(endExclusive, -1) : startDate;
    return {
      ...common,
      allDay: true,
      startsAt: null,
      endsAt: null,
      startDate,
      endDate,
      timeZone: fallbackZone,
      exceptions: exdates.map(isoDateOf),
    };
  }
  const { instant: startsAt, zone } = instantOf(startProperty, zones, fallbackZone);
  let endsAt = new Date(startsAt.getTime() + 60 * 60_000);
  if (endProperty) endsAt = instantOf(endProperty, zones, fallbackZone).instant;
  else if (duration) endsAt = new Date(startsAt.getTime() + duration.toSeconds() * 1000);
  if (endsAt <= startsAt) throw icalendarError(`the event ${uid} ends before it starts`);
  const exceptions = vevent
    .getAllProperties("exdate")
    .map((property) => ({ property, values: property.getValues() as Time[] }))
    .flatMap(({ property, values }) =>
      values.map((value) => {
        if (value.isDate) return isoDateOf(value);
        const single = new ICAL.Property("exdate");
        single.setValue(value);
        const tzid = property.getParameter("tzid");
        if (tzid) single.setParameter("tzid", tzid as string);
        const { instant } = instantOf(single, zones, zone);
        return isoDateOf(ICAL.Time.fromJSDate(floatingOf(instant, zone), true));
      }),
    );
  return {
    ...common,
    allDay: false,
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    startDate: null,
    endDate: null,
    timeZone: zone,
    exceptions,
  };
}

/**
 * The events of an iCalendar text; a single change to one occurrence (RECURRENCE-ID) is left out —
 * the series it belongs to is read. Throws 400 with the reason when the text is not iCalendar.
 */
export function parseCalendarOrThrow(text: string, fallbackZone: string): ParsedEvent[] {
  let calendar: InstanceType<typeof ICAL.Component>;
  try {
    calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
  } catch (error) {
    throw icalendarError(`not iCalendar (${error instanceof Error ? error.message.slice(0, 200) : "unreadable"})`);
  }
  if (calendar.name !== "vcalendar") throw icalendarError("expected a VCALENDAR");
  const zones = new Map<string, InstanceType<typeof ICAL.Timezone>>();
  for (const component of calendar.getAllSubcomponents("vtimezone")) {
    const zone = new ICAL.Timezone(component);
    if (zone.tzid) zones.set(zone.tzid, zone);
  }
  try {
    return calendar
      .getAllSubcomponents("vevent")
      .filter((vevent) => !vevent.hasProperty("recurrence-id"))
      .map((vevent) => parseEventOrThrow(vevent, zones, fallbackZone));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw icalendarError(`unreadable event (${error instanceof Error ? error.message.slice(0, 200) : "unknown"})`);
  }
}
