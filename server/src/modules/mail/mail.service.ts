import type { DealEmailInput, MailMessage, SmtpSettings, SmtpSettingsInput } from "@planerka/common";
import { eq, sql } from "drizzle-orm";
import { type FieldChange, recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { mailMessages, smtpSettings } from "../../platform/db/schema";
import { invalid, notFound, staleVersion } from "../../platform/errors/problem";
import { mailErrorText, type SmtpConnection, sendLetter } from "../../platform/mail/transport";
import { openSecret, sealSecret } from "../../platform/secrets/secret-box";
import { findResource } from "../crm/crm-resource";
import { type DealRow, dealSpec } from "../crm/deal.spec";

interface SmtpRow {
  host: string;
  port: number;
  secure: boolean;
  username: string | null;
  password: string | null;
  fromAddress: string;
  fromName: string | null;
  version: number;
  updatedAt: Date;
}

async function loadSmtp(executor: Executor): Promise<SmtpRow | undefined> {
  const [row] = await rows<SmtpRow>(
    executor,
    sql`select host, port, secure, username, password, from_address as "fromAddress", from_name as "fromName",
          version, updated_at as "updatedAt"
        from smtp_settings where id = 1`,
  );
  return row;
}

function presentSmtp(row: SmtpRow | undefined): SmtpSettings {
  if (!row) {
    return {
      configured: false,
      host: null,
      port: null,
      secure: false,
      user: null,
      passwordSet: false,
      fromAddress: null,
      fromName: null,
      version: 0,
      updatedAt: null,
    };
  }
  return {
    configured: true,
    host: row.host,
    port: row.port,
    secure: row.secure,
    user: row.username,
    passwordSet: Boolean(row.password),
    fromAddress: row.fromAddress,
    fromName: row.fromName,
    version: row.version,
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

export async function getSmtpSettings(db: Database): Promise<SmtpSettings> {
  return presentSmtp(await loadSmtp(db));
}

/** The audit keeps which fields changed; the password only as "changed", never its value. */
function smtpChanges(before: SmtpRow | undefined, after: SmtpSettingsInput): FieldChange[] {
  const changes: FieldChange[] = [];
  const pairs: [string, unknown, unknown][] = [
    ["host", before?.host ?? null, after.host],
    ["port", before?.port ?? null, after.port],
    ["secure", before?.secure ?? null, after.secure],
    ["user", before?.username ?? null, after.user ?? null],
    ["fromAddress", before?.fromAddress ?? null, after.fromAddress],
    ["fromName", before?.fromName ?? null, after.fromName ?? null],
  ];
  for (const [field, old, value] of pairs) if (old !== value) changes.push({ field, old, new: value });
  if (after.password !== undefined && (after.password ?? null) !== (before?.password ?? null)) {
    changes.push({ field: "password", old: before?.password ? "***" : null, new: after.password ? "***" : null });
  }
  return changes;
}

/** Saves the mail server; `version` guards against two administrators editing at once. */
export async function putSmtpSettingsOrThrow(
  db: Database,
  actor: Actor,
  input: SmtpSettingsInput,
): Promise<SmtpSettings> {
  const saved = await db.transaction(async (tx) => {
    const before = await loadSmtp(tx);
    if (input.version !== undefined && input.version !== (before?.version ?? 0)) throw staleVersion();
    const values = {
      host: input.host,
      port: input.port,
      secure: input.secure,
      username: input.user ?? null,
      password:
        input.password === undefined ? (before?.password ?? null) : input.password ? sealSecret(input.password) : null,
      fromAddress: input.fromAddress,
      fromName: input.fromName ?? null,
      updatedBy: actor.user.id,
      updatedAt: new Date(),
    };
    await tx
      .insert(smtpSettings)
      .values({ id: 1, ...values })
      .onConflictDoUpdate({ target: smtpSettings.id, set: { ...values, version: sql`${smtpSettings.version} + 1` } });
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "smtp_settings",
      entityId: "1",
      action: before ? "update" : "create",
      changes: smtpChanges(before, input),
    });
    return loadSmtp(tx);
  });
  return presentSmtp(saved);
}

/** Forgets the mail server: letters then wait in the outbox. */
export async function deleteSmtpSettings(db: Database, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    const removed = await tx.delete(smtpSettings).where(eq(smtpSettings.id, 1)).returning({ id: smtpSettings.id });
    if (removed.length > 0) {
      await recordAudit(tx, { actorId: actor.user.id, entity: "smtp_settings", entityId: "1", action: "delete" });
    }
  });
}

