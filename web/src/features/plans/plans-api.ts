import { importRowErrorSchema, planListSchema } from "@planerka/common";
import { queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import { api, apiMultipart } from "../../lib/api";

export function plansQuery(year: number, unitId: string | null) {
  return queryOptions({
    queryKey: ["plans", year, unitId],
    queryFn: ({ signal }) => api("/plans", planListSchema, { signal, query: { year, unitId: unitId ?? undefined } }),
  });
}

export function setPlan(userId: string, month: string, amount: number) {
  return api(`/plans/${userId}/${month}`, z.object({ amount: z.number() }), { method: "PUT", json: { amount } });
}

export function copyPlans(from: string, to: string, unitId: string | null) {
  return api("/plans/copy", z.object({ copied: z.number() }), {
    method: "POST",
    json: { from, to, ...(unitId ? { unitId } : {}) },
  });
}

const importResultSchema = z.object({
  saved: z.number(),
  errors: z.array(importRowErrorSchema),
});

/** A workbook with the columns «Логин», «Месяц», «Сумма». */
export function importPlans(file: File) {
  const body = new FormData();
  body.append("file", file, file.name);
  return apiMultipart("/plans/import", body, importResultSchema);
}
