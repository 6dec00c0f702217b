import { optionalNumber, optionalString } from "../../lib/route-base";
import type { CrmEntity } from "./crm-api";

/**
 * The URL search of every CRM list. One shape for the four lists keeps the list kit generic;
 * each route keeps only the keys that make sense for its entity.
 */
export interface CrmListSearch {
  q?: string;
  ownerId?: string;
  unitId?: string;
  createdFrom?: string;
  createdTo?: string;
  deleted?: "true";
  sort?: string;
  page?: number;
  // deals
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
  // companies
  industry?: string;
  // contacts, deals
  companyId?: string;
  // deals
  contactId?: string;
  // leads
  status?: "new" | "in_work" | "converted" | "junk";
}

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

const uuid = /^[0-9a-fA-F-]{36}$/;
const uuidList = /^[0-9a-fA-F-]{36}(,[0-9a-fA-F-]{36})*$/;
const day = /^\d{4}-\d{2}-\d{2}$/;
const decimal = /^\d{1,15}(\.\d{1,2})?$/;

function checked(key: FilterKey, value: string): string | undefined {
  switch (key) {
    case "ownerId":
    case "stageId":
      return uuidList.test(value) ? value : undefined;
    case "unitId":
    case "pipelineId":
    case "companyId":
    case "contactId":
      return uuid.test(value) ? value : undefined;
    case "createdFrom":
    case "createdTo":
    case "expectedFrom":
    case "expectedTo":
    case "closedFrom":
    case "closedTo":
      return day.test(value) ? value : undefined;
    case "amountMin":
    case "amountMax":
      return decimal.test(value) ? value : undefined;
    case "semantic":
      return ["open", "won", "lost"].includes(value) ? value : undefined;
    case "status":
      return ["new", "in_work", "converted", "junk"].includes(value) ? value : undefined;
    default:
      return value.slice(0, 200);
  }
}

/** The router reads `?q=14250` as a number; every filter here is text. */
function text(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return optionalString(value);
}

/** A route's `validateSearch`: unknown keys and malformed values are dropped, so the API never sees them. */
export function crmListSearchValidator(entity: CrmEntity) {
  return (search: Record<string, unknown>): CrmListSearch => {
    const result: Record<string, unknown> = {};
    const q = text(search.q);
    if (q) result.q = q.slice(0, 200);
    for (const key of filterKeys[entity]) {
      const raw = text(search[key]);
      const value = raw === undefined ? undefined : checked(key, raw);
      if (value !== undefined) result[key] = value;
    }
    const sort = optionalString(search.sort);
    if (sort && sortKeys[entity].includes(sort.replace(/^-/, ""))) result.sort = sort;
    const page = optionalNumber(search.page);
    if (page && page > 1) result.page = page;
    if (search.deleted === "true" || search.deleted === true) result.deleted = "true";
    if (entity === "deals" && (search.view === "list" || search.view === "kanban")) result.view = search.view;
    return result as CrmListSearch;
  };
}

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
