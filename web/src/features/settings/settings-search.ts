import { firstYear, lastYear } from "@planerka/common";
import { z } from "zod";
import { integer, optionalParam } from "../../lib/search-params";

/** The production calendar's year, within the years the API knows; absent means this year. */
export const calendarSearchSchema = z.object({
  year: optionalParam(integer.refine((year) => year >= firstYear && year <= lastYear)),
});
export type CalendarSearch = z.output<typeof calendarSearchSchema>;
