import { describe, expect, it } from "vitest";
import { formatBytes, usagePercent } from "./drive-format";

const ru = { b: "Б", kb: "КБ", mb: "МБ", gb: "ГБ" };
const en = { b: "B", kb: "KB", mb: "MB", gb: "GB" };

describe("drive sizes", () => {
  it("shows bytes, kilobytes, megabytes and gigabytes in the interface's language", () => {
    expect(formatBytes(812, "ru", ru)).toBe("812 Б");
    expect(formatBytes(14_500, "ru", ru)).toBe("14 КБ");
    expect(formatBytes(3.4 * 1024 * 1024, "ru", ru)).toBe("3,4 МБ");
    expect(formatBytes(3.4 * 1024 * 1024, "en", en)).toBe("3.4 MB");
    expect(formatBytes(5 * 1024 ** 3, "ru", ru)).toBe("5 ГБ");
  });

  it("fills the usage bar by the share of the quota, never past full", () => {
    expect(usagePercent(512, 1024)).toBe(50);
    expect(usagePercent(2048, 1024)).toBe(100);
    expect(usagePercent(0, 0)).toBe(100);
  });
});
