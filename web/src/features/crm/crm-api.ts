import {
  bulkResultSchema,
  type Company,
  type Contact,
  companySchema,
  contactSchema,
  type Deal,
  dealSchema,
  duplicateMatchSchema,
  historyEntrySchema,
  kanbanSchema,
  type Lead,
  leadConvertResultSchema,
  leadSchema,
  pageSchema,
  pipelineSchema,
  savedFilterSchema,
  timelineItemSchema,
} from "@planerka/common";
import { infiniteQueryOptions, keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api, apiVoid, type Schema } from "../../lib/api";

export type CrmEntity = "companies" | "contacts" | "leads" | "deals";

export interface CrmRecordMap {
  companies: Company;
  contacts: Contact;
  leads: Lead;
  deals: Deal;
}

const recordSchemas = {
  companies: companySchema,
  contacts: contactSchema,
  leads: leadSchema,
  deals: dealSchema,
} as const;

const pageSchemas = {
  companies: pageSchema(companySchema),
  contacts: pageSchema(contactSchema),
  leads: pageSchema(leadSchema),
  deals: pageSchema(dealSchema),
} as const;

function recordSchema<E extends CrmEntity>(entity: E): Schema<CrmRecordMap[E]> {
  return recordSchemas[entity] as unknown as Schema<CrmRecordMap[E]>;
}

function listSchema<E extends CrmEntity>(entity: E): Schema<Page<CrmRecordMap[E]>> {
  return pageSchemas[entity] as unknown as Schema<Page<CrmRecordMap[E]>>;
}

export const pageSize = 50;

export type QueryParams = Record<string, string | number | undefined>;

export interface Page<T> {
  items: T[];
  total: number;
}

export function crmListQuery<E extends CrmEntity>(entity: E, params: QueryParams) {
  return queryOptions({
    queryKey: ["crm", entity, "list", params],
    queryFn: ({ signal }) => api(`/${entity}`, listSchema(entity), { signal, query: params }),
    placeholderData: keepPreviousData,
  });
}

export function crmRecordQuery<E extends CrmEntity>(entity: E, id: string) {
  return queryOptions({
    queryKey: ["crm", entity, "one", id],
    queryFn: ({ signal }) => api(`/${entity}/${id}`, recordSchema(entity), { signal }),
  });
}

export function createRecord<E extends CrmEntity>(entity: E, input: Record<string, unknown>) {
  return api(`/${entity}`, recordSchema(entity), { method: "POST", json: input });
}

export function updateRecord<E extends CrmEntity>(
  entity: E,
  id: string,
  patch: Record<string, unknown> & { version: number },
) {
  return api(`/${entity}/${id}`, recordSchema(entity), { method: "PATCH", json: patch });
}

export function deleteRecord(entity: CrmEntity, id: string) {
  return apiVoid(`/${entity}/${id}`, { method: "DELETE" });
}

export function restoreRecord(entity: CrmEntity, id: string) {
  return apiVoid(`/${entity}/${id}/restore`, { method: "POST" });
}

export type BulkAction = { action: "reassign"; ids: string[]; ownerId: string } | { action: "delete"; ids: string[] };

export function bulkAction(entity: CrmEntity, action: BulkAction) {
  return api(`/${entity}/bulk`, bulkResultSchema, { method: "POST", json: action });
}

// Pipelines and the kanban -------------------------------------------------------------------------

const pipelinesSchema = pageSchema(pipelineSchema);

export const pipelinesQuery = queryOptions({
  queryKey: ["crm", "pipelines"],
  queryFn: ({ signal }) => api("/pipelines", pipelinesSchema, { signal }).then((answer) => answer.items),
  staleTime: 5 * 60_000,
});

export type Kanban = ReturnType<typeof kanbanSchema.parse>;
export const kanbanPerStage = 30;

export function kanbanQuery(params: QueryParams) {
  return queryOptions({
    queryKey: ["crm", "deals", "kanban", params],
    queryFn: ({ signal }) =>
      api("/deals/kanban", kanbanSchema, { signal, query: { ...params, perStage: kanbanPerStage } }),
    placeholderData: keepPreviousData,
  });
}

// Cards: timeline, history, comments -----------------------------------------------------------------

const timelinePageSchema = pageSchema(timelineItemSchema);
export const timelinePageSize = 30;

export function timelineQuery(entity: CrmEntity, id: string) {
  return infiniteQueryOptions({
    queryKey: ["crm", entity, "timeline", id],
    queryFn: ({ signal, pageParam }) =>
      api(`/${entity}/${id}/timeline`, timelinePageSchema, {
        signal,
        query: { limit: timelinePageSize, before: pageParam },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) =>
      last.items.length < timelinePageSize ? undefined : last.items[last.items.length - 1]?.at,
  });
}

export type HistoryEntry = ReturnType<typeof historyEntrySchema.parse>;

export function historyQuery(entity: CrmEntity, id: string) {
  return queryOptions({
    queryKey: ["crm", entity, "history", id],
    queryFn: ({ signal }) => api(`/${entity}/${id}/history`, pageSchema(historyEntrySchema), { signal }),
  });
}

const createdIdSchema: Schema<{ id: string }> = {
  parse: (input) => input as { id: string },
};

export function addComment(entity: CrmEntity, id: string, body: string) {
  return api(`/${entity}/${id}/comments`, createdIdSchema, { method: "POST", json: { body } });
}

// Saved filters, duplicates, conversion ----------------------------------------------------------------

export type SavedFilter = ReturnType<typeof savedFilterSchema.parse>;

export function savedFiltersQuery(entity: CrmEntity) {
  return queryOptions({
    queryKey: ["crm", "saved-filters", entity],
    queryFn: ({ signal }) => api("/saved-filters", pageSchema(savedFilterSchema), { signal, query: { entity } }),
  });
}

export function createSavedFilter(entity: CrmEntity, name: string, params: Record<string, string>) {
  return api("/saved-filters", savedFilterSchema, { method: "POST", json: { entity, name, params } });
}

export function deleteSavedFilter(id: string) {
  return apiVoid(`/saved-filters/${id}`, { method: "DELETE" });
}

export type DuplicateMatch = ReturnType<typeof duplicateMatchSchema.parse>;

export function findDuplicates(
  entity: "companies" | "contacts",
  params: { bin?: string; phone?: string; email?: string; name?: string; excludeId?: string },
  signal?: AbortSignal,
) {
  return api(`/${entity}/duplicates`, pageSchema(duplicateMatchSchema), { signal, query: params });
}

export interface LeadConversion {
  companyId?: string;
  newCompany?: { name: string; bin?: string | null; city?: string | null; phones?: string[]; emails?: string[] };
  contactId?: string;
  newContact?: { name: string; position?: string | null; phones?: string[]; emails?: string[] };
  deal: { title: string; amount: number; stageId?: string; expectedCloseDate?: string | null };
  version: number;
}

export function convertLead(id: string, input: LeadConversion) {
  return api(`/leads/${id}/convert`, leadConvertResultSchema, { method: "POST", json: input });
}
