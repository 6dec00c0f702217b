import { formatPhone, formatTenge } from "@planerka/common";
import dayjs from "dayjs";

// Who may do what: in their own module, so that the shell's menu (crm-nav.tsx) can ask without
// loading the formatting helpers here, whose phones need libphonenumber-js.
export { accessLevel, canDo, seesOthers } from "./crm-access";

export function money(amount: number): string {
  return formatTenge(amount, { whole: Number.isInteger(amount) });
}

/** Short money for kanban headers: `1,5 млрд ₸` would need translations; whole tenge is exact and short enough. */
export function moneyWhole(amount: number): string {
  return formatTenge(Math.round(amount), { whole: true });
}

export function phones(list: readonly string[]): string {
  return list.map(formatPhone).join(", ");
}

/** A calendar day `YYYY-MM-DD` as people read it. */
export function formatDay(value: string | null | undefined): string {
  if (!value) return "";
  return dayjs(value).format("D MMM YYYY");
}

/** Whole days since an instant (a deal's age in its stage, on kanban cards). */
export function daysSince(iso: string): number {
  return Math.max(0, dayjs().diff(dayjs(iso), "day"));
}

/** Parses a money text typed by a person (`1 234 567,89`) into a number; null when empty or invalid. */
export function parseMoney(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  const normalized = value.replace(/[\s\u00a0₸]/g, "").replace(",", ".");
  const number = Number(normalized);
  return Number.isFinite(number) ? Math.round(number * 100) / 100 : null;
}

/** Black or white, whichever reads better on a stage colour like `#74c0fc`. */
export function textOn(hex: string): string {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) return "#fff";
  const [r, g, b] = [match[1], match[2], match[3]].map((part) => Number.parseInt(part ?? "0", 16)) as [
    number,
    number,
    number,
  ];
  return (r * 299 + g * 587 + b * 114) / 1000 > 160 ? "#1a1b1e" : "#fff";
}

export const crmPaths = {
  deals: "/crm/deals",
  companies: "/crm/companies",
  contacts: "/crm/contacts",
  leads: "/crm/leads",
} as const;
