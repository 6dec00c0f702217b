import {
  approvedBonusSheetSchema,
  type BonusSchemeWrite,
  bonusApprovalSchema,
  bonusSchemeListSchema,
  bonusSchemeSchema,
  bonusSheetSchema,
  reconciliationLineSchema,
  reconciliationSchema,
} from "@planerka/common";
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api, apiUrl, apiVoid } from "../../lib/api";

/** Bonus schemes, sheets and their approval, and the reconciliation with 1C (server/src/modules/bonuses). */

export const bonusSchemesQuery = queryOptions({
  queryKey: ["bonuses", "schemes"],
  queryFn: ({ signal }) => api("/bonus-schemes", bonusSchemeListSchema, { signal }),
});

export function createBonusScheme(body: BonusSchemeWrite) {
  return api("/bonus-schemes", bonusSchemeSchema, { method: "POST", json: body });
}

export function updateBonusScheme(id: string, body: Partial<BonusSchemeWrite> & { version: number }) {
  return api(`/bonus-schemes/${id}`, bonusSchemeSchema, { method: "PATCH", json: body });
}

export function deleteBonusScheme(id: string) {
  return apiVoid(`/bonus-schemes/${id}`, { method: "DELETE" });
}

/**
 * Without a unit the server picks the caller's own: a manager's row, a head's units, a top's company.
 * The lines come without their deal lists (a company's half-year holds tens of thousands of deals);
 * an opened row loads its person's deals with `bonusDealsQuery`.
 */
export function bonusSheetQuery(period: string, unitId: string | null) {
  return queryOptions({
    queryKey: ["bonuses", "sheet", period, unitId],
    queryFn: ({ signal }) =>
      api("/bonuses", bonusSheetSchema, { signal, query: { period, unitId: unitId ?? undefined, deals: "none" } }),
    placeholderData: keepPreviousData,
  });
}

/** One person's line with every deal: from the approved sheet when it is frozen, else as it stands. */
export function bonusDealsQuery(period: string, unitId: string | null, userId: string, frozen: boolean) {
  return queryOptions({
    queryKey: ["bonuses", "deals", period, unitId, userId, frozen],
    queryFn: async ({ signal }) => {
      const query = { period, unitId: unitId ?? undefined, userId };
      const sheet = frozen
        ? (await api("/bonus-sheets", approvedBonusSheetSchema, { signal, query })).sheet
        : await api("/bonuses", bonusSheetSchema, { signal, query });
      return sheet?.items[0] ?? null;
    },
  });
}

/**
 * The approved (frozen) sheet, if any, and what would differ if it were computed now. Without a
 * unit the server looks for the caller's: the units they head, else the units above them.
 */
export function approvedBonusSheetQuery(period: string, unitId: string | null) {
  return queryOptions({
    queryKey: ["bonuses", "approved", period, unitId],
    queryFn: ({ signal }) =>
      api("/bonus-sheets", approvedBonusSheetSchema, {
        signal,
        query: { period, unitId: unitId ?? undefined, deals: "none" },
      }),
  });
}

export function approveBonusSheet(period: string, unitId: string) {
  return api("/bonus-sheets", bonusApprovalSchema, { method: "POST", json: { period, unitId } });
}

/** The workbook of what the screen shows: a plain link, so the browser downloads it itself. */
export function bonusExportUrl(period: string, unitId: string | null): string {
  return apiUrl("/bonuses/export.xlsx", { period, unitId: unitId ?? undefined });
}

export function reconciliationQuery(period: string, unitId: string | null, includeAccepted: boolean) {
  return queryOptions({
    queryKey: ["bonuses", "reconciliation", period, unitId, includeAccepted],
    queryFn: ({ signal }) =>
      api("/reconciliation", reconciliationSchema, {
        signal,
        query: { period, unitId: unitId ?? undefined, includeAccepted: String(includeAccepted) },
      }),
    placeholderData: keepPreviousData,
  });
}

export function acceptReconciliationLine(period: string, key: string, comment: string) {
  return api("/reconciliation/accept", reconciliationLineSchema, { method: "POST", json: { period, key, comment } });
}
