import { z } from "zod";
import { idText, optionalDay, optionalId, optionalParam } from "../../lib/search-params";

/** The calendar's views: a day and a week on a time grid, a month of days, and a list (agenda). */
export const calendarViews = ["day", "week", "month", "agenda"] as const;
export type CalendarView = (typeof calendarViews)[number];

/** Whose calendars besides mine, at most 50 (the API's limit, me included): ids, comma-separated. */
const userIdList = z.string().transform((value, context) => {
  const ids = [...new Set(value.split(",").filter((id) => idText.safeParse(id).success))].slice(0, 49);
  if (ids.length === 0) {
    context.addIssue({ code: "custom", message: "No ids" });
    return z.NEVER;
  }
  return ids.join(",");
});

/**
 * The calendar's state in the address: the view (a phone starts on the agenda, a screen on the
 * week), the day shown, the event open in the drawer (a notification links to `?event=<id>`) and
 * the colleagues whose calendars are shown beside mine.
 */
export const calendarSearchSchema = z.object({
  view: optionalParam(z.enum(calendarViews)),
  date: optionalDay,
  event: optionalId,
  userIds: optionalParam(userIdList),
});
export type CalendarSearch = z.output<typeof calendarSearchSchema>;
