import { describe, expect, expectTypeOf, it } from "vitest";
import { type UnitsSearch, type UsersSearch, unitsSearchSchema, usersSearchSchema } from "./org-search";

const id = "0b7c3f4e-8d1a-4c57-9e0f-2a6b5c4d3e21";

describe("the staff list's search", () => {
  it("keeps a valid search, unit, role, status, sort, page and open person", () => {
    const search = { q: "Ахметов", unitId: id, role: "head", active: "all", sort: "-createdAt", page: 2, user: id };
    expect(usersSearchSchema.parse(search)).toEqual(search);
    expect(usersSearchSchema.parse({ active: "false" }).active).toBe("false");
  });

  it("drops unknown roles and sorts, the default status and the first page", () => {
    expect(usersSearchSchema.parse({ role: "owner", active: "true", sort: "salary", page: "1" })).toEqual({
      role: undefined,
      active: undefined,
      sort: undefined,
      page: undefined,
    });
    expect(usersSearchSchema.parse({ sort: "-name-" }).sort).toBeUndefined();
  });

  it("takes the unit and the open person as any text, but never a number", () => {
    expect(usersSearchSchema.parse({ unitId: "root", user: "u1" })).toEqual({ unitId: "root", user: "u1" });
    expect(usersSearchSchema.parse({ q: 42, unitId: 42, user: " " })).toEqual({
      q: undefined,
      unitId: undefined,
      user: undefined,
    });
  });

  it("has the shape the page reads", () => {
    expectTypeOf<UsersSearch>().toEqualTypeOf<{
      q?: string;
      unitId?: string;
      role?: "manager" | "head" | "top" | "admin";
      active?: "false" | "all";
      sort?: string;
      page?: number;
      user?: string;
    }>();
  });
});

describe("the company tree's search", () => {
  it("keeps the chosen unit as text", () => {
    expect(unitsSearchSchema.parse({ unit: id })).toEqual({ unit: id });
    expect(unitsSearchSchema.parse({ unit: "" })).toEqual({ unit: undefined });
    expectTypeOf<UnitsSearch>().toEqualTypeOf<{ unit?: string }>();
  });
});
