import { intlLocale } from "../../i18n/locale";

export interface ByteUnits {
  b: string;
  kb: string;
  mb: string;
  gb: string;
}

/** A size as people read it: «812 Б», «14 КБ», «3,4 МБ», «1,2 ГБ» (binary steps, as file managers count). */
export function formatBytes(bytes: number, language: string, units: ByteUnits): string {
  const number = (value: number, digits: number) =>
    new Intl.NumberFormat(intlLocale(language), { maximumFractionDigits: digits }).format(value);
  if (bytes < 1024) return `${number(bytes, 0)} ${units.b}`;
  if (bytes < 1024 ** 2) return `${number(bytes / 1024, 0)} ${units.kb}`;
  if (bytes < 1024 ** 3) return `${number(bytes / 1024 ** 2, 1)} ${units.mb}`;
  return `${number(bytes / 1024 ** 3, 1)} ${units.gb}`;
}

/** Share of the quota used, 0–100, for the usage bar. */
export function usagePercent(used: number, quota: number): number {
  if (quota <= 0) return 100;
  return Math.min(100, Math.round((used / quota) * 1000) / 10);
}
