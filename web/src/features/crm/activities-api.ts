import {
  type Activity,
  type ActivityType,
  activitySchema,
  activityTypeSchema,
  companySchema,
  contactSchema,
  dealSchema,
  pageSchema,
} from "@planerka/common";
import { keepPreviousData, type QueryClient, queryOptions } from "@tanstack/react-query";
import { api, apiVoid, type Schema } from "../../lib/api";

/** `{items: T[]}` without a total, as the dictionaries (activity types, pipelines) answer. */
export function itemsSchema<T>(item: Schema<T>): Schema<{ items: T[] }> {
  return {
    parse(input: unknown) {
      const items = (input as { items?: unknown } | null)?.items;
      if (!Array.isArray(items)) throw new Error("Expected {items: [...]}");
      return { items: items.map((entry) => item.parse(entry)) };
    },
  };
}

const activityPageSchema = pageSchema(activitySchema);
const activityTypeListSchema = itemsSchema(activityTypeSchema);

export type ActivityStateFilter = "active" | "overdue" | "completed" | "open";

export interface ActivityListParams {
  limit: number;
  offset?: number;
  sort?: string;
  q?: string;
  ownerId?: string;
  typeId?: string;
  state?: ActivityStateFilter;
  dueFrom?: string;
  dueTo?: string;
  dealId?: string;
  companyId?: string;
  contactId?: string;
  leadId?: string;
  unitId?: string;
}

export function activitiesQuery(params: ActivityListParams) {
  return queryOptions({
    queryKey: ["activities", "list", params],
    queryFn: ({ signal }) => api("/activities", activityPageSchema, { signal, query: { ...params } }),
    placeholderData: keepPreviousData,
  });
}

/** How many of my activities are overdue: the red badge of «Мои дела». */
export function overdueCountQuery(ownerId: string) {
  return queryOptions({
    queryKey: ["activities", "overdue-count", ownerId],
    queryFn: ({ signal }) =>
      api("/activities", activityPageSchema, { signal, query: { limit: 1, ownerId, state: "overdue" } }),
    select: (page) => page.total,
    refetchInterval: 5 * 60_000,
    staleTime: 30_000,
  });
}

export const activityTypesQuery = queryOptions({
  queryKey: ["activity-types"],
  queryFn: ({ signal }) => api("/activity-types", activityTypeListSchema, { signal }),
  select: (list) => [...list.items].sort((a, b) => a.sort - b.sort || a.name.localeCompare(b.name)),
  staleTime: 5 * 60_000,
});

export interface ActivityInput {
  typeId: string;
  subject: string;
  description: string | null;
  dueAt: string;
  /** Set when the activity is logged as already done (an incoming call). */
  completedAt?: string | null;
  durationMinutes: number;
  ownerId?: string;
  dealId: string | null;
  companyId: string | null;
  contactId: string | null;
  leadId?: string | null;
  /** A new meeting's participants (invited to its calendar event). */
  participantIds?: string[];
}

export function createActivity(input: ActivityInput): Promise<Activity> {
  return api("/activities", activitySchema, { method: "POST", json: input });
}

export type ActivityPatch = Partial<ActivityInput> & { completedAt?: string | null; version: number };

export function updateActivity(id: string, patch: ActivityPatch): Promise<Activity> {
  return api(`/activities/${id}`, activitySchema, { method: "PATCH", json: patch });
}

export function completeActivity(id: string, input: { result: string | null; version: number }): Promise<Activity> {
  return api(`/activities/${id}/complete`, activitySchema, { method: "POST", json: input });
}

export function deleteActivity(id: string): Promise<void> {
  return apiVoid(`/activities/${id}`, { method: "DELETE" });
}

// Activity types (admin) -------------------------------------------------------------------------
export interface ActivityTypeInput {
  code: string;
  name: string;
  category: ActivityType["category"];
  direction?: "in" | "out" | null;
  inWeeklyTable: boolean;
  sort: number;
  dailyNorm: number | null;
  weight: number;
}

export function createActivityType(input: ActivityTypeInput): Promise<ActivityType> {
  return api("/activity-types", activityTypeSchema, { method: "POST", json: input });
}

export function updateActivityType(
  id: string,
  patch: Partial<ActivityTypeInput> & { version: number },
): Promise<ActivityType> {
  return api(`/activity-types/${id}`, activityTypeSchema, { method: "PATCH", json: patch });
}

export function deleteActivityType(id: string): Promise<void> {
  return apiVoid(`/activity-types/${id}`, { method: "DELETE" });
}

// Look-ups for the links of an activity ------------------------------------------------------------
export type LinkEntity = "deals" | "companies" | "contacts";

export interface LinkOption {
  id: string;
  name: string;
  hint: string | null;
  /** A deal's or contact's company, so choosing a deal can fill in the other links. */
  company?: { id: string; name: string } | null;
  contact?: { id: string; name: string } | null;
}

const dealPageSchema = pageSchema(dealSchema);
const companyPageSchema = pageSchema(companySchema);
const contactPageSchema = pageSchema(contactSchema);

async function searchLinks(entity: LinkEntity, q: string | undefined, signal: AbortSignal): Promise<LinkOption[]> {
  const query = { q, limit: 20 };
  if (entity === "deals") {
    const page = await api("/deals", dealPageSchema, { signal, query });
    return page.items.map((deal) => ({
      id: deal.id,
      name: deal.title,
      hint: deal.company?.name ?? null,
      company: deal.company,
      contact: deal.contact,
    }));
  }
  if (entity === "companies") {
    const page = await api("/companies", companyPageSchema, { signal, query });
    return page.items.map((company) => ({ id: company.id, name: company.name, hint: company.city }));
  }
  const page = await api("/contacts", contactPageSchema, { signal, query });
  return page.items.map((contact) => ({
    id: contact.id,
    name: contact.name,
    hint: contact.company?.name ?? null,
    company: contact.company,
  }));
}

export function linkSearchQuery(entity: LinkEntity, q: string | undefined, enabled: boolean) {
  return queryOptions({
    queryKey: ["activities", "links", entity, q ?? ""],
    queryFn: ({ signal }) => searchLinks(entity, q, signal),
    enabled,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
}

async function fetchLink(entity: LinkEntity, id: string, signal: AbortSignal): Promise<LinkOption> {
  if (entity === "deals") {
    const deal = await api(`/deals/${id}`, dealSchema, { signal });
    return { id, name: deal.title, hint: deal.company?.name ?? null, company: deal.company, contact: deal.contact };
  }
  if (entity === "companies") {
    const company = await api(`/companies/${id}`, companySchema, { signal });
    return { id, name: company.name, hint: company.city };
  }
  const contact = await api(`/contacts/${id}`, contactSchema, { signal });
  return { id, name: contact.name, hint: contact.company?.name ?? null, company: contact.company };
}

/** The name of a link known only by its id (e.g. a deal card opens the dialog with `dealId`). */
export function linkQuery(entity: LinkEntity, id: string | null, enabled: boolean) {
  return queryOptions({
    queryKey: ["activities", "link", entity, id],
    queryFn: ({ signal }) => fetchLink(entity, id ?? "", signal),
    enabled: enabled && id !== null,
    staleTime: 60_000,
    retry: false,
  });
}

/** After an activity changes: my lists, the overdue badge, and the timelines of CRM cards. */
export function refreshActivityViews(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: ["activities"] });
  void queryClient.invalidateQueries({
    predicate: (query) => query.queryKey[0] === "crm" && query.queryKey[2] === "timeline",
  });
}
