import { dealSchema, pageSchema, unitActivitySchema, unitCabinetSchema, workflowCountsSchema } from "@planerka/common";
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api } from "../../lib/api";

export function unitCabinetQuery(unitId: string, month: string | undefined, date: string | undefined) {
  return queryOptions({
    queryKey: ["head-cabinet", unitId, month ?? null, date ?? null],
    queryFn: ({ signal }) => api(`/cabinet/units/${unitId}`, unitCabinetSchema, { signal, query: { month, date } }),
    placeholderData: keepPreviousData,
  });
}

/** The month's activity and task counts of the unit's people and units (the «Активность» columns). */
export function unitActivityQuery(unitId: string, month: string | undefined) {
  return queryOptions({
    queryKey: ["head-cabinet", "activity", unitId, month ?? null],
    queryFn: ({ signal }) => api(`/cabinet/units/${unitId}/activity`, unitActivitySchema, { signal, query: { month } }),
    select: (answer) => ({
      units: new Map(answer.units.map((entry) => [entry.unitId, entry.counts])),
      users: new Map(answer.users.map((entry) => [entry.userId, entry.counts])),
    }),
    placeholderData: keepPreviousData,
  });
}

export const dealSortKeys = [
  "company",
  "title",
  "stage",
  "amount",
  "createdAt",
  "expectedCloseDate",
  "lastActivityAt",
] as const;
export type DealSortKey = (typeof dealSortKeys)[number];
export interface DealSort {
  key: DealSortKey;
  desc: boolean;
}

/** A page of the open-deals popup; every deal is reachable through the pages. */
export const openDealsPageSize = 50;

export function openDealsQuery(ownerId: string, sort: DealSort, page: number) {
  return queryOptions({
    queryKey: ["head-cabinet", "open-deals", ownerId, sort.key, sort.desc, page],
    queryFn: ({ signal }) =>
      api("/deals", pageSchema(dealSchema), {
        signal,
        query: {
          ownerId,
          semantic: "open",
          limit: openDealsPageSize,
          offset: (page - 1) * openDealsPageSize,
          sort: `${sort.desc ? "-" : ""}${sort.key}`,
        },
      }),
    placeholderData: keepPreviousData,
  });
}

/** The API answers at most this many people at once; the table shows fewer than that expanded. */
const countsBatch = 500;

/** Running and stalled workflows of the employees shown in the roll-up, for their badges. */
export function workflowCountsOfQuery(userIds: readonly string[]) {
  const ids = [...userIds].sort().slice(0, countsBatch);
  return queryOptions({
    queryKey: ["workflows", "counts", "many", ids],
    enabled: ids.length > 0,
    queryFn: async ({ signal }) => {
      const search = new URLSearchParams(ids.map((id) => ["userId", id]));
      const answer = await api(`/workflow-instances/counts?${search}`, workflowCountsSchema, { signal });
      return new Map(answer.items.map((item) => [item.userId, { running: item.running, stalled: item.stalled }]));
    },
    staleTime: 30_000,
  });
}
