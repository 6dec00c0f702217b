import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type GroupListTab,
  type GroupSearch,
  type GroupsSearch,
  groupListTabs,
  groupSearchSchema,
  groupsSearchSchema,
} from "./groups-search";

describe("the groups list's search", () => {
  it("offers the API's two memberships as tabs", () => {
    expect(groupListTabs).toEqual(["mine", "all"]);
    expectTypeOf<GroupListTab>().toEqualTypeOf<"mine" | "all">();
  });

  it("keeps a valid tab, search and page", () => {
    expect(groupsSearchSchema.parse({ tab: "mine", q: "Проект", page: "3" })).toEqual({
      tab: "mine",
      q: "Проект",
      page: 3,
    });
  });

  it("drops unknown tabs, blank search and the first page", () => {
    expect(groupsSearchSchema.parse({ tab: "archive", q: "", page: 1 })).toEqual({
      tab: undefined,
      q: undefined,
      page: undefined,
    });
  });

  it("has the shape the page reads", () => {
    expectTypeOf<GroupsSearch>().toEqualTypeOf<{ tab?: "mine" | "all"; q?: string; page?: number }>();
  });
});

describe("a group's search", () => {
  it("keeps the group page's tabs only", () => {
    for (const tab of ["tasks", "members", "chat", "feed"]) expect(groupSearchSchema.parse({ tab })).toEqual({ tab });
    expect(groupSearchSchema.parse({ tab: "files" })).toEqual({ tab: undefined });
    expectTypeOf<GroupSearch>().toEqualTypeOf<{ tab?: "tasks" | "members" | "chat" | "feed" }>();
  });
});
