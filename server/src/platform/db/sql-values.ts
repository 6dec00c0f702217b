import { type SQL, sql } from "drizzle-orm";

/** A timestamp as the API writes it; raw rows carry strings on one driver and Dates on the other. */
export const toIso = (value: Date | string): string => new Date(value).toISOString();
export const toIsoOrNull = (value: Date | string | null | undefined): string | null => (value ? toIso(value) : null);

/** `%text%` for LIKE/ILIKE with the text's own `%`, `_` and `\` taken literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
}

/**
 * A `text[]` value for a query. Drizzle spreads a JS array into a list of parameters, and an
 * empty `array[]` has no type, so the values travel as one JSON parameter instead.
 */
export function textArray(values: readonly string[]): SQL {
  return sql`array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
}
