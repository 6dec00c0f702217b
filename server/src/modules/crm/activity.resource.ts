import type { Activity, ActivityCategory } from "@planerka/common";
import { type SQL, sql } from "drizzle-orm";
import { searchDocument } from "../../platform/db/schema";
import { documentHolds } from "../../platform/db/search-words";
import { toIso, toIsoOrNull } from "../../platform/db/sql-values";
import type { AccessScope } from "../../platform/scope/access-scope";
import { cancelActivityMeeting, restoreActivityMeeting } from "../calendar/activity-meeting.service";
import { common, recordAbilities, reference } from "./crm-presenters";
import { linkVisible, nullable, type ResourceSpec } from "./crm-resource";

export interface ActivityRow {
  id: string;
  typeId: string;
  typeCode: string;
  typeName: string;
  typeCategory: ActivityCategory;
  subject: string;
  description: string | null;
  dueAt: Date;
  durationMinutes: number;
  ownerId: string;
  ownerUnitId: string;
  ownerName: string;
  createdBy: string | null;
  completedAt: Date | null;
  result: string | null;
  state: "active" | "completed" | "overdue";
  origin: string;
  recordingUrl: string | null;
  dealId: string | null;
  dealTitle: string | null;
  leadId: string | null;
  leadTitle: string | null;
  companyId: string | null;
  companyName: string | null;
  contactId: string | null;
  contactName: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

/**
 * Linked records are joined only when the caller may see them: an activity on someone else's deal
 * shows no deal title to a manager who cannot open that deal.
 */

const activityColumns = sql`a.id, a.type_id as "typeId", t.code as "typeCode", t.name as "typeName", t.category as "typeCategory",
  a.subject, a.description, a.due_at as "dueAt", a.duration_minutes as "durationMinutes", a.owner_id as "ownerId",
  o.unit_id as "ownerUnitId", o.name as "ownerName", a.created_by as "createdBy", a.completed_at as "completedAt", a.result,
  case when a.completed_at is not null then 'completed' when a.due_at < now() then 'overdue' else 'active' end as state,
  a.origin, a.recording_url as "recordingUrl", d.id as "dealId", d.title as "dealTitle", l.id as "leadId", l.title as "leadTitle",
  c.id as "companyId", c.name as "companyName", p.id as "contactId", p.name as "contactName",
  a.version, a.created_at as "createdAt", a.updated_at as "updatedAt", a.deleted_at as "deletedAt"`;

const stateFilter = (value: string): SQL => {
  if (value === "completed") return sql`a.completed_at is not null`;
  if (value === "overdue") return sql`a.completed_at is null and a.due_at < now()`;
  if (value === "active") return sql`a.completed_at is null and a.due_at >= now()`;
  if (value === "open") return sql`a.completed_at is null`;
  return sql`false`;
};

const activityFilters: ResourceSpec["filters"] = {
  ownerId: { kind: "uuidList", column: sql`a.owner_id` },
  typeId: { kind: "uuidList", column: sql`a.type_id` },
  dealId: { kind: "equals", column: sql`a.deal_id` },
  leadId: { kind: "equals", column: sql`a.lead_id` },
  companyId: { kind: "equals", column: sql`a.company_id` },
  contactId: { kind: "equals", column: sql`a.contact_id` },
  dueFrom: { kind: "from", column: sql`a.due_at` },
  dueTo: { kind: "to", column: sql`a.due_at` },
  state: { kind: "custom", build: stateFilter },
  createdFrom: { kind: "from", column: sql`a.created_at::date` },
  createdTo: { kind: "to", column: sql`a.created_at::date` },
};

export const activitySpec: ResourceSpec = {
  entity: "activities",
  auditName: "activity",
  table: sql`activities`,
  alias: sql`a`,
  from: (scope: AccessScope) => sql`activities a
    join activity_types t on t.id = a.type_id
    join users o on o.id = a.owner_id
    left join deals d on d.id = a.deal_id and ${linkVisible(scope, "deals", "d")}
    left join leads l on l.id = a.lead_id and ${linkVisible(scope, "leads", "l")}
    left join companies c on c.id = a.company_id and ${linkVisible(scope, "companies", "c")}
    left join contacts p on p.id = a.contact_id and ${linkVisible(scope, "contacts", "p")}`,
  columns: activityColumns,
  sorts: {
    dueAt: sql`a.due_at`,
    completedAt: nullable(sql`a.completed_at`),
    subject: sql`a.subject`,
    createdAt: sql`a.created_at`,
    type: sql`a.type_id`,
  },
  defaultSort: "dueAt",
  filters: activityFilters,
  search: (word) => documentHolds(searchDocument("activities", "a"), word),
  afterDelete: (executor, actor, id) => cancelActivityMeeting(executor, actor, id),
  afterRestore: (executor, _actor, id) => restoreActivityMeeting(executor, id),
};

export function presentActivity(row: ActivityRow, scope: AccessScope): Activity {
  return {
    ...common(row),
    abilities: recordAbilities(scope, "activities", row),
    typeId: row.typeId,
    type: { id: row.typeId, code: row.typeCode, name: row.typeName, category: row.typeCategory },
    subject: row.subject,
    description: row.description,
    dueAt: toIso(row.dueAt),
    durationMinutes: row.durationMinutes,
    ownerId: row.ownerId,
    ownerName: row.ownerName,
    createdBy: row.createdBy,
    completedAt: toIsoOrNull(row.completedAt),
    result: row.result,
    state: row.state,
    origin: row.origin,
    recordingUrl: row.recordingUrl,
    dealId: row.dealId,
    deal: reference(row.dealId, row.dealTitle),
    leadId: row.leadId,
    lead: reference(row.leadId, row.leadTitle),
    companyId: row.companyId,
    company: reference(row.companyId, row.companyName),
    contactId: row.contactId,
    contact: reference(row.contactId, row.contactName),
  };
}
