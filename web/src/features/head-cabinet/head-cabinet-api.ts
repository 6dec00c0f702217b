import { dealSchema, pageSchema, unitCabinetSchema, workflowCountsSchema } from "@planerka/common";
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api } from "../../app/api";

export function unitCabinetQuery(unitId: string, month: string | undefined, date: string | undefined) {
  return queryOptions({
    queryKey: ["head-cabinet", unitId, month ?? null, date ?? null],
    queryFn: ({ signal }) => api(`/cabinet/units/${unitId}`, unitCabinetSchema, { signal, query: { month, date } }),
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

export const openDealsLimit = 100;

export function openDealsQuery(ownerId: string, sort: DealSort) {
  return queryOptions({
    queryKey: ["head-cabinet", "open-deals", ownerId, sort.key, sort.desc],
    queryFn: ({ signal }) =>
      api("/deals", pageSchema(dealSchema), {
        signal,
        query: {
          ownerId,
          semantic: "open",
          limit: openDealsLimit,
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
