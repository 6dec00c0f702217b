import { describe, expect, expectTypeOf, it } from "vitest";
import { type PeriodSearch, periodSearchSchema, type TasksSearch, tasksSearchSchema } from "./tasks-search";

const id = "0b7c3f4e-8d1a-4c57-9e0f-2a6b5c4d3e21";

describe("the task list's search", () => {
  it("keeps a valid view, layout, search, statuses, person, sort and page", () => {
    const search = {
      view: "observe",
      layout: "kanban",
      q: "отчёт",
      status: "new,done",
      userId: id,
      sort: "-priority",
      page: 5,
    };
    expect(tasksSearchSchema.parse(search)).toEqual(search);
  });

  it("drops the default view, unknown layouts and sorts, malformed people and the first page", () => {
    expect(tasksSearchSchema.parse({ view: "my", layout: "list", userId: "me", sort: "-owner", page: 1 })).toEqual({
      view: undefined,
      layout: undefined,
      userId: undefined,
      sort: undefined,
      page: undefined,
    });
    expect(tasksSearchSchema.parse({ view: "all" }).view).toBeUndefined();
    expect(tasksSearchSchema.parse({ sort: "--deadline" }).sort).toBeUndefined();
  });

  it("keeps the known statuses of a list once each, and drops a list with none", () => {
    expect(tasksSearchSchema.parse({ status: "done,lost,new,done" }).status).toBe("done,new");
    expect(tasksSearchSchema.parse({ status: "lost,," }).status).toBeUndefined();
    expect(tasksSearchSchema.parse({ status: "" }).status).toBeUndefined();
  });

  it("trims the search box, cuts it at 200 characters and reads a number as text", () => {
    expect(tasksSearchSchema.parse({ q: "  план  " }).q).toBe("план");
    expect(tasksSearchSchema.parse({ q: "   " }).q).toBeUndefined();
    expect(tasksSearchSchema.parse({ q: 14250 }).q).toBe("14250");
    expect(tasksSearchSchema.parse({ q: "ж".repeat(300) }).q).toHaveLength(200);
    expect(tasksSearchSchema.parse({ q: false }).q).toBeUndefined();
  });

  it("has the shape the page reads", () => {
    expectTypeOf<TasksSearch>().toEqualTypeOf<{
      view?: "set" | "observe" | "overdue";
      layout?: "kanban";
      q?: string;
      status?: string;
      userId?: string;
      sort?: string;
      page?: number;
    }>();
  });
});

describe("a report's period", () => {
  it("keeps real-looking days and ids", () => {
    const search = { from: "2026-03-01", to: "2026-03-31", unitId: id, userId: id };
    expect(periodSearchSchema.parse(search)).toEqual(search);
  });

  it("drops malformed days and ids", () => {
    expect(periodSearchSchema.parse({ from: "2026-3-1", to: "2026-03-32", unitId: "x", userId: 7 })).toEqual({
      from: undefined,
      to: undefined,
      unitId: undefined,
      userId: undefined,
    });
  });

  it("has the shape the reports read", () => {
    expectTypeOf<PeriodSearch>().toEqualTypeOf<{ from?: string; to?: string; unitId?: string; userId?: string }>();
  });
});
