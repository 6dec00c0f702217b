import { describe, expect, it } from "vitest";
import { formatPhone, isValidBin, normalizePhone } from "./identity";

// An independent BIN check written the long way round, to test the library against.
function referenceBin(value: string): boolean {
  if (value.length !== 12 || /\D/.test(value)) return false;
  let sum = 0;
  for (let index = 0; index < 11; index++) sum += (index + 1) * Number(value[index]);
  let control = sum % 11;
  if (control === 10) {
    sum = 0;
    for (let index = 0; index < 11; index++) sum += (((index + 2) % 11) + 1) * Number(value[index]);
    control = sum % 11;
  }
  return control !== 10 && control === Number(value[11]);
}

describe("BIN / IIN", () => {
  it("accepts real BINs", () => {
    expect(isValidBin("940140000385")).toBe(true);
    expect(isValidBin("990140004654")).toBe(true);
  });
  it("refuses a wrong check digit, wrong length and letters", () => {
    expect(isValidBin("940140000386")).toBe(false);
    expect(isValidBin("94014000038")).toBe(false);
    expect(isValidBin("94014000038a")).toBe(false);
  });
  it("agrees with a reference implementation on many numbers", () => {
    for (let seed = 0; seed < 5000; seed++) {
      const value = String((seed * 7919 + 12345) * 104729)
        .padStart(12, "0")
        .slice(-12);
      expect(isValidBin(value), value).toBe(referenceBin(value));
    }
  });
});

describe("phones", () => {
  it("normalises the ways Kazakh numbers are typed", () => {
    for (const input of ["+7 701 555 12 34", "8 (701) 555-12-34", "87015551234", "7015551234", "+77015551234"]) {
      expect(normalizePhone(input), input).toBe("+77015551234");
    }
    expect(formatPhone("+77015551234")).toBe("+7 701 555 12 34");
  });
  it("refuses what is not a phone", () => {
    expect(normalizePhone("hello")).toBeNull();
    expect(normalizePhone("123")).toBeNull();
  });
});
