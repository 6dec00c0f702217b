import { parsePhoneNumberFromString } from "libphonenumber-js/min";

/**
 * BIN/IIN: 12 digits; the 12th is a check digit. Weights 1…11 over the first 11 digits, sum mod 11;
 * if that is 10, weights 3…11, 1, 2; if that is 10 again the number is invalid.
 */
export function isValidBin(value: string): boolean {
  if (!/^\d{12}$/.test(value)) return false;
  const digits = [...value].map(Number);
  const checksum = (weights: number[]) => weights.reduce((sum, weight, index) => sum + weight * digits[index]!, 0) % 11;
  let control = checksum([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  if (control === 10) control = checksum([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]);
  if (control === 10) return false;
  return control === digits[11];
}

/** A phone as stored: E.164 (`+77015551234`); Kazakh numbers may be typed as 8 701 …, 701 … or +7 701 …. */
export function normalizePhone(input: string): string | null {
  const trimmed = input.trim();
  if (!/^[+\d\s().-]{5,32}$/.test(trimmed)) return null;
  let digits = trimmed.replace(/\D/g, "");
  if (!trimmed.startsWith("+")) {
    if (digits.length === 11 && digits.startsWith("8")) digits = `7${digits.slice(1)}`;
    else if (digits.length === 10) digits = `7${digits}`;
  }
  const parsed = parsePhoneNumberFromString(`+${digits}`);
  return parsed?.isValid() ? parsed.number : null;
}

/** `+77015551234` → `+7 701 555 12 34`, as people in Kazakhstan write it. */
export function formatPhone(e164: string): string {
  const match = /^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(e164);
  if (match) return `+7 ${match[1]} ${match[2]} ${match[3]} ${match[4]}`;
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
