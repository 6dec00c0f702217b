import { pageSchema, type Unit, type UnitKind, unitSchema } from "@planerka/common";
import { queryOptions } from "@tanstack/react-query";
import { api, apiVoid } from "../../lib/api";

const unitPageSchema = pageSchema(unitSchema);

export const unitsQuery = queryOptions({
  queryKey: ["units"],
  queryFn: ({ signal }) => api("/units", unitPageSchema, { signal }),
  select: (page) => page.items,
});

export interface UnitInput {
  name: string;
  kind: UnitKind;
  parentId: string | null;
  headUserId: string | null;
}

export function createUnit(input: UnitInput): Promise<Unit> {
  return api("/units", unitSchema, { method: "POST", json: input });
}

export function updateUnit(id: string, patch: Partial<UnitInput> & { version: number }): Promise<Unit> {
  return api(`/units/${id}`, unitSchema, { method: "PATCH", json: patch });
}

export function deleteUnit(id: string): Promise<void> {
  return apiVoid(`/units/${id}`, { method: "DELETE" });
}
