import { type SQL, sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { bytea } from "./column-types";
import { users } from "./schema";

/**
 * The fields the CRM lists search, per table: one text (fields joined by newlines, which no search
 * word holds, by `planerka_search_text`, migration 0033) under a trigram index (`gin_trgm_ops`).
 * The lists search this very expression (`search` in `modules/crm/*.resource.ts`, with
 * `documentHolds` from `search-words.ts`), so the index serves them.
 */
const searchedFields = {
  companies: { texts: ["name", "bin", "city"], arrays: ["emails", "phones"] },
  contacts: { texts: ["name", "position"], arrays: ["emails", "phones"] },
  leads: { texts: ["title", "contact_name", "company_name", "email", "phone"], arrays: [] },
  activities: { texts: ["subject", "description"], arrays: [] },
} as const;

/** The searched text of a row of `table`; `alias` is the query's name for the table (none in the index). */
export function searchDocument(table: keyof typeof searchedFields, alias?: string): SQL {
  const { texts, arrays } = searchedFields[table];
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  const parts = [`array[${texts.map(column).join(", ")}]`, ...arrays.map(column)].join(" || ");
  return sql.raw(`planerka_search_text(${parts})`);
}

const trigramIndex = (name: string, table: keyof typeof searchedFields) =>
  index(name).using("gin", sql`${searchDocument(table)} gin_trgm_ops`);

const owned = {
  ownerId: uuid("owner_id")
    .notNull()
    .references(() => users.id),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  deletedAt: timestamp("deleted_at", { withTimezone: true }),
  version: integer("version").notNull().default(1),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
};

export const pipelines = pgTable("pipelines", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  sort: integer("sort").notNull().default(0),
  isDefault: boolean("is_default").notNull().default(false),
  version: integer("version").notNull().default(1),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const stages = pgTable(
  "stages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    pipelineId: uuid("pipeline_id")
      .notNull()
      .references(() => pipelines.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    sort: integer("sort").notNull(),
    color: text("color").notNull().default("#228be6"),
    semantic: text("semantic").notNull(),
  },
  (table) => [index("stages_pipeline_idx").on(table.pipelineId, table.sort)],
);

export const companies = pgTable(
  "companies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    bin: text("bin"),
    phones: text("phones").array().notNull().default(sql`'{}'`),
    emails: text("emails").array().notNull().default(sql`'{}'`),
    address: text("address"),
    city: text("city"),
    industry: text("industry"),
    externalId: text("external_id"),
    ...owned,
  },
  (table) => [
    index("companies_owner_idx").on(table.ownerId),
    index("companies_name_idx").on(table.name),
    index("companies_bin_idx").on(table.bin),
    // A call's number and a letter's address find their client (telephony, incoming mail).
    index("companies_phones_idx").using("gin", table.phones),
    index("companies_emails_idx").using("gin", table.emails),
    trigramIndex("companies_search_idx", "companies"),
    uniqueIndex("companies_external_idx").on(table.externalId),
  ],
);

export const contacts = pgTable(
  "contacts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    position: text("position"),
    phones: text("phones").array().notNull().default(sql`'{}'`),
    emails: text("emails").array().notNull().default(sql`'{}'`),
    companyId: uuid("company_id").references(() => companies.id),
    externalId: text("external_id"),
    ...owned,
  },
  (table) => [
    index("contacts_owner_idx").on(table.ownerId),
    index("contacts_company_idx").on(table.companyId),
    index("contacts_name_idx").on(table.name),
    index("contacts_phones_idx").using("gin", table.phones),
    index("contacts_emails_idx").using("gin", table.emails),
    trigramIndex("contacts_search_idx", "contacts"),
    uniqueIndex("contacts_external_idx").on(table.externalId),
  ],
);

export const leads = pgTable(
  "leads",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    title: text("title").notNull(),
    source: text("source"),
    status: text("status").notNull().default("new"),
    contactName: text("contact_name"),
    companyName: text("company_name"),
    phone: text("phone"),
    email: text("email"),
    comment: text("comment"),
    convertedDealId: uuid("converted_deal_id"),
    convertedAt: timestamp("converted_at", { withTimezone: true }),
    externalId: text("external_id"),
    ...owned,
  },
  (table) => [
    index("leads_owner_idx").on(table.ownerId),
    trigramIndex("leads_search_idx", "leads"),
    uniqueIndex("leads_external_idx").on(table.externalId),
  ],
);

