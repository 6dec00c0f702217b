import { dealSchema, pageSchema, unitCabinetSchema } from "@planerka/common";
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