interface MailRow {
  id: string;
  dealId: string | null;
  dealTitle: string | null;
  companyId: string | null;
  contactId: string | null;
  senderId: string;
  senderName: string;
  fromAddress: string;
  toAddress: string;
  subject: string;
  body: string;
  state: MailMessage["state"];
  error: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

const mailColumns = sql`m.id, m.deal_id as "dealId", d.title as "dealTitle", m.company_id as "companyId",
  m.contact_id as "contactId", m.sender_id as "senderId", u.name as "senderName", m.from_address as "fromAddress",
  m.to_address as "toAddress", m.subject, m.body, m.state, m.error, m.created_at as "createdAt", m.sent_at as "sentAt"`;
const mailFrom = sql`mail_messages m join users u on u.id = m.sender_id left join deals d on d.id = m.deal_id`;

function presentMail(row: MailRow): MailMessage {
  return {
    id: row.id,
    dealId: row.dealId,
    dealTitle: row.dealTitle,
    companyId: row.companyId,
    contactId: row.contactId,
    senderId: row.senderId,
    senderName: row.senderName,
    from: row.fromAddress,
    to: row.toAddress,
    subject: row.subject,
    body: row.body,
    state: row.state,
    error: row.error,
    createdAt: new Date(row.createdAt).toISOString(),
    sentAt: row.sentAt ? new Date(row.sentAt).toISOString() : null,
  };
}

async function findMail(executor: Executor, id: string): Promise<MailMessage> {
  const [row] = await rows<MailRow>(executor, sql`select ${mailColumns} from ${mailFrom} where m.id = ${id}`);
  return presentMail(row!);
}

/** The client's address on the deal: its contact's first e-mail, else its company's. */
async function defaultRecipient(executor: Executor, deal: DealRow): Promise<string | undefined> {
  const [found] = await rows<{ email: string | null }>(
    executor,
    sql`select coalesce(
          (select p.emails[1] from contacts p where p.id = ${deal.contactId} and p.deleted_at is null),
          (select c.emails[1] from companies c where c.id = ${deal.companyId} and c.deleted_at is null)) as email`,
  );
  return found?.email ?? undefined;
}

/**
 * Writes the client a letter from a deal the caller can see. The letter is stored first (in the
 * outbox); with an SMTP server it is then sent outside the transaction and marked sent or failed.
 */
export async function sendDealEmailOrThrow(
  db: Database,
  actor: Actor,
  dealId: string,
  input: DealEmailInput,
): Promise<MailMessage> {
  const prepared = await db.transaction(async (tx) => {
    const deal = await findResource<DealRow>(tx, dealSpec, actor.scope, dealId);
    if (!deal) throw notFound();
    const to = input.to ?? (await defaultRecipient(tx, deal));
    if (!to) throw invalid("to", "The deal's contact and company have no e-mail; enter the address");
    const smtp = await loadSmtp(tx);
    const [sender] = await rows<{ email: string | null }>(tx, sql`select email from users where id = ${actor.user.id}`);
    const [created] = await tx
      .insert(mailMessages)
      .values({
        dealId: deal.id,
        companyId: deal.companyId,
        contactId: deal.contactId,
        senderId: actor.user.id,
        fromAddress: smtp?.fromAddress ?? sender?.email ?? "",
        toAddress: to,
        subject: input.subject,
        body: input.body,
        state: "outbox",
      })
      .returning({ id: mailMessages.id });
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "mail",
      entityId: created!.id,
      action: "create",
      changes: [{ field: "dealId", old: null, new: deal.id }],
    });
    return { id: created!.id, to, smtp, replyTo: sender?.email ?? null };
  });
  const { smtp } = prepared;
  if (smtp) {
    try {
      const connection: SmtpConnection = {
        host: smtp.host,
        port: smtp.port,
        secure: smtp.secure,
        user: smtp.username,
        password: smtp.password === null ? null : openSecret(smtp.password),
      };
      const { messageId } = await sendLetter(connection, {
        from: { name: smtp.fromName, address: smtp.fromAddress },
        replyTo: prepared.replyTo,
        to: prepared.to,
        subject: input.subject,
        text: input.body,
      });
      await db
        .update(mailMessages)
        .set({ state: "sent", sentAt: new Date(), messageId })
        .where(eq(mailMessages.id, prepared.id));
    } catch (error) {
      await db
        .update(mailMessages)
        .set({ state: "failed", error: mailErrorText(error) })
        .where(eq(mailMessages.id, prepared.id));
    }
  }
  return findMail(db, prepared.id);
}

/** Letters that have not left: waiting in the outbox or failed, newest first. */
export async function listOutbox(db: Database, query: { limit: number; offset: number }) {
  const unsent = sql`m.state in ('outbox', 'failed')`;
  const [items, [count]] = await Promise.all([
    rows<MailRow>(
      db,
      sql`select ${mailColumns} from ${mailFrom} where ${unsent}
          order by m.created_at desc, m.id limit ${query.limit} offset ${query.offset}`,
    ),
    rows<{ total: number }>(db, sql`select count(*)::int as total from mail_messages m where ${unsent}`),
  ]);
  return { items: items.map(presentMail), total: count?.total ?? 0 };
}
