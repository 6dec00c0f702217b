import { describe, expect, expectTypeOf, it } from "vitest";
import { type WorkflowsSearch, workflowsSearchSchema } from "./workflows-search";

const id = "0b7c3f4e-8d1a-4c57-9e0f-2a6b5c4d3e21";

describe("the workflows page's search", () => {
  it("keeps a valid tab, show, template, entity, person, page and open instance", () => {
    const search = {
      tab: "approvals",
      show: "stalled",
      templateId: id,
      entity: "deal",
      userId: id,
      page: 4,
      instance: id,
    };
    expect(workflowsSearchSchema.parse(search)).toEqual(search);
  });

  it("drops the default show, unknown tabs and entities, malformed ids and the first page", () => {
    expect(
      workflowsSearchSchema.parse({
        tab: "mine",
        show: "running",
        templateId: "t1",
        entity: "task",
        userId: "",
        page: 1,
        instance: `${id}x`,
      }),
    ).toEqual({
      tab: undefined,
      show: undefined,
      templateId: undefined,
      entity: undefined,
      userId: undefined,
      page: undefined,
      instance: undefined,
    });
  });

  it("has the shape the page reads", () => {
    expectTypeOf<WorkflowsSearch>().toEqualTypeOf<{
      tab?: "approvals";
      show?: "stalled" | "finished" | "all";
      templateId?: string;
      entity?: "deal" | "lead" | "company" | "contact";
      userId?: string;
      page?: number;
      instance?: string;
    }>();
  });
});
