import { sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit/audit";
import { type Executor, rows } from "../../platform/db/database";
import { mailInboundAttachments } from "../../platform/db/mail-inbox-schema";
import { textArray } from "../../platform/db/sql-values";
import type { ParsedLetter } from "./inbox-parse";

/**
 * Where an imported letter lands: the Planerka letter it answers (its thread, its deal), else an
 * earlier imported letter of its thread, else the contact or company whose e-mail is the sender's
 * (for a letter the employee sent: a recipient's) and their latest open deal; else, when the
 * mailbox says so, a lead for the unknown sender.
 */
export interface MailboxForImport {
  id: string;
  kind: "company" | "personal";
  ownerId: string | null;
  createdBy: string;
  username: string;
  createLeads: boolean;
  ownerEmail: string | null;
  uidValidity: number;
  leaseToken: string;
}

interface Placement {
  dealId: string | null;
  companyId: string | null;
  contactId: string | null;
  leadId: string | null;
  repliesTo: string | null;
}

const nowhere: Placement = { dealId: null, companyId: null, contactId: null, leadId: null, repliesTo: null };

async function placeByThread(executor: Executor, ids: string[]): Promise<Placement | null> {
  if (ids.length === 0) return null;
  const [sent] = await rows<Placement>(
    executor,
    sql`select m.deal_id as "dealId", m.company_id as "companyId", m.contact_id as "contactId", null as "leadId",
          m.id as "repliesTo"
        from mail_messages m where m.message_id = any(${textArray(ids)}) order by m.created_at desc limit 1`,
  );
  if (sent) return sent;
  const [earlier] = await rows<Placement>(
    executor,
    sql`select i.deal_id as "dealId", i.company_id as "companyId", i.contact_id as "contactId", i.lead_id as "leadId",
          i.replies_to as "repliesTo"
        from mail_inbound_messages i
        where i.message_id = any(${textArray(ids)})
          and (i.deal_id is not null or i.company_id is not null or i.contact_id is not null or i.lead_id is not null)
        order by i.sent_at desc limit 1`,
  );
  return earlier ?? null;
}

/** A contact with one of the addresses first (the mailbox owner's own before others'), else a company; and their latest open deal. */
async function placeByAddress(
  executor: Executor,
  addresses: string[],
  ownerId: string | null,
): Promise<Placement | null> {
  if (addresses.length === 0) return null;
  const list = textArray(addresses);
  const [found] = await rows<Placement>(
    executor,
    sql`with contact as (
          select k.id, k.company_id from contacts k
          where k.deleted_at is null and k.emails && ${list}
          order by (k.owner_id is not distinct from ${ownerId}) desc, k.updated_at desc limit 1),
        company as (
          select c.id from companies c
          where c.deleted_at is null and c.emails && ${list}
          order by (c.owner_id is not distinct from ${ownerId}) desc, c.updated_at desc limit 1)
        select contact.id as "contactId", coalesce(contact.company_id, company.id) as "companyId", null as "leadId",
               null as "repliesTo",
               (select d.id from deals d join stages s on s.id = d.stage_id
                 where d.deleted_at is null and s.semantic = 'open'
                   and (d.contact_id = contact.id or d.company_id = coalesce(contact.company_id, company.id))
                 order by d.updated_at desc limit 1) as "dealId"
        from (select 1) one left join contact on true left join company on true
        where contact.id is not null or company.id is not null`,
  );
  return found ?? null;
}

/** The unknown sender's lead: an open one with their address, or a new one owned by the mailbox's employee. */
async function leadFor(executor: Executor, mailbox: MailboxForImport, letter: ParsedLetter): Promise<string> {
  const ownerId = mailbox.ownerId ?? mailbox.createdBy;
  const [known] = await rows<{ id: string }>(
    executor,
    sql`select id from leads where deleted_at is null and lower(email) = ${letter.fromAddress}
        order by created_at desc limit 1`,
  );
  if (known) return known.id;
  const who = letter.fromName ? `${letter.fromName} <${letter.fromAddress}>` : letter.fromAddress;
  const [created] = await rows<{ id: string }>(
    executor,
    sql`insert into leads (title, source, email, owner_id, created_by)
        values (${`Входящее письмо: ${who}`.slice(0, 500)}, 'Почта', ${letter.fromAddress}, ${ownerId}, ${ownerId})
        returning id`,
  );
  await recordAudit(executor, { actorId: null, entity: "lead", entityId: created!.id, action: "create", via: "mail" });
  return created!.id;
}

/**
 * Stores one letter (once: a Message-ID already in the mailbox, or the same UID, is skipped) and
 * moves the mailbox's position past it, fenced by the importer's lease. Returns whether it was new;
 * throws `LeaseLost` when another importer holds the mailbox now, so this transaction rolls back.
 */
export class LeaseLost extends Error {}

export async function storeLetter(
  tx: Executor,
  mailbox: MailboxForImport,
  uid: number,
  size: number,
  letter: ParsedLetter,
): Promise<boolean> {
  const own = new Set([mailbox.username.toLowerCase(), mailbox.ownerEmail?.toLowerCase()].filter(Boolean));
  const outgoing = own.has(letter.fromAddress);
  const counterparts = outgoing
    ? [...letter.to, ...letter.cc].filter((address) => !own.has(address))
    : [letter.fromAddress];
  let place =
    (await placeByThread(
      tx,
      [letter.inReplyTo, ...letter.references].filter((id): id is string => Boolean(id)),
    )) ??
    (await placeByAddress(tx, counterparts.filter(Boolean), mailbox.ownerId ?? mailbox.createdBy)) ??
    nowhere;
  if (place === nowhere && !outgoing && mailbox.createLeads && letter.fromAddress) {
    place = { ...nowhere, leadId: await leadFor(tx, mailbox, letter) };
  }
  // A Date header from the future or the last century would pin the letter to a timeline's top or bottom.
  const dated =
    letter.sentAt && letter.sentAt.getUTCFullYear() >= 2000 && letter.sentAt.getTime() <= Date.now() + 86_400_000;
  const inserted = await rows<{ id: string }>(
    tx,
    sql`insert into mail_inbound_messages (mailbox_id, uid_validity, uid, message_id, in_reply_to, "references",
          direction, from_address, from_name, to_addresses, cc_addresses, subject, body, body_truncated, size, sent_at,
          deal_id, company_id, contact_id, lead_id, replies_to)
        values (${mailbox.id}, ${mailbox.uidValidity}, ${uid}, ${letter.messageId}, ${letter.inReplyTo},
          ${textArray(letter.references)}, ${outgoing ? "out" : "in"}, ${letter.fromAddress}, ${letter.fromName},
          ${textArray(letter.to)}, ${textArray(letter.cc)}, ${letter.subject}, ${letter.body}, ${letter.bodyTruncated},
          ${size}, ${(dated ? letter.sentAt! : new Date()).toISOString()}, ${place.dealId}, ${place.companyId},
          ${place.contactId}, ${place.leadId}, ${place.repliesTo})
        on conflict do nothing returning id`,
  );
  const id = inserted[0]?.id;
  if (id) {
    let position = 0;
    for (const file of letter.attachments) {
      await tx.insert(mailInboundAttachments).values({
        messageId: id,
        name: file.name,
        mimeType: file.mimeType,
        size: file.size,
        data: file.data,
        position: position++,
      });
    }
  }
  const moved = await rows<{ id: string }>(
    tx,
    // Each letter also extends the lease: a long batch keeps its mailbox while it makes progress.
    sql`update mailboxes set last_uid = greatest(last_uid, ${uid}), imported_count = imported_count + ${id ? 1 : 0},
          lease_until = now() + interval '10 minutes'
        where id = ${mailbox.id} and lease_token = ${mailbox.leaseToken} and lease_until > now() returning id`,
  );
  if (moved.length === 0) throw new LeaseLost();
  return Boolean(id);
}
