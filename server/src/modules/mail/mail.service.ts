import type { DealEmailInput, MailMessage, SmtpSettings, SmtpSettingsInput } from "@planerka/common";
import { eq, sql } from "drizzle-orm";
import { type FieldChange, recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { mailMessages, smtpSettings } from "../../platform/db/schema";
import { conflict, invalid, notFound, staleVersion } from "../../platform/errors/problem";
import { sealSecret } from "../../platform/secrets/secret-box";
import { findResource } from "../crm/crm-resource";
import { type DealRow, dealSpec } from "../crm/deal.resource";
import { attachLetterFilesOrThrow } from "./mail-file.service";
import { wakeOutboxWorkers } from "./mail-outbox";
import { loadSmtp, type SmtpRow } from "./smtp-connection";

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
  // Letters waiting in the outbox (written before the server was set up, or failing) go now.
  wakeOutboxWorkers();
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
  attempts: number;
  nextAttemptAt: Date | null;
}

const mailColumns = sql`m.id, m.deal_id as "dealId", d.title as "dealTitle", m.company_id as "companyId",
  m.contact_id as "contactId", m.sender_id as "senderId", u.name as "senderName", m.from_address as "fromAddress",
  m.to_address as "toAddress", m.subject, m.body, m.state, m.error, m.created_at as "createdAt", m.sent_at as "sentAt",
  m.attempts, m.next_attempt_at as "nextAttemptAt"`;
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
    attempts: row.attempts,
    nextAttemptAt: row.state === "outbox" && row.nextAttemptAt ? new Date(row.nextAttemptAt).toISOString() : null,
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
 * Writes the client a letter from a deal the caller can see. The request only stores it, queued in
 * the outbox; the outbox worker sends it (`mail-outbox.ts`), so a slow or absent mail server never
 * holds the request, and a letter written before the server was set up goes once it is.
 */
export async function queueDealEmailOrThrow(
  db: Database,
  actor: Actor,
  dealId: string,
  input: DealEmailInput,
): Promise<MailMessage> {
  const letter = await db.transaction(async (tx) => {
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
        // The server's address when the letter leaves; until then the best guess.
        fromAddress: smtp?.fromAddress ?? sender?.email ?? "",
        toAddress: to,
        subject: input.subject,
        body: input.body,
        state: "outbox",
      })
      .returning({ id: mailMessages.id });
    await attachLetterFilesOrThrow(tx, actor, deal, created!.id, input);
    const attached = [...(input.fileIds ?? []), ...(input.taskFileIds ?? [])];
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "mail",
      entityId: created!.id,
      action: "create",
      changes: [
        { field: "dealId", old: null, new: deal.id },
        ...(attached.length > 0 ? [{ field: "attachments", old: null, new: attached.length }] : []),
      ],
    });
    return findMail(tx, created!.id);
  });
  wakeOutboxWorkers();
  return letter;
}

/**
 * «Отправить снова»: a failed letter (or one waiting for its next attempt) is queued at once with a
 * fresh round of attempts. Its author or an administrator may; for anyone else it does not exist.
 */
export async function resendLetterOrThrow(db: Database, actor: Actor, id: string): Promise<MailMessage> {
  const letter = await db.transaction(async (tx) => {
    const [found] = await rows<{ state: MailMessage["state"]; senderId: string; claimed: boolean }>(
      tx,
      sql`select state, sender_id as "senderId", coalesce(claimed_until > now(), false) as claimed
          from mail_messages where id = ${id} for update`,
    );
    if (!found || (actor.user.role !== "admin" && found.senderId !== actor.user.id)) throw notFound();
    if (found.state === "sent") throw conflict("The letter has already been sent");
    if (found.claimed) throw conflict("The letter is being sent right now");
    await tx.execute(
      sql`update mail_messages set state = 'outbox', attempts = 0, next_attempt_at = now(), claimed_until = null
          where id = ${id}`,
    );
    await recordAudit(tx, {
      actorId: actor.user.id,
      entity: "mail",
      entityId: id,
      action: "resend",
      changes: [{ field: "state", old: found.state, new: "outbox" }],
    });
    return findMail(tx, id);
  });
  wakeOutboxWorkers();
  return letter;
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
