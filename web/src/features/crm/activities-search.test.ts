import { describe, expect, expectTypeOf, it } from "vitest";
import { type ActivitiesSearch, activitiesSearchSchema, importsSearchSchema } from "./activities-search";

const id = "0b7c3f4e-8d1a-4c57-9e0f-2a6b5c4d3e21";
const other = "5f1e2d3c-4b5a-4697-8887-766554433221";

describe("the activities' search", () => {
  it("keeps a valid tab, search, types, owner and page", () => {
    const search = { tab: "completed", q: "звонок", type: `${id},${other}`, owner: id, page: 2 };
    expect(activitiesSearchSchema.parse(search)).toEqual(search);
    expect(activitiesSearchSchema.parse({ owner: "all" }).owner).toBe("all");
  });

  it("drops unknown tabs, malformed ids, blank text and the first page", () => {
    expect(
      activitiesSearchSchema.parse({ tab: "later", q: "  ", type: `${id};${other}`, owner: "everyone", page: "1" }),
    ).toEqual({ tab: undefined, q: undefined, type: undefined, owner: undefined, page: undefined });
  });

  it("reads the search box only as text, as before", () => {
    expect(activitiesSearchSchema.parse({ q: 777 }).q).toBeUndefined();
  });

  it("has the shape the page reads", () => {
    expectTypeOf<ActivitiesSearch>().toEqualTypeOf<{
      tab?: "overdue" | "today" | "upcoming" | "completed";
      q?: string;
      type?: string;
      owner?: string;
      page?: number;
    }>();
  });
});

describe("the imports' search", () => {
  it("keeps the job's id and drops anything else", () => {
    expect(importsSearchSchema.parse({ job: id })).toEqual({ job: id });
    expect(importsSearchSchema.parse({ job: "last" })).toEqual({ job: undefined });
  });
});
