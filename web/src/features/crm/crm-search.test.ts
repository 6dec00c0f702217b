import { describe, expect, expectTypeOf, it } from "vitest";
import { type CrmListSearch, crmCardSearchSchema, crmListSearchSchemas, crmListSearchValidator } from "./crm-search";

const id = "0b7c3f4e-8d1a-4c57-9e0f-2a6b5c4d3e21";
const other = "5f1e2d3c-4b5a-4697-8887-766554433221";

/** The search as the pages read it: what was set, without the keys left undefined. */
function defined(search: object) {
  return Object.fromEntries(Object.entries(search).filter(([, value]) => value !== undefined));
}

describe("a CRM list's search", () => {
  it("keeps every valid filter of the deals list", () => {
    const search = {
      q: "Рога и копыта",
      ownerId: `${id},${other}`,
      unitId: id,
      createdFrom: "2026-01-01",
      createdTo: "2026-01-31",
      deleted: "true",
      sort: "-amount",
      page: 3,
      view: "kanban",
      pipelineId: id,
      stageId: other,
      semantic: "won",
      city: "Алматы",
      amountMin: "1000.50",
      amountMax: "250000",
      expectedFrom: "2026-02-01",
      expectedTo: "2026-02-28",
      closedFrom: "2026-03-01",
      closedTo: "2026-03-31",
      source: "Сайт",
      companyId: id,
      contactId: other,
    };
    expect(crmListSearchSchemas.deals.parse(search)).toEqual(search);
  });

  it("keeps only the keys of its own list", () => {
    const search = {
      status: "junk",
      industry: "Нефть",
      view: "kanban",
      semantic: "open",
      city: "Астана",
      source: "Звонок",
    };
    expect(defined(crmListSearchSchemas.leads.parse(search))).toEqual({ status: "junk", source: "Звонок" });
    expect(defined(crmListSearchSchemas.companies.parse(search))).toEqual({ industry: "Нефть", city: "Астана" });
    expect(defined(crmListSearchSchemas.contacts.parse({ ...search, companyId: id }))).toEqual({ companyId: id });
    expect(defined(crmListSearchSchemas.deals.parse(search))).toEqual({
      view: "kanban",
      semantic: "open",
      city: "Астана",
      source: "Звонок",
    });
  });

  it("drops malformed values as undefined, so the raw ones do not show through", () => {
    const search = crmListSearchSchemas.deals.parse({
      ownerId: `${id},`,
      unitId: "me",
      createdFrom: "01.02.2026",
      amountMin: "1 000",
      amountMax: "10.505",
      semantic: "maybe",
      stageId: "",
      view: "table",
      deleted: "yes",
      page: 1,
    });
    expect(defined(search)).toEqual({});
    expect(Object.keys(search)).toContain("unitId");
  });

  it("takes numbers the router read from the address back as text", () => {
    const search = crmListSearchSchemas.deals.parse({ q: 14250, amountMin: 150000, amountMax: 99.5, city: 2026 });
    expect(search).toEqual({ q: "14250", amountMin: "150000", amountMax: "99.5", city: "2026" });
  });

  it("cuts free text at 200 characters and leaves blank text out", () => {
    const long = "я".repeat(250);
    const search = crmListSearchSchemas.companies.parse({ q: long, industry: long, city: "   " });
    expect(search.q).toHaveLength(200);
    expect(search.industry).toHaveLength(200);
    expect(search.city).toBeUndefined();
  });

  it("keeps a sort only when the list can sort by it, either way", () => {
    expect(crmListSearchSchemas.deals.parse({ sort: "lastActivityAt" }).sort).toBe("lastActivityAt");
    expect(crmListSearchSchemas.companies.parse({ sort: "-bin" }).sort).toBe("-bin");
    expect(crmListSearchSchemas.companies.parse({ sort: "amount" }).sort).toBeUndefined();
    expect(crmListSearchSchemas.leads.parse({ sort: "--title" }).sort).toBeUndefined();
    expect(crmListSearchSchemas.contacts.parse({ sort: 5 }).sort).toBeUndefined();
  });

  it("reads the trash from true and «true», and the page from a number or text above 1", () => {
    expect(crmListSearchSchemas.contacts.parse({ deleted: true, page: "4" })).toEqual({ deleted: "true", page: 4 });
    expect(crmListSearchSchemas.contacts.parse({ deleted: false, page: 0 })).toEqual({
      deleted: undefined,
      page: undefined,
    });
  });

  it("reads a saved filter's parameters as its route reads the address", () => {
    const validate = crmListSearchValidator("leads");
    expect(
      defined(validate({ status: "new", ownerId: id, sort: "-createdAt", view: "kanban", amountMin: "5" })),
    ).toEqual({
      status: "new",
      ownerId: id,
      sort: "-createdAt",
    });
  });

  it("has the shape every list page reads", () => {
    expectTypeOf<CrmListSearch>().toEqualTypeOf<{
      q?: string;
      ownerId?: string;
      unitId?: string;
      createdFrom?: string;
      createdTo?: string;
      deleted?: "true";
      sort?: string;
      page?: number;
      view?: "list" | "kanban";
      pipelineId?: string;
      stageId?: string;
      semantic?: "open" | "won" | "lost";
      city?: string;
      amountMin?: string;
      amountMax?: string;
      expectedFrom?: string;
      expectedTo?: string;
      closedFrom?: string;
      closedTo?: string;
      source?: string;
      industry?: string;
      companyId?: string;
      contactId?: string;
      status?: "new" | "in_work" | "converted" | "junk";
    }>();
  });
});

describe("a CRM card's search", () => {
  it("opens the history tab by name and drops any other tab", () => {
    expect(crmCardSearchSchema.parse({ tab: "history" })).toEqual({ tab: "history" });
    expect(crmCardSearchSchema.parse({ tab: "files" })).toEqual({ tab: undefined });
    expect(crmCardSearchSchema.parse({})).toEqual({});
  });
});
