import { fromTiyn, type HangingDeal, type StartActivity, toTiyn } from "@planerka/common";
import { toIso, toIsoOrNull } from "../../platform/db/sql-values";
import type { ActivityRow, HangingDealRow } from "./start.queries";

const named = (id: string | null, name: string | null) => (id && name !== null ? { id, name } : null);

export function presentStartActivity(row: ActivityRow): StartActivity {
  return {
    id: row.id,
    typeId: row.typeId,
    typeName: row.typeName,
    category: row.category,
    subject: row.subject,
    dueAt: toIso(row.dueAt),
    completedAt: toIsoOrNull(row.completedAt),
    state: row.state,
    deal: named(row.dealId, row.dealTitle),
    lead: named(row.leadId, row.leadTitle),
    company: named(row.companyId, row.companyName),
    contact: named(row.contactId, row.contactName),
  };
}

export function presentHangingDeal(row: HangingDealRow): HangingDeal {
  return {
    id: row.id,
    title: row.title,
    amount: fromTiyn(toTiyn(row.amount)),
    stage: { id: row.stageId, name: row.stageName, color: row.stageColor },
    owner: { id: row.ownerId, name: row.ownerName },
    company: named(row.companyId, row.companyName),
    lastActivityAt: toIsoOrNull(row.lastActivityAt),
    idleSince: toIso(row.idleSince),
    idleDays: Number(row.idleDays),
  };
}
