import { sql } from "drizzle-orm";
import { notFound } from "../errors/problem";
import { type Executor, rows } from "./database";

/**
 * The company's time zone, read inside the statement that needs it (days are company days). Here
 * rather than in the settings module because every module's dates depend on it, and the settings
 * module itself depends on the CRM (the first-run company gets the default pipeline).
 */
export const companyZone = sql`(select time_zone from company_settings where id = 1)`;

/** The company's time zone; 404 before the first-run setup, like the settings themselves. */
export async function companyTimeZoneOrThrow(executor: Executor): Promise<string> {
  const [row] = await rows<{ timeZone: string | null }>(executor, sql`select ${companyZone} as "timeZone"`);
  if (!row?.timeZone) throw notFound("The company is not set up yet");
  return row.timeZone;
}

/** The zone a person's calendar shows times in: their own when they set one, else the company's. */
export async function calendarTimeZoneOrThrow(executor: Executor, userId: string): Promise<string> {
  const [row] = await rows<{ timeZone: string | null }>(
    executor,
    sql`select coalesce((select calendar_time_zone from users where id = ${userId}), ${companyZone}) as "timeZone"`,
  );
  if (!row?.timeZone) throw notFound("The company is not set up yet");
  return row.timeZone;
}
