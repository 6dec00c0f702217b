import {
  fillTemplate,
  formatTenge,
  type MailTemplate,
  type MailTemplateInput,
  type MailTemplatePatch,
  type MailTemplateRenderInput,
  type RenderedTemplate,
  type TemplatePlaceholder,
} from "@planerka/common";
import { sql } from "drizzle-orm";
import { type FieldChange, recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { mailTemplates } from "../../platform/db/schema";
import { toIso } from "../../platform/db/sql-values";
import { notFound, staleVersion } from "../../platform/errors/problem";
import { type CompanyRow, companySpec } from "../crm/company.resource";
import { type ContactRow, contactSpec } from "../crm/contact.resource";
import { findResource } from "../crm/crm-resource";
import { type DealRow, dealSpec } from "../crm/deal.resource";

interface TemplateRow {
  id: string;
  name: string;
  subject: string;
  body: string;
  version: number;
  updatedAt: Date;
  updatedByName: string | null;
}

const templateSelect = sql`select t.id, t.name, t.subject, t.body, t.version, t.updated_at as "updatedAt",
    u.name as "updatedByName"
  from mail_templates t left join users u on u.id = t.updated_by`;

function presentTemplate(row: TemplateRow): MailTemplate {
  return { ...row, updatedAt: toIso(row.updatedAt) };
}

async function templateOrThrow(executor: Executor, id: string, lock = false): Promise<TemplateRow> {
  const [row] = await rows<TemplateRow>(
    executor,
    sql`${templateSelect} where t.id = ${id} ${lock ? sql`for update of t` : sql``}`,
  );
  if (!row) throw notFound();
  return row;
}

/** The company's templates, by name: everyone who writes letters may use them. */
export async function listTemplates(db: Database): Promise<MailTemplate[]> {
  const found = await rows<TemplateRow>(db, sql`${templateSelect} order by lower(t.name), t.id`);
  return found.map(presentTemplate);
}

export async function createTemplate(db: Database, actor: Actor, input: MailTemplateInput): Promise<MailTemplate> {
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(mailTemplates)
      .values({ ...input, createdBy: actor.user.id, updatedBy: actor.user.id })
      .returning({ id: mailTemplates.id });
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "mail_template",
      entityId: created!.id,
      action: "create",
      changes: [{ field: "name", old: null, new: input.name }],
    });
    return presentTemplate(await templateOrThrow(tx, created!.id));
  });
}

export async function updateTemplateOrThrow(
  db: Database,
  actor: Actor,
  id: string,
  patch: MailTemplatePatch,
): Promise<MailTemplate> {
  return db.transaction(async (tx) => {
    const before = await templateOrThrow(tx, id, true);
    if (before.version !== patch.version) throw staleVersion();
    const changes: FieldChange[] = [];
    for (const field of ["name", "subject", "body"] as const) {
      const value = patch[field];
      if (value !== undefined && value !== before[field]) changes.push({ field, old: before[field], new: value });
    }
    await tx.execute(
      sql`update mail_templates set name = ${patch.name ?? before.name}, subject = ${patch.subject ?? before.subject},
            body = ${patch.body ?? before.body}, version = version + 1, updated_by = ${actor.user.id}, updated_at = now()
          where id = ${id}`,
    );
    await recordAudit(tx, { actorId: actor.user.id, entity: "mail_template", entityId: id, action: "update", changes });
    return presentTemplate(await templateOrThrow(tx, id));
  });
}

export async function deleteTemplateOrThrow(db: Database, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await templateOrThrow(tx, id, true);
    await tx.execute(sql`delete from mail_templates where id = ${id}`);
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "mail_template",
      entityId: id,
      action: "delete",
      changes: [{ field: "name", old: before.name, new: null }],
    });
  });
}

type Fields = Partial<Record<TemplatePlaceholder, string | null>>;

const contactFields = (contact: ContactRow | undefined): Fields => ({
  "contact.name": contact?.name,
  "contact.position": contact?.position,
  "contact.phone": contact?.phones[0],
  "contact.email": contact?.emails[0],
});
const companyFields = (company: CompanyRow | undefined): Fields => ({
  "company.name": company?.name,
  "company.bin": company?.bin,
  "company.phone": company?.phones[0],
  "company.email": company?.emails[0],
});

/**
 * The record's fields a template names, each read with the caller's scope (a linked company or
 * contact the caller may not see stays empty); the record itself out of reach is 404.
 */
async function recordFieldsOrThrow(executor: Executor, actor: Actor, target: MailTemplateRenderInput): Promise<Fields> {
  const scope = actor.scope;
  const contactOf = (id: string | null) =>
    id ? findResource<ContactRow>(executor, contactSpec, scope, id) : Promise.resolve(undefined);
  const companyOf = (id: string | null) =>
    id ? findResource<CompanyRow>(executor, companySpec, scope, id) : Promise.resolve(undefined);
  if (target.dealId) {
    const deal = await findResource<DealRow>(executor, dealSpec, scope, target.dealId);
    if (!deal) throw notFound();
    return {
      ...contactFields(await contactOf(deal.contactId)),
      ...companyFields(await companyOf(deal.companyId)),
      "deal.title": deal.title,
      "deal.number": String(deal.number),
      "deal.amount": formatTenge(Number(deal.amount)),
    };
  }
  if (target.contactId) {
    const contact = await contactOf(target.contactId);
    if (!contact) throw notFound();
    return { ...contactFields(contact), ...companyFields(await companyOf(contact.companyId)) };
  }
  const company = await companyOf(target.companyId ?? null);
  if (!company) throw notFound();
  return companyFields(company);
}

/** The template filled for one record the caller can see: what the letter form puts in subject and body. */
export async function renderTemplateOrThrow(
  db: Database,
  actor: Actor,
  id: string,
  target: MailTemplateRenderInput,
): Promise<RenderedTemplate> {
  const template = await templateOrThrow(db, id);
  const fields = await recordFieldsOrThrow(db, actor, target);
  const [manager] = await rows<{ name: string; position: string | null; phone: string | null; email: string | null }>(
    db,
    sql`select name, position, phone, email from users where id = ${actor.user.id}`,
  );
  const all: Fields = {
    ...fields,
    "manager.name": manager?.name,
    "manager.position": manager?.position,
    "manager.phone": manager?.phone,
    "manager.email": manager?.email,
  };
  return { subject: fillTemplate(template.subject, all), body: fillTemplate(template.body, all) };
}