export const deals = pgTable(
  "deals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    number: bigint("number", { mode: "number" }).generatedAlwaysAsIdentity(),
    title: text("title").notNull(),
    pipelineId: uuid("pipeline_id")
      .notNull()
      .references(() => pipelines.id),
    stageId: uuid("stage_id")
      .notNull()
      .references(() => stages.id),
    amount: numeric("amount", { precision: 18, scale: 2 }).notNull().default("0"),
    companyId: uuid("company_id").references(() => companies.id),
    contactId: uuid("contact_id").references(() => contacts.id),
    expectedCloseDate: date("expected_close_date", { mode: "string" }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    stageChangedAt: timestamp("stage_changed_at", { withTimezone: true }).notNull().defaultNow(),
    source: text("source"),
    externalId: text("external_id"),
    ...owned,
  },
  (table) => [
    uniqueIndex("deals_number_idx").on(table.number),
    index("deals_owner_closed_idx").on(table.ownerId, table.closedAt),
    index("deals_owner_stage_idx").on(table.ownerId, table.stageId),
    index("deals_stage_changed_idx").on(table.stageId, table.stageChangedAt),
    index("deals_company_idx").on(table.companyId),
    index("deals_contact_idx").on(table.contactId),
    // The lists' default order (newest first) and an export's period, each with the id as the
    // keyset's tie-break, so a page starts where the last one ended and reads nothing outside it.
    index("deals_created_idx").on(table.createdAt, table.id),
    index("deals_closed_idx").on(table.closedAt, table.id),
    // A manager's own list, newest first: 50 index entries, where the company-wide order above read
    // ~4,000 others' deals to find a manager's 50. (Not partial on live deals: such an index would
    // be offered to every list, a search's too, as a cheap read of all of them.)
    index("deals_owner_created_idx").on(table.ownerId, table.createdAt, table.id),
    index("deals_amount_idx").on(table.amount),
    // The lists' search: a deal's own searched text is its title.
    index("deals_title_search_idx").using("gin", table.title.op("gin_trgm_ops")),
    uniqueIndex("deals_external_idx").on(table.externalId),
  ],
);

export const dealStageChanges = pgTable(
  "deal_stage_changes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    dealId: uuid("deal_id")
      .notNull()
      .references(() => deals.id, { onDelete: "cascade" }),
    fromStageId: uuid("from_stage_id"),
    toStageId: uuid("to_stage_id").notNull(),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
    changedBy: uuid("changed_by"),
  },
  (table) => [index("deal_stage_changes_deal_idx").on(table.dealId, table.changedAt)],
);

export const activityTypes = pgTable("activity_types", {
  id: uuid("id").primaryKey().defaultRandom(),
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  category: text("category").notNull(),
  direction: text("direction"),
  inWeeklyTable: boolean("in_weekly_table").notNull().default(true),
  sort: integer("sort").notNull().default(0),
  dailyNorm: numeric("daily_norm", { precision: 8, scale: 2 }),
  weight: numeric("weight", { precision: 8, scale: 2 }).notNull().default("1"),
  version: integer("version").notNull().default(1),
});

export const activities = pgTable(
  "activities",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    typeId: uuid("type_id")
      .notNull()
      .references(() => activityTypes.id),
    subject: text("subject").notNull(),
    description: text("description"),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    durationMinutes: integer("duration_minutes").notNull().default(30),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    result: text("result"),
    dealId: uuid("deal_id").references(() => deals.id),
    leadId: uuid("lead_id").references(() => leads.id),
    companyId: uuid("company_id").references(() => companies.id),
    contactId: uuid("contact_id").references(() => contacts.id),
    origin: text("origin").notNull().default("manual"),
    /** A call's recording at the PBX (telephony), played on the timeline. */
    recordingUrl: text("recording_url"),
    ...owned,
  },
  (table) => [
    index("activities_owner_due_idx").on(table.ownerId, table.dueAt),
    index("activities_owner_completed_idx").on(table.ownerId, table.completedAt),
    index("activities_completed_idx").on(table.completedAt),
    index("activities_deal_idx").on(table.dealId),
    index("activities_company_idx").on(table.companyId),
    index("activities_contact_idx").on(table.contactId),
    index("activities_lead_idx").on(table.leadId),
    // An export's period of activities, in keyset pages of (due_at, id).
    index("activities_due_idx").on(table.dueAt, table.id),
    trigramIndex("activities_search_idx", "activities"),
  ],
);

export const comments = pgTable(
  "comments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    entity: text("entity").notNull(),
    entityId: uuid("entity_id").notNull(),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("comments_entity_idx").on(table.entity, table.entityId, table.createdAt)],
);

export const savedFilters = pgTable(
  "saved_filters",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    entity: text("entity").notNull(),
    name: text("name").notNull(),
    params: jsonb("params").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("saved_filters_user_idx").on(table.userId, table.entity)],
);

export const importJobs = pgTable("import_jobs", {
  id: uuid("id").primaryKey().defaultRandom(),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  entity: text("entity").notNull(),
  fileName: text("file_name").notNull(),
  status: text("status").notNull(),
  total: integer("total").notNull().default(0),
  processed: integer("processed").notNull().default(0),
  created: integer("created").notNull().default(0),
  updated: integer("updated").notNull().default(0),
  unchanged: integer("unchanged").notNull().default(0),
  failed: integer("failed").notNull().default(0),
  errors: jsonb("errors").notNull().default([]),
  fileData: bytea("file_data"),
  columns: jsonb("columns").notNull().default([]),
  sampleRows: jsonb("sample_rows").notNull().default([]),
  suggestedMapping: jsonb("suggested_mapping").notNull().default({}),
  mapping: jsonb("mapping"),
  /** Set by the instance running the job and renewed every batch; a stale claim may be taken over. */
  claimedAt: timestamp("claimed_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp("finished_at", { withTimezone: true }),
});
