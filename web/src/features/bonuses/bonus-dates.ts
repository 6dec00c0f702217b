import dayjs from "dayjs";
import { formatDate } from "../../lib/dates";

/**
 * A payment or document date as the API gives it: a calendar day (`2026-03-05`, shown as is, never
 * moved by a time zone) or an instant (shown on the company's clock).
 */
export function formatBonusDate(value: string | null, timeZone: string): string {
  if (!value) return "—";
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return dayjs(value).format("D MMMM YYYY");
  return formatDate(value, timeZone);
}
