import type { InboundReplyInput, MailMessage } from "@planerka/common";
import { sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { invalid, notFound } from "../../platform/errors/problem";
import { companySpec } from "../crm/company.resource";
import { contactSpec } from "../crm/contact.resource";
import { findResource } from "../crm/crm-resource";
import { dealSpec } from "../crm/deal.resource";
import { leadSpec } from "../crm/lead.resource";
import { wakeOutboxWorkers } from "../mail/mail-outbox";
import { loadSmtp } from "../mail/smtp-connection";

/**
 * An imported letter is seen with the record it landed on: its deal's visibility when it has one
 * (as a letter written from a deal), else its contact's, company's or lead's; a letter on no record
 * only by whoever sees its mailbox. Anyone else gets 404.
 */
interface InboundRow {
  id: string;
  mailboxId: string | null;
  direction: "in" | "out";
  messageId: string | null;
  references: string[];
  fromAddress: string;
  toAddresses: string[];
  subject: string;
  dealId: string | null;
  companyId: string | null;
  contactId: string | null;
  leadId: string | null;
}

async function inboundOrThrow(executor: Executor, actor: Actor, id: string): Promise<InboundRow> {
  const [row] = await rows<InboundRow>(
    executor,
    sql`select i.id, i.mailbox_id as "mailboxId", i.direction, i.message_id as "messageId", i."references",
          i.from_address as "fromAddress", i.to_addresses as "toAddresses", i.subject, i.deal_id as "dealId",
          i.company_id as "companyId", i.contact_id as "contactId", i.lead_id as "leadId"
        from mail_inbound_messages i where i.id = ${id}`,
  );
  if (!row) throw notFound();
  const record = row.dealId
    ? findResource(executor, dealSpec, actor.scope, row.dealId)
    : row.contactId
      ? findResource(executor, contactSpec, actor.scope, row.contactId)
      : row.companyId
        ? findResource(executor, companySpec, actor.scope, row.companyId)
        : row.leadId
          ? findResource(executor, leadSpec, actor.scope, row.leadId)
          : null;
  if (record) {
    if (!(await record)) throw notFound();
    return row;
  }
  const admin = actor.user.role === "admin";
  const [box] = await rows<{ id: string }>(
    executor,
    sql`select id from mailboxes where id = ${row.mailboxId}
          and (owner_id = ${actor.user.id} ${admin ? sql`or kind = 'company'` : sql``})`,
  );
  if (!box) throw notFound();
  return row;
}

/** The bytes of a file an imported letter carried, for a caller who may see the letter. */
export async function inboundAttachmentOrThrow(db: Database, actor: Actor, id: string, attachmentId: string) {
  await inboundOrThrow(db, actor, id);
  const [file] = await rows<{ name: string; mimeType: string; data: Buffer | Uint8Array | null }>(
    db,
    sql`select name, mime_type as "mimeType", data from mail_inbound_attachments
        where id = ${attachmentId} and message_id = ${id}`,
  );
  if (!file?.data) throw notFound();
  return { ...file, data: Buffer.isBuffer(file.data) ? file.data : Buffer.from(file.data) };
}

function replySubject(subject: string): string {
  const bare = subject.trim();
  return (/^(re|ответ)\s*:/i.test(bare) ? bare : `Re: ${bare}`).slice(0, 500);
}

/**
 * «Ответить»: a letter to the sender (for one the employee sent, to its first recipient) in the
 * same thread — In-Reply-To the letter's Message-ID, References its chain plus it — on the same
 * records, queued in the outbox like any letter from a card.
 */
export async function replyToInboundOrThrow(
  db: Database,
  actor: Actor,
  id: string,
  input: InboundReplyInput,
): Promise<Pick<MailMessage, "id" | "to" | "subject" | "state">> {
  const letter = await db.transaction(async (tx) => {
    const inbound = await inboundOrThrow(tx, actor, id);
    const to = inbound.direction === "in" ? inbound.fromAddress : inbound.toAddresses[0];
    if (!to) throw invalid("id", "The letter has no address to answer");
    const smtp = await loadSmtp(tx);
    const [sender] = await rows<{ email: string | null }>(tx, sql`select email from users where id = ${actor.user.id}`);
    const references = [...(inbound.references ?? []), inbound.messageId].filter(Boolean).join(" ").slice(-8000);
    const [created] = await rows<{ id: string; subject: string }>(
      tx,
      sql`insert into mail_messages (deal_id, company_id, contact_id, lead_id, sender_id, from_address, to_address,
            subject, body, state, in_reply_to, references_header)
          values (${inbound.dealId}, ${inbound.companyId}, ${inbound.contactId}, ${inbound.leadId}, ${actor.user.id},
            ${smtp?.fromAddress ?? sender?.email ?? ""}, ${to}, ${replySubject(inbound.subject)}, ${input.text},
            'outbox', ${inbound.messageId}, ${references || null})
          returning id, subject`,
    );
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "mail",
      entityId: created!.id,
      action: "create",
      changes: [{ field: "inReplyTo", old: null, new: inbound.id }],
    });
    return { id: created!.id, to, subject: created!.subject, state: "outbox" as const };
  });
  wakeOutboxWorkers();
  return letter;
}
