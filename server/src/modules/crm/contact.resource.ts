import type { Contact } from "@planerka/common";
import { sql } from "drizzle-orm";
import { searchDocument } from "../../platform/db/schema";
import { documentHolds } from "../../platform/db/search-words";
import type { AccessScope } from "../../platform/scope/access-scope";
import { common, recordAbilities, reference } from "./crm-presenters";
import { linkVisible, nullable, type ResourceSpec } from "./crm-resource";

export interface ContactRow {
  id: string;
  name: string;
  position: string | null;
  phones: string[];
  emails: string[];
  companyId: string | null;
  companyName: string | null;
  ownerId: string;
  ownerUnitId: string;
  ownerName: string;
  externalId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

export const contactSpec: ResourceSpec = {
  entity: "contacts",
  auditName: "contact",
  table: sql`contacts`,
  alias: sql`p`,
  from: (scope: AccessScope) => sql`contacts p join users o on o.id = p.owner_id
    left join companies c on c.id = p.company_id and ${linkVisible(scope, "companies", "c")}`,
  columns: sql`p.id, p.name, p.position, p.phones, p.emails, c.id as "companyId", c.name as "companyName",
    p.owner_id as "ownerId", o.unit_id as "ownerUnitId", o.name as "ownerName", p.external_id as "externalId", p.version,
    p.created_at as "createdAt", p.updated_at as "updatedAt", p.deleted_at as "deletedAt"`,
  sorts: {
    name: sql`p.name`,
    position: nullable(sql`p.position`),
    createdAt: sql`p.created_at`,
    updatedAt: sql`p.updated_at`,
    company: nullable(sql`(select name from companies where id = p.company_id)`),
    owner: sql`(select name from users where id = p.owner_id)`,
  },
  defaultSort: "name",
  filters: {
    ownerId: { kind: "uuidList", column: sql`p.owner_id` },
    companyId: { kind: "equals", column: sql`p.company_id` },
    createdFrom: { kind: "from", column: sql`p.created_at::date` },
    createdTo: { kind: "to", column: sql`p.created_at::date` },
  },
  search: (word) => documentHolds(searchDocument("contacts", "p"), word),
};

export function presentContact(row: ContactRow, scope: AccessScope): Contact {
  return {
    ...common(row),
    abilities: recordAbilities(scope, "contacts", row),
    name: row.name,
    position: row.position,
    phones: row.phones,
    emails: row.emails,
    companyId: row.companyId,
    company: reference(row.companyId, row.companyName),
    ownerId: row.ownerId,
    ownerName: row.ownerName,
    externalId: row.externalId,
  };
}
