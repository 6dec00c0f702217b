import { describe, expect, it } from "vitest";
import { formatTenge, formatTengeCompact, isMoney } from "./money";

describe("tenge", () => {
  it("formats with non-breaking spaces and the tenge sign", () => {
    expect(formatTenge(1234567.89)).toBe("1\u00a0234\u00a0567,89\u00a0₸");
  });
  it("shortens to millions for narrow columns, in the reader's language", () => {
    expect(formatTengeCompact(31_600_000)).toBe("31,6\u00a0млн\u00a0₸");
    expect(formatTengeCompact(262_254_545.45, "ru")).toBe("262,3\u00a0млн\u00a0₸");
    expect(formatTengeCompact(950_000, "ru")).toBe("950\u00a0тыс.\u00a0₸");
    expect(formatTengeCompact(31_600_000, "en")).toBe("₸31.6M");
    expect(formatTengeCompact(0, "en")).toBe("₸0");
  });
  it("accepts at most two decimals", () => {
    expect(isMoney(10.25)).toBe(true);
    expect(isMoney(10.255)).toBe(false);
    expect(isMoney(Number.NaN)).toBe(false);
  });
});
