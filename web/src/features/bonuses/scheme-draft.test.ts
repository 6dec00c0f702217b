import { bonusSchemeWriteSchema } from "@planerka/common";
import { describe, expect, it } from "vitest";
import { checkSchemeDraft, emptySchemeDraft, type SchemeDraft, schemeDraftOf, schemeFieldOf } from "./scheme-draft";

const draft = (patch: Partial<SchemeDraft> = {}): SchemeDraft => ({
  ...emptySchemeDraft(),
  name: "МОП",
  bands: [
    { from: 80, rate: 1 },
    { from: 100, rate: 2 },
  ],
  ...patch,
});

describe("the scheme editor's draft", () => {
  it("turns a good draft into a body the API's schema accepts as is", () => {
    const checked = checkSchemeDraft(draft({ cap: 500000, useCoefficient: true, floor: 80, fixed: "" }));
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.body).toEqual({
      name: "МОП",
      period: "month",
      appliesTo: { role: "manager" },
      base: "own",
      mode: "step",
      bands: [
        { fromCompletion: 80, rate: 1 },
        { fromCompletion: 100, rate: 2 },
      ],
      fixed: 0,
      cap: 500000,
      coefficient: { floor: 80 },
      active: true,
    });
    expect(bonusSchemeWriteSchema.parse(checked.body)).toEqual(checked.body);
  });

  it("starts a new scheme with one band whose rate is still to be typed", () => {
    const checked = checkSchemeDraft({ ...emptySchemeDraft(), name: "МОП" });
    expect(checked.ok ? null : checked.errors).toEqual({ "bands.0.rate": { key: "required" } });
  });

  it("puts each refusal on its own field: the name, whom it applies to, a band's cell", () => {
    const checked = checkSchemeDraft(
      draft({
        name: "  ",
        role: null,
        bands: [
          { from: 100, rate: 1 },
          { from: 90, rate: "" },
          { from: 120, rate: 1.23456 },
          { from: 1500, rate: 3 },
        ],
        cap: -1,
        useCoefficient: true,
        floor: 130,
      }),
    );
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors).toEqual({
      name: { key: "required" },
      appliesTo: { key: "appliesTo" },
      "bands.1.from": { key: "bandsOrder" },
      "bands.1.rate": { key: "required" },
      "bands.2.rate": { key: "decimals", values: { places: 4 } },
      "bands.3.from": { key: "range", values: { min: 0, max: 1000 } },
      cap: { key: "range", values: { min: 0, max: 1e15 } },
      floor: { key: "range", values: { min: 0, max: 120 } },
    });
  });

  it("names people or a unit instead of a role, and leaves the floor out without the coefficient", () => {
    const checked = checkSchemeDraft(
      draft({ role: null, unitId: "u1", users: [{ id: "p1", name: "Иванов" }], floor: "", useCoefficient: false }),
    );
    expect(checked.ok && checked.body.appliesTo).toEqual({ unitId: "u1", userIds: ["p1"] });
    expect(checked.ok && checked.body.coefficient).toBeNull();
  });

  it("opens a stored scheme with its people's names", () => {
    const opened = schemeDraftOf(
      {
        id: "s1",
        version: 3,
        name: "РОП",
        period: "quarter",
        appliesTo: { userIds: ["p2", "p1"] },
        appliesToNames: {
          unit: null,
          users: [
            { id: "p1", name: "Абаев" },
            { id: "p2", name: "Жанов" },
          ],
        },
        base: "unit",
        bands: [{ fromCompletion: 90, rate: 0.5 }],
        mode: "linear",
        fixed: 100000,
        cap: null,
        coefficient: { floor: 70 },
        active: false,
        createdAt: "2026-03-01T00:00:00.000Z",
        updatedAt: "2026-03-01T00:00:00.000Z",
      },
      new Map([
        ["p1", "Жанов"],
        ["p2", "Абаев"],
      ]),
    );
    expect(opened).toMatchObject({
      role: null,
      users: [
        { id: "p2", name: "Абаев" },
        { id: "p1", name: "Жанов" },
      ],
      bands: [{ from: 90, rate: 0.5 }],
      cap: "",
      useCoefficient: true,
      floor: 70,
      active: false,
    });
  });

  it("finds the editor's field for the server's error paths", () => {
    expect(schemeFieldOf("body.name")).toBe("name");
    expect(schemeFieldOf("body.bands.1.rate")).toBe("bands.1.rate");
    expect(schemeFieldOf("body.bands.0.fromCompletion")).toBe("bands.0.from");
    expect(schemeFieldOf("body.bands")).toBe("bands");
    expect(schemeFieldOf("body.appliesTo")).toBe("appliesTo");
    expect(schemeFieldOf("appliesTo.unitId")).toBe("unitId");
    expect(schemeFieldOf("body.appliesTo.userIds.3")).toBe("users");
    expect(schemeFieldOf("body.coefficient.floor")).toBe("floor");
  });
});
