import { describe, expect, it } from "vitest";
import { buildDemoOrganisation, pickDemoLogins } from "./demo-organisation";

describe("the demo organisation", () => {
  const organisation = buildDemoOrganisation();
  const count = (predicate: (user: (typeof organisation.users)[number]) => boolean) =>
    organisation.users.filter(predicate).length;

  it("is a Kazakh distributor: 5 regions, 14 city offices, 100 people", () => {
    expect(organisation.units.filter((unit) => unit.kind === "region")).toHaveLength(5);
    const cities = organisation.units.filter((unit) => unit.kind === "city").map((unit) => unit.name);
    expect(cities).toHaveLength(14);
    expect(cities).toEqual(
      expect.arrayContaining([
        "Астана",
        "Алматы",
        "Шымкент",
        "Караганда",
        "Актобе",
        "Атырау",
        "Павлодар",
        "Усть-Каменогорск",
        "Костанай",
        "Актау",
        "Уральск",
        "Тараз",
      ]),
    );
    expect(organisation.users).toHaveLength(100);
    expect(count((user) => user.role === "admin")).toBe(1);
    expect(count((user) => user.role === "top")).toBe(3);
    expect(count((user) => user.role === "head")).toBe(19);
    expect(count((user) => user.role === "manager")).toBe(77);
  });

  it("gives every region and office a head who works there", () => {
    for (const unit of organisation.units.filter((candidate) => candidate.kind !== "company")) {
      const head = organisation.users.find((user) => user.key === unit.headKey);
      expect(head?.unitKey, unit.name).toBe(unit.key);
      expect(head?.role).toBe("head");
    }
  });

  it("is the same on every run, with unique logins and Kazakh phone numbers", () => {
    expect(buildDemoOrganisation()).toEqual(organisation);
    expect(new Set(organisation.users.map((user) => user.login)).size).toBe(100);
    for (const user of organisation.users) expect(user.phone).toMatch(/^\+7 7\d{2} \d{3} \d{2} \d{2}$/);
    expect(pickDemoLogins(organisation).map((login) => login.role)).toEqual([
      "admin",
      "top",
      "head",
      "head",
      "manager",
    ]);
    expect(pickDemoLogins(organisation)[0]!.login).toBe("admin");
  });
});
