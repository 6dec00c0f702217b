import { randomUUID } from "node:crypto";
import { normalizePhone, type OneCCounterparty, type OneCRecordResult } from "@planerka/common";
import { sql } from "drizzle-orm";
import { type FieldChange, recordAudit } from "../../platform/audit/audit";
import { type Executor, rows } from "../../platform/db/database";
import { textArray } from "../../platform/db/sql-values";
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

async function mappedManagers(executor: Executor, names: (string | null | undefined)[]) {
  const wanted = [...new Set(names.filter((name): name is string => Boolean(name)))];
  if (wanted.length === 0) return new Map<string, string>();
  const found = await rows<{ name: string; user_id: string }>(
    executor,
    sql`select m.name, m.user_id from one_c_manager_names m join users u on u.id = m.user_id
        where m.name = any(${textArray(wanted)}) and u.active`,
  );
  return new Map(found.map((row) => [row.name, row.user_id]));
}

/** Companies already carrying these 1C GUIDs (an earlier link, or an import by external id). */
async function companiesByGuid(executor: Executor, guids: string[]) {
  if (guids.length === 0) return new Map<string, string>();
  const found = await rows<{ id: string; external_id: string }>(
    executor,
    sql`select id, external_id from companies where external_id = any(${textArray(guids)}) and deleted_at is null`,
  );
  return new Map(found.map((row) => [row.external_id, row.id]));
}

/**
 * New companies in one statement (a first exchange brings thousands). A deleted company may still
 * hold the GUID as its external id; the new one then goes without it (the mirror links them).
 */
async function createCompanies(executor: Executor, context: ApplyContext, items: readonly OneCCounterparty[]) {
  const managers = await mappedManagers(
    executor,
    items.map((item) => item.managerName),
  );
  const created = items.map((item) => {
    const manager = item.managerName ? (managers.get(item.managerName) ?? null) : null;
    return {
      id: randomUUID(),
      guid: item.guid,
      name: item.name,
      bin: item.bin ?? null,
      phones: cleanPhones(item.phones),
      emails: cleanEmails(item.emails),
      address: item.address ?? null,
      owner_id: manager ?? context.actorId,
      owner_unknown: manager === null,
    };
  });
  if (created.length === 0) return created;
  await executor.execute(
    sql`insert into companies (id, name, bin, phones, emails, address, external_id, owner_id, created_by)
        select r.id, r.name, r.bin, array(select jsonb_array_elements_text(r.phones)),
               array(select jsonb_array_elements_text(r.emails)), r.address,
               case when exists (select 1 from companies taken where taken.external_id = r.guid) then null else r.guid end,
               r.owner_id, ${context.actorId}::uuid
        from jsonb_to_recordset(${JSON.stringify(created)}::jsonb)
          as r(id uuid, guid text, name text, bin text, phones jsonb, emails jsonb, address text, owner_id uuid)`,
  );
  await executor.execute(
    sql`insert into audit_log (actor_id, entity, entity_id, action, changes, via)
        select ${context.actorId}::uuid, 'company', r.id, 'create', '[]'::jsonb, '1c'
        from jsonb_to_recordset(${JSON.stringify(created.map(({ id }) => ({ id })))}::jsonb) as r(id text)`,
  );
  return created;
}

async function linkMirror(executor: Executor, links: { guid: string; company_id: string; owner_unknown: boolean }[]) {
  if (links.length === 0) return;
  await executor.execute(
    sql`update one_c_counterparties c set company_id = r.company_id, owner_unknown = r.owner_unknown
        from jsonb_to_recordset(${JSON.stringify(links)}::jsonb) as r(guid text, company_id uuid, owner_unknown boolean)
        where c.guid = r.guid`,
  );
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
    const manager = item.managerName
      ? ((await mappedManagers(executor, [item.managerName])).get(item.managerName) ?? null)
      : null;
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
  const results: OneCRecordResult[] = list.map((item) => {
    const row = changed.get(item.guid);
    return {
      kind: "counterparty",
      guid: item.guid,
      outcome: row ? (row.inserted ? "created" : "updated") : "unchanged",
    };
  });
  const touched = list.filter((item) => changed.has(item.guid));
  const unlinked: OneCCounterparty[] = [];
  for (const item of touched) {
    const row = changed.get(item.guid)!;
    if (item.kind === "person") await linkPerson(executor, context, item, row);
    else if (row.company_id) await updateCompany(executor, context, row.company_id, item);
    else unlinked.push(item);
  }
  if (unlinked.length === 0) return results;
  const byGuid = await companiesByGuid(
    executor,
    unlinked.map((item) => item.guid),
  );
  const holders = await binHolders(
    executor,
    unlinked.flatMap((item) => (item.bin && !byGuid.has(item.guid) ? [item.bin] : [])),
  );
  const links: { guid: string; company_id: string; owner_unknown: boolean }[] = [];
  const fresh: OneCCounterparty[] = [];
  for (const item of unlinked) {
    const found = byGuid.get(item.guid) ?? (item.bin ? [...(holders.get(item.bin) ?? [])].sort()[0] : undefined);
    if (found) {
      await updateCompany(executor, context, found, item);
      links.push({ guid: item.guid, company_id: found, owner_unknown: false });
    } else fresh.push(item);
  }
  // Two new counterparties with one BIN in one batch: the first makes the company, the other joins it.
  const firstOfBin = new Map<string, OneCCounterparty>();
  const toCreate = fresh.filter((item) => {
    if (!item.bin) return true;
    if (firstOfBin.has(item.bin)) return false;
    firstOfBin.set(item.bin, item);
    return true;
  });
  const created = await createCompanies(executor, context, toCreate);
  const createdByGuid = new Map(created.map((company) => [company.guid, company]));
  for (const item of fresh) {
    const own = createdByGuid.get(item.guid) ?? createdByGuid.get(firstOfBin.get(item.bin ?? "")?.guid ?? "");
    if (own) links.push({ guid: item.guid, company_id: own.id, owner_unknown: own.owner_unknown });
  }
  await linkMirror(executor, links);
  return results;
}
