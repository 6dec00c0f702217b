import { normalizePhone, type OneCCounterparty, type OneCRecordResult } from "@planerka/common";
import { sql } from "drizzle-orm";
import { type FieldChange, recordAudit } from "../../platform/audit/audit";
import { type Executor, rows, textArray } from "../../platform/db/database";
import { binHolders } from "../crm/company-bin";
import type { ApplyContext } from "./one-c-context";

interface MirrorRow {
  guid: string;
  inserted: boolean;
  company_id: string | null;
  contact_id: string | null;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function cleanPhones(phones: readonly string[]): string[] {
  return [...new Set(phones.map(normalizePhone).filter((phone): phone is string => phone !== null))];
}
function cleanEmails(emails: readonly string[]): string[] {
  return [...new Set(emails.map((email) => email.toLowerCase()).filter((email) => emailPattern.test(email)))];
}

/**
 * Stores what 1C sent and reports which counterparties are new or changed; only those touch the
 * CRM, so a package sent twice leaves every company, contact and version as it was.
 */
async function upsertMirror(executor: Executor, list: readonly OneCCounterparty[]): Promise<MirrorRow[]> {
  const payload = list.map((item) => ({
    guid: item.guid,
    name: item.name,
    bin: item.bin ?? null,
    kind: item.kind,
    phones: item.phones,
    emails: item.emails,
    address: item.address ?? null,
    manager_name: item.managerName ?? null,
    deleted: item.deleted,
  }));
  return rows<MirrorRow>(
    executor,
    sql`insert into one_c_counterparties as c (guid, name, bin, kind, phones, emails, address, manager_name, deleted)
        select r.guid, r.name, r.bin, r.kind,
               array(select jsonb_array_elements_text(r.phones)), array(select jsonb_array_elements_text(r.emails)),
               r.address, r.manager_name, r.deleted
        from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb)
          as r(guid text, name text, bin text, kind text, phones jsonb, emails jsonb, address text, manager_name text, deleted boolean)
        on conflict (guid) do update set name = excluded.name, bin = excluded.bin, kind = excluded.kind,
          phones = excluded.phones, emails = excluded.emails, address = excluded.address,
          manager_name = excluded.manager_name, deleted = excluded.deleted, updated_at = now()
        where (c.name, c.bin, c.kind, c.phones, c.emails, c.address, c.manager_name, c.deleted)
          is distinct from (excluded.name, excluded.bin, excluded.kind, excluded.phones, excluded.emails,
                            excluded.address, excluded.manager_name, excluded.deleted)
        returning c.guid, (c.xmax = 0) as inserted, c.company_id, c.contact_id`,
  );
}

async function mappedManager(executor: Executor, name: string | null | undefined): Promise<string | null> {
  if (!name) return null;
  const [row] = await rows<{ user_id: string }>(
    executor,
    sql`select m.user_id from one_c_manager_names m join users u on u.id = m.user_id
        where m.name = ${name} and u.active`,
  );
  return row?.user_id ?? null;
}

async function findCompany(executor: Executor, item: OneCCounterparty): Promise<string | null> {
  const [byGuid] = await rows<{ id: string }>(
    executor,
    sql`select id from companies where external_id = ${item.guid} and deleted_at is null`,
  );
  if (byGuid) return byGuid.id;
  if (!item.bin) return null;
  const holders = (await binHolders(executor, [item.bin])).get(item.bin) ?? [];
  return holders.sort()[0] ?? null;
}

async function createCompany(executor: Executor, context: ApplyContext, item: OneCCounterparty) {
  const manager = await mappedManager(executor, item.managerName);
  const [created] = await rows<{ id: string }>(
    executor,
    sql`insert into companies (name, bin, phones, emails, address, external_id, owner_id, created_by)
        values (${item.name}, ${item.bin ?? null}, ${textArray(cleanPhones(item.phones))}, ${textArray(cleanEmails(item.emails))},
                ${item.address ?? null}, ${item.guid}, ${manager ?? context.actorId}, ${context.actorId})
        returning id`,
  );
  await recordAudit(executor, {
    actorId: context.actorId,
    entity: "company",
    entityId: created!.id,
    action: "create",
    via: "1c",
  });
  return { id: created!.id, ownerUnknown: manager === null };
}

interface CompanyNow {
  name: string;
  bin: string | null;
  address: string | null;
  phones: string[];
  emails: string[];
  external_id: string | null;
}

/** A change in 1C reaches the linked company; phones and e-mails are added, never taken away. */
async function updateCompany(executor: Executor, context: ApplyContext, companyId: string, item: OneCCounterparty) {
  const [now] = await rows<CompanyNow>(
    executor,
    sql`select name, bin, address, phones, emails, external_id from companies where id = ${companyId}`,
  );
  if (!now) return;
  let bin = item.bin ?? now.bin;
  if (bin && bin !== now.bin) {
    const holders = (await binHolders(executor, [bin])).get(bin) ?? [];
    if (holders.some((id) => id !== companyId)) bin = now.bin;
  }
  const next = {
    name: item.name,
    bin,
    address: item.address ?? now.address,
    phones: [...new Set([...now.phones, ...cleanPhones(item.phones)])],
    emails: [...new Set([...now.emails, ...cleanEmails(item.emails)])],
    external_id: now.external_id ?? item.guid,
  };
  const changes: FieldChange[] = [];
  for (const field of ["name", "bin", "address", "phones", "emails", "external_id"] as const) {
    if (JSON.stringify(now[field]) !== JSON.stringify(next[field]))
      changes.push({ field: field === "external_id" ? "externalId" : field, old: now[field], new: next[field] });
  }
  if (changes.length === 0) return;
  await executor.execute(
    sql`update companies set name = ${next.name}, bin = ${next.bin}, address = ${next.address}, phones = ${textArray(next.phones)},
          emails = ${textArray(next.emails)}, external_id = ${next.external_id}, version = version + 1, updated_at = now()
        where id = ${companyId}`,
  );
  await recordAudit(executor, {
    actorId: context.actorId,
    entity: "company",
    entityId: companyId,
    action: "update",
    changes,
    via: "1c",
  });
}

async function linkPerson(executor: Executor, context: ApplyContext, item: OneCCounterparty, row: MirrorRow) {
  if (row.contact_id) return;
  const [existing] = await rows<{ id: string }>(
    executor,
    sql`select id from contacts where external_id = ${item.guid} and deleted_at is null`,
  );
  let contactId = existing?.id;
  let ownerUnknown = false;
  if (!contactId) {
    const manager = await mappedManager(executor, item.managerName);
    const [created] = await rows<{ id: string }>(
      executor,
      sql`insert into contacts (name, phones, emails, external_id, owner_id, created_by)
          values (${item.name}, ${textArray(cleanPhones(item.phones))}, ${textArray(cleanEmails(item.emails))}, ${item.guid},
                  ${manager ?? context.actorId}, ${context.actorId})
          returning id`,
    );
    contactId = created!.id;
    ownerUnknown = manager === null;
    await recordAudit(executor, {
      actorId: context.actorId,
      entity: "contact",
      entityId: contactId,
      action: "create",
      via: "1c",
    });
  }
  await executor.execute(
    sql`update one_c_counterparties set contact_id = ${contactId}, owner_unknown = ${ownerUnknown} where guid = ${item.guid}`,
  );
}

/**
 * Контрагент → company by 1C Ид, then by БИН/ИИН, else a new company; a person → a contact.
 * Returns one result per counterparty sent.
 */
export async function applyCounterparties(
  executor: Executor,
  context: ApplyContext,
  list: readonly OneCCounterparty[],
): Promise<OneCRecordResult[]> {
  if (list.length === 0) return [];
  const changed = new Map((await upsertMirror(executor, list)).map((row) => [row.guid, row]));
  const results: OneCRecordResult[] = [];
  for (const item of list) {
    const row = changed.get(item.guid);
    if (!row) {
      results.push({ kind: "counterparty", guid: item.guid, outcome: "unchanged" });
      continue;
    }
    results.push({ kind: "counterparty", guid: item.guid, outcome: row.inserted ? "created" : "updated" });
    if (item.kind === "person") {
      await linkPerson(executor, context, item, row);
      continue;
    }
    if (row.company_id) {
      await updateCompany(executor, context, row.company_id, item);
      continue;
    }
    const found = await findCompany(executor, item);
    if (found) {
      await updateCompany(executor, context, found, item);
      await executor.execute(sql`update one_c_counterparties set company_id = ${found} where guid = ${item.guid}`);
    } else {
      const created = await createCompany(executor, context, item);
      await executor.execute(
        sql`update one_c_counterparties set company_id = ${created.id}, owner_unknown = ${created.ownerUnknown}
            where guid = ${item.guid}`,
      );
    }
  }
  return results;
}
