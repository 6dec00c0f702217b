import { z } from "zod";

/**
 * The pieces of the routes' search schemas (`validateSearch` takes a zod schema directly). A link
 * is typed or pasted by people, so no field may fail: an absent, malformed or unknown value becomes
 * `undefined` (the page's default) instead of an error page, and never reaches the API.
 *
 * The router reads each value as JSON when it can: `?page=2` arrives as the number 2, `?q=14250`
 * as a number, `?deleted=true` as a boolean; anything else stays text.
 */
export function optionalParam<T extends z.ZodType>(schema: T) {
  return schema.optional().catch(undefined);
}

/** Text with something besides white space in it, kept as it was written. */
export const nonBlank = z.string().regex(/\S/);

/** Text that may have been read as a number (`?q=14250`): the number is taken back as its text. */
export const textOrNumber = z.union([nonBlank, z.number().transform(String)]);

/** An integer, as the number the router read or as text (`?page="2"`). */
export const integer = z.union([z.number(), z.string().transform(Number)]).pipe(z.number().refine(Number.isInteger));

/** A record's id as it appears in the address (the shape of a UUID). */
export const idText = z.string().regex(/^[0-9a-fA-F-]{36}$/);

/** A day as YYYY-MM-DD, with a month from 01 to 12 and a day from 01 to 31. */
export const dayText = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);

export const optionalText = optionalParam(nonBlank);
export const optionalId = optionalParam(idText);
export const optionalDay = optionalParam(dayText);

/** The page of a list: page 1 is the default, so it (and anything below it) stays out of the address. */
export const optionalPage = optionalParam(integer.refine((page) => page > 1));

/** A switch that is on as `?name=true` (read as `true`) or `?name="true"`; anything else is off. */
export const optionalFlag = optionalParam(z.union([z.literal(true), z.literal("true")]).transform(() => true as const));
