import type { Lead } from "@planerka/common";
import { sql } from "drizzle-orm";
import { searchDocument } from "../../platform/db/schema";
import { documentHolds } from "../../platform/db/search-words";
import { toIsoOrNull } from "../../platform/db/sql-values";
import type { AccessScope } from "../../platform/scope/access-scope";
import { common, recordAbilities } from "./crm-presenters";
import { nullable, type ResourceSpec } from "./crm-resource";

export interface LeadRow {
  id: string;
  title: string;
  source: string | null;
  status: Lead["status"];
  contactName: string | null;
  companyName: string | null;
  phone: string | null;
  email: string | null;
  comment: string | null;
  ownerId: string;
  ownerUnitId: string;
  ownerName: string;
  convertedDealId: string | null;
  convertedAt: Date | null;
  externalId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

export const leadSpec: ResourceSpec = {
  entity: "leads",
  auditName: "lead",
  table: sql`leads`,
  alias: sql`l`,
  from: () => sql`leads l join users o on o.id = l.owner_id`,
  columns: sql`l.id, l.title, l.source, l.status, l.contact_name as "contactName", l.company_name as "companyName",
    l.phone, l.email, l.comment, l.owner_id as "ownerId", o.unit_id as "ownerUnitId", o.name as "ownerName", l.converted_deal_id as "convertedDealId",
    l.converted_at as "convertedAt", l.external_id as "externalId", l.version, l.created_at as "createdAt",
    l.updated_at as "updatedAt", l.deleted_at as "deletedAt"`,
  sorts: {
    title: sql`l.title`,
    status: sql`l.status`,
    source: nullable(sql`l.source`),
    createdAt: sql`l.created_at`,
    updatedAt: sql`l.updated_at`,
    owner: sql`(select name from users where id = l.owner_id)`,
  },
  defaultSort: "-createdAt",
  filters: {
    ownerId: { kind: "uuidList", column: sql`l.owner_id` },
    status: { kind: "equals", column: sql`l.status` },
    source: { kind: "equals", column: sql`l.source` },
    createdFrom: { kind: "from", column: sql`l.created_at::date` },
    createdTo: { kind: "to", column: sql`l.created_at::date` },
  },
  search: (word) => documentHolds(searchDocument("leads", "l"), word),
};

export function presentLead(row: LeadRow, scope: AccessScope): Lead {
  return {
    ...common(row),
    abilities: recordAbilities(scope, "leads", row),
    title: row.title,
    source: row.source,
    status: row.status,
    contactName: row.contactName,
    companyName: row.companyName,
    phone: row.phone,
    email: row.email,
    comment: row.comment,
    ownerId: row.ownerId,
    ownerName: row.ownerName,
    convertedDealId: row.convertedDealId,
    convertedAt: toIsoOrNull(row.convertedAt),
    externalId: row.externalId,
  };
}
