import { describe, expect, it } from "vitest";
import { formatTenge, isMoney } from "./money";

describe("tenge", () => {
  it("formats with non-breaking spaces and the tenge sign", () => {
    expect(formatTenge(1234567.89)).toBe("1\u00a0234\u00a0567,89\u00a0₸");
  });
  it("accepts at most two decimals", () => {
    expect(isMoney(10.25)).toBe(true);
    expect(isMoney(10.255)).toBe(false);
    expect(isMoney(Number.NaN)).toBe(false);
  });
});
