import { readFileSync } from "node:fs";
import path from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";

const repositoryRoot = path.resolve(import.meta.dirname, "../../../..");
const readJson = (file: string) => JSON.parse(readFileSync(path.join(repositoryRoot, file), "utf8"));

describe("the Node.js version the README names", () => {
  it("is enough for every installed package, so `npm install` warns of no engine", () => {
    const floor = semver.minVersion(readJson("package.json").engines.node);
    expect(floor?.version).toBe("20.19.0");
    const lock = readJson("package-lock.json") as {
      packages: Record<string, { version?: string; engines?: { node?: string } }>;
    };
    const refusing = Object.entries(lock.packages)
      .filter(
        ([, entry]) => typeof entry.engines?.node === "string" && !semver.satisfies(floor ?? "", entry.engines.node),
      )
      .map(([where, entry]) => `${where}@${entry.version} needs ${entry.engines?.node}`);
    expect(refusing).toEqual([]);
  });

  it("is the one the README tells people to install", () => {
    expect(readFileSync(path.join(repositoryRoot, "README.md"), "utf8")).toContain("Node.js 20.19 or newer");
  });
});
