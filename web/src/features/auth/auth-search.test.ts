import { describe, expect, expectTypeOf, it } from "vitest";
import { type LoginSearch, loginSearchSchema } from "./auth-search";

describe("the login page's search", () => {
  it("keeps a path on this site to return to", () => {
    expect(loginSearchSchema.parse({ redirect: "/crm/deals?page=2" })).toEqual({ redirect: "/crm/deals?page=2" });
    expect(loginSearchSchema.parse({ redirect: "/" })).toEqual({ redirect: "/" });
  });

  it("drops anything that could lead to another site", () => {
    for (const redirect of ["//evil.example/", "https://evil.example/", "evil.example", "", " /x", 7]) {
      expect(loginSearchSchema.parse({ redirect })).toEqual({ redirect: undefined });
    }
  });

  it("has the shape the page reads", () => {
    expectTypeOf<LoginSearch>().toEqualTypeOf<{ redirect?: string }>();
  });
});
