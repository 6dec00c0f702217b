import type { Deal, StageSemantic } from "@planerka/common";
import { sql } from "drizzle-orm";
import { searchDocument } from "../../platform/db/schema";
import { documentHolds } from "../../platform/db/search-words";
import { toIso, toIsoOrNull } from "../../platform/db/sql-values";
import type { AccessScope } from "../../platform/scope/access-scope";
import { common, recordAbilities, reference } from "./crm-presenters";
import { linkVisible, nullable, type ResourceSpec } from "./crm-resource";
import { dealTotalFromTotals } from "./deal-totals.queries";

export interface DealRow {
  id: string;
  number: number;
  title: string;
  pipelineId: string;
  stageId: string;
  stageName: string;
  stageColor: string;
  stageSemantic: StageSemantic;
  amount: string;
  ownerId: string;
  ownerUnitId: string;
  ownerName: string;
  companyId: string | null;
  companyName: string | null;
  contactId: string | null;
  contactName: string | null;
  expectedCloseDate: string | null;
  closedAt: Date | null;
  stageChangedAt: Date;
  lastActivityAt: Date | null;
  source: string | null;
  externalId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

export const dealSpec: ResourceSpec = {
  entity: "deals",
  auditName: "deal",
  table: sql`deals`,
  alias: sql`d`,
  from: (scope: AccessScope) => sql`deals d
    join stages s on s.id = d.stage_id
    join users o on o.id = d.owner_id
    left join companies c on c.id = d.company_id and ${linkVisible(scope, "companies", "c")}
    left join contacts p on p.id = d.contact_id and ${linkVisible(scope, "contacts", "p")}`,
  columns: sql`d.id, d.number::int as number, d.title, d.pipeline_id as "pipelineId", d.stage_id as "stageId",
    s.name as "stageName", s.color as "stageColor", s.semantic as "stageSemantic", d.amount::text as amount,
    d.owner_id as "ownerId", o.unit_id as "ownerUnitId", o.name as "ownerName", c.id as "companyId", c.name as "companyName",
    p.id as "contactId", p.name as "contactName", d.expected_close_date::text as "expectedCloseDate",
    d.closed_at as "closedAt", d.stage_changed_at as "stageChangedAt",
    (select max(coalesce(a.completed_at, a.created_at)) from activities a where a.deal_id = d.id and a.deleted_at is null) as "lastActivityAt",
    d.source, d.external_id as "externalId", d.version, d.created_at as "createdAt", d.updated_at as "updatedAt",
    d.deleted_at as "deletedAt"`,
  sorts: {
    number: sql`d.number`,
    title: sql`d.title`,
    amount: sql`d.amount`,
    stage: sql`(select sort from stages where id = d.stage_id)`,
    createdAt: sql`d.created_at`,
    updatedAt: sql`d.updated_at`,
    stageChangedAt: sql`d.stage_changed_at`,
    closedAt: nullable(sql`d.closed_at`),
    expectedCloseDate: nullable(sql`d.expected_close_date`),
    company: nullable(sql`(select name from companies where id = d.company_id)`),
    owner: sql`(select name from users where id = d.owner_id)`,
    lastActivityAt: nullable(
      sql`(select max(coalesce(a.completed_at, a.created_at)) from activities a where a.deal_id = d.id)`,
    ),
  },
  defaultSort: "-createdAt",
  totalFromSummary: dealTotalFromTotals,
  filters: {
    ownerId: { kind: "uuidList", column: sql`d.owner_id` },
    pipelineId: { kind: "equals", column: sql`d.pipeline_id` },
    stageId: { kind: "uuidList", column: sql`d.stage_id` },
    semantic: {
      kind: "custom",
      build: (value) => sql`d.stage_id in (select id from stages where semantic = ${value})`,
    },
    companyId: { kind: "equals", column: sql`d.company_id` },
    contactId: { kind: "equals", column: sql`d.contact_id` },
    city: { kind: "custom", build: (value) => sql`d.company_id in (select id from companies where city = ${value})` },
    amountMin: { kind: "min", column: sql`d.amount` },
    amountMax: { kind: "max", column: sql`d.amount` },
    createdFrom: { kind: "from", column: sql`d.created_at` },
    createdTo: { kind: "to", column: sql`d.created_at` },
    closedFrom: { kind: "from", column: sql`d.closed_at` },
    closedTo: { kind: "to", column: sql`d.closed_at` },
    expectedFrom: { kind: "from", column: sql`d.expected_close_date` },
    expectedTo: { kind: "to", column: sql`d.expected_close_date` },
    source: { kind: "equals", column: sql`d.source` },
  },
  // A deal is found by its title, its number or its company's name (a company the caller may read).
  // `= any(array(…))` lets the companies' trigram index pick the companies first and the deals'
  // company index find their deals; `in (…)` inside the `or` would read every deal.
  search: (word, scope) => sql`${documentHolds(sql`d.title`, word)}
    ${word.number === undefined ? sql`` : sql`or d.number = ${word.number}`}
    or d.company_id = any(array(
      select c.id from companies c
      where ${searchDocument("companies", "c")} ilike ${word.pattern} and c.name ilike ${word.pattern}
        and ${linkVisible(scope, "companies", "c")}))`,
};

export function presentDeal(row: DealRow, scope: AccessScope): Deal {
  return {
    ...common(row),
    abilities: recordAbilities(scope, "deals", row),
    number: Number(row.number),
    title: row.title,
    pipelineId: row.pipelineId,
    stageId: row.stageId,
    stage: { id: row.stageId, name: row.stageName, color: row.stageColor, semantic: row.stageSemantic },
    amount: Number(row.amount),
    ownerId: row.ownerId,
    ownerName: row.ownerName,
    companyId: row.companyId,
    company: reference(row.companyId, row.companyName),
    contactId: row.contactId,
    contact: reference(row.contactId, row.contactName),
    expectedCloseDate: row.expectedCloseDate,
    closedAt: toIsoOrNull(row.closedAt),
    stageChangedAt: toIso(row.stageChangedAt),
    lastActivityAt: toIsoOrNull(row.lastActivityAt),
    source: row.source,
    externalId: row.externalId,
  };
}
