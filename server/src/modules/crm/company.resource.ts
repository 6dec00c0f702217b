import type { Company } from "@planerka/common";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/database";
import { searchDocument } from "../../platform/db/schema";
import { documentHolds } from "../../platform/db/search-words";
import type { AccessScope } from "../../platform/scope/access-scope";
import { assertBinFreeOrThrow } from "./company-bin";
import { common, recordAbilities } from "./crm-presenters";
import { nullable, type ResourceSpec } from "./crm-resource";

export interface CompanyRow {
  id: string;
  name: string;
  bin: string | null;
  phones: string[];
  emails: string[];
  address: string | null;
  city: string | null;
  industry: string | null;
  ownerId: string;
  ownerUnitId: string;
  ownerName: string;
  externalId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

export const companySpec: ResourceSpec = {
  // A deleted company's BIN is free for another; bringing it back checks the BIN again.
  afterRestore: async (executor, actor, id, { allowDuplicateBin }) => {
    const [row] = await rows<{ bin: string | null }>(executor, sql`select bin from companies where id = ${id}`);
    await assertBinFreeOrThrow(executor, actor, { bin: row?.bin, exceptId: id, allowDuplicate: allowDuplicateBin });
  },
  entity: "companies",
  auditName: "company",
  table: sql`companies`,
  alias: sql`c`,
  from: () => sql`companies c join users o on o.id = c.owner_id`,
  columns: sql`c.id, c.name, c.bin, c.phones, c.emails, c.address, c.city, c.industry, c.owner_id as "ownerId", o.unit_id as "ownerUnitId",
    o.name as "ownerName", c.external_id as "externalId", c.version, c.created_at as "createdAt",
    c.updated_at as "updatedAt", c.deleted_at as "deletedAt"`,
  sorts: {
    name: sql`c.name`,
    city: nullable(sql`c.city`),
    industry: nullable(sql`c.industry`),
    bin: nullable(sql`c.bin`),
    createdAt: sql`c.created_at`,
    updatedAt: sql`c.updated_at`,
    owner: sql`(select name from users where id = c.owner_id)`,
  },
  defaultSort: "name",
  filters: {
    ownerId: { kind: "uuidList", column: sql`c.owner_id` },
    city: { kind: "equals", column: sql`c.city` },
    industry: { kind: "equals", column: sql`c.industry` },
    createdFrom: { kind: "from", column: sql`c.created_at::date` },
    createdTo: { kind: "to", column: sql`c.created_at::date` },
  },
  search: (word) => documentHolds(searchDocument("companies", "c"), word),
};

export function presentCompany(row: CompanyRow, scope: AccessScope): Company {
  return {
    ...common(row),
    abilities: recordAbilities(scope, "companies", row),
    name: row.name,
    bin: row.bin,
    phones: row.phones,
    emails: row.emails,
    address: row.address,
    city: row.city,
    industry: row.industry,
    ownerId: row.ownerId,
    ownerName: row.ownerName,
    externalId: row.externalId,
  };
}
