import { dealListQuerySchema, leadStatusSchema, stageSemanticSchema } from "@planerka/common";
import { z } from "zod";
import { idText, optionalPage, optionalParam, textOrNumber } from "../../lib/search-params";
import type { CrmEntity } from "./crm-api";

/** A filter: text the router may have read as a number (`?q=14250`, `?amountMin=150000`), then its check. */
function filter<T extends z.ZodType<unknown, string>>(check: T) {
  return optionalParam(textOrNumber.pipe(check));
}

/** Free text (the search box, a city, an industry, a source), cut at 200 characters. */
const freeText = z.string().transform((value) => value.slice(0, 200));
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** Comma-separated ids and an amount, checked as the API checks its deal list's query. */
const idList = dealListQuerySchema.shape.stageId.unwrap();
const amount = dealListQuerySchema.shape.amountMin.unwrap();

/**
 * The URL search of every CRM list. One shape for the four lists keeps the list kit generic;
 * each route keeps only the keys that make sense for its entity (`crmListSearchSchemas`).
 */
export const crmListSearchSchema = z.object({
  q: filter(freeText),
  ownerId: filter(idList),
  unitId: filter(idText),
  createdFrom: filter(day),
  createdTo: filter(day),
  /** The trash: `?deleted=true`. */
  deleted: optionalParam(z.union([z.literal("true"), z.literal(true)]).transform(() => "true" as const)),
  /** Checked against the entity's sort keys in `crmListSearchSchemas`. */
  sort: optionalParam(z.string()),
  page: optionalPage,
  // deals
  view: optionalParam(z.enum(["list", "kanban"])),
  pipelineId: filter(idText),
  stageId: filter(idList),
  semantic: filter(stageSemanticSchema),
  city: filter(freeText),
  amountMin: filter(amount),
  amountMax: filter(amount),
  expectedFrom: filter(day),
  expectedTo: filter(day),
  closedFrom: filter(day),
  closedTo: filter(day),
  source: filter(freeText),
  // companies
  industry: filter(freeText),
  // contacts, deals
  companyId: filter(idText),
  // deals
  contactId: filter(idText),
  // leads
  status: filter(leadStatusSchema),
});
export type CrmListSearch = z.output<typeof crmListSearchSchema>;

type FilterKey = Exclude<keyof CrmListSearch, "sort" | "page" | "view" | "q" | "deleted">;

const common: FilterKey[] = ["ownerId", "unitId", "createdFrom", "createdTo"];

/** Filters each list offers (and the server accepts); the search box, sort, page and trash come on top. */
export const filterKeys: Record<CrmEntity, FilterKey[]> = {
  deals: [
    ...common,
    "pipelineId",
    "stageId",
    "semantic",
    "city",
    "amountMin",
    "amountMax",
    "expectedFrom",
    "expectedTo",
    "closedFrom",
    "closedTo",
    "source",
    "companyId",
    "contactId",
  ],
  companies: [...common, "city", "industry"],
  contacts: [...common, "companyId"],
  leads: [...common, "status", "source"],
};

/** Sort keys the server allows per entity (server/src/modules/crm/*.spec.ts). */
export const sortKeys: Record<CrmEntity, string[]> = {
  deals: [
    "number",
    "title",
    "amount",
    "stage",
    "createdAt",
    "updatedAt",
    "closedAt",
    "expectedCloseDate",
    "company",
    "owner",
    "lastActivityAt",
  ],
  companies: ["name", "city", "industry", "bin", "createdAt", "updatedAt", "owner"],
  contacts: ["name", "position", "company", "owner", "createdAt", "updatedAt"],
  leads: ["title", "status", "source", "owner", "createdAt", "updatedAt"],
};

export const defaultSorts: Record<CrmEntity, string> = {
  deals: "-createdAt",
  companies: "name",
  contacts: "name",
  leads: "-createdAt",
};

type SearchKey = keyof CrmListSearch;

/** One list's schema: the search box, sort, page and trash, its filters, and list or kanban for deals. */
function listSearchSchema(entity: CrmEntity) {
  const keys: SearchKey[] = ["q", "sort", "page", "deleted", ...filterKeys[entity]];
  if (entity === "deals") keys.push("view");
  const mask = Object.fromEntries(keys.map((key) => [key, true])) as Record<SearchKey, true>;
  return crmListSearchSchema.pick(mask).extend({
    sort: optionalParam(z.string().refine((sort) => sortKeys[entity].includes(sort.replace(/^-/, "")))),
  });
}

/** Each list route's `validateSearch`: unknown keys and malformed values are dropped, so the API never sees them. */
export const crmListSearchSchemas = {
  deals: listSearchSchema("deals"),
  companies: listSearchSchema("companies"),
  contacts: listSearchSchema("contacts"),
  leads: listSearchSchema("leads"),
} satisfies Record<CrmEntity, unknown>;

/** A list's search read from plain values (a saved filter's parameters), as its route reads the address. */
export function crmListSearchValidator(entity: CrmEntity) {
  return (search: Record<string, unknown>): CrmListSearch => crmListSearchSchemas[entity].parse(search);
}

/** A record card's search: the history tab, or the default one. */
export const crmCardSearchSchema = z.object({ tab: optionalParam(z.literal("history")) });
export type CrmCardSearch = z.output<typeof crmCardSearchSchema>;

/** The list's filters as API query parameters (without paging and sort). */
export function filterParams(entity: CrmEntity, search: CrmListSearch): Record<string, string> {
  const params: Record<string, string> = {};
  if (search.q) params.q = search.q;
  for (const key of filterKeys[entity]) {
    const value = search[key];
    if (typeof value === "string" && value !== "") params[key] = value;
  }
  if (search.deleted) params.deleted = "true";
  return params;
}

/** How many filters (not the search box) are set, for the badge on the «Фильтры» button. */
export function activeFilterCount(entity: CrmEntity, search: CrmListSearch): number {
  const keys = filterKeys[entity];
  let count = 0;
  for (const key of keys) {
    // The pipeline is chosen by the switcher next to the view, not in the filter panel.
    if (search[key] === undefined || key === "pipelineId") continue;
    // A range counts once.
    if (key.endsWith("To") && search[key.replace(/To$/, "From") as FilterKey] !== undefined) continue;
    if (key === "amountMax" && search.amountMin !== undefined) continue;
    count += 1;
  }
  return count;
}

/** What a saved filter keeps: the filters, the search box and the sort (never the page or the trash). */
export function savedParams(entity: CrmEntity, search: CrmListSearch): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(filterParams(entity, search))) {
    if (key !== "deleted") params[key] = value;
  }
  if (search.sort) params.sort = search.sort;
  return params;
}

export function clearedFilters(entity: CrmEntity): Partial<CrmListSearch> {
  const cleared: Record<string, undefined> = { q: undefined, page: undefined };
  for (const key of filterKeys[entity]) if (key !== "pipelineId") cleared[key] = undefined;
  return cleared as Partial<CrmListSearch>;
}
