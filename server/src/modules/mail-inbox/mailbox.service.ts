import type { Mailbox, MailboxCheck, MailboxCreateInput, MailboxUpdateInput } from "@planerka/common";
import { sql } from "drizzle-orm";
import { type FieldChange, recordAudit } from "../../platform/audit/audit";
import type { Actor } from "../../platform/auth/authenticate";
import { type Database, type Executor, rows } from "../../platform/db/database";
import { toIso } from "../../platform/db/sql-values";
import { AppError, forbidden, notFound, staleVersion } from "../../platform/errors/problem";
import { sealSecret } from "../../platform/secrets/secret-box";
import { checkImapAccount } from "./imap-connection";
import { wakeInboxWorkers } from "./inbox-importer";

/**
 * Mailboxes: the company's (administrators only) and each employee's own. A personal mailbox
 * exists only for its owner: anyone else, administrators included, gets 404 — it is their mail.
 */
interface MailboxRow {
  id: string;
  kind: Mailbox["kind"];
  ownerId: string | null;
  name: string;
  host: string;
  port: number;
  security: Mailbox["security"];
  username: string;
  password: string | null;
  folder: string;
  active: boolean;
  createLeads: boolean;
  importedCount: number;
  totalCount: number;
  lastError: string | null;
  lastImportAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const columns = sql`id, kind, owner_id as "ownerId", name, host, port, security, username, password, folder, active,
  create_leads as "createLeads", imported_count as "importedCount", total_count as "totalCount",
  last_error as "lastError", last_import_at as "lastImportAt", version, created_at as "createdAt",
  updated_at as "updatedAt"`;

function present(row: MailboxRow): Mailbox {
  return {
    id: row.id,
    kind: row.kind,
    ownerId: row.ownerId,
    name: row.name,
    host: row.host,
    port: row.port,
    security: row.security,
    user: row.username,
    passwordSet: Boolean(row.password),
    folder: row.folder,
    active: row.active,
    createLeads: row.createLeads,
    imported: row.importedCount,
    total: Math.max(row.totalCount, row.importedCount),
    lastError: row.lastError,
    lastImportAt: row.lastImportAt ? toIso(row.lastImportAt) : null,
    version: row.version,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
  };
}

/** Whose mailboxes the caller sees: their own, and the company's when they are an administrator. */
function visibleTo(actor: Actor) {
  return actor.user.role === "admin"
    ? sql`(owner_id = ${actor.user.id} or kind = 'company')`
    : sql`owner_id = ${actor.user.id}`;
}

async function mailboxOrThrow(executor: Executor, actor: Actor, id: string, lock = false): Promise<MailboxRow> {
  const [row] = await rows<MailboxRow>(
    executor,
    sql`select ${columns} from mailboxes where id = ${id} and ${visibleTo(actor)} ${lock ? sql`for update` : sql``}`,
  );
  if (!row) throw notFound();
  return row;
}

const loopback = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/i;

/** A password never crosses the network in clear: plain IMAP is for a server on this machine only. */
function assertSecureOrThrow(host: string, security: Mailbox["security"]) {
  if (security === "none" && !loopback.test(host))
    throw new AppError(400, "Bad Request", "security: plain IMAP only to this machine; use tls or starttls", [
      { path: "security", message: "Plain IMAP is allowed only for a server on this machine" },
    ]);
}

export async function listMailboxes(db: Database, actor: Actor): Promise<{ items: Mailbox[] }> {
  const found = await rows<MailboxRow>(
    db,
    sql`select ${columns} from mailboxes where ${visibleTo(actor)} order by kind, name, id`,
  );
  return { items: found.map(present) };
}

export async function createMailboxOrThrow(db: Database, actor: Actor, input: MailboxCreateInput): Promise<Mailbox> {
  if (input.kind === "company" && actor.user.role !== "admin")
    throw forbidden("The company mailbox is for administrators");
  assertSecureOrThrow(input.host, input.security);
  const created = await db.transaction(async (tx) => {
    const [row] = await rows<MailboxRow>(
      tx,
      sql`insert into mailboxes (kind, owner_id, created_by, name, host, port, security, username, password, folder,
            active, create_leads)
          values (${input.kind}, ${input.kind === "personal" ? actor.user.id : null}, ${actor.user.id}, ${input.name},
            ${input.host}, ${input.port}, ${input.security}, ${input.user},
            ${input.password ? sealSecret(input.password) : null}, ${input.folder}, ${input.active}, ${input.createLeads})
          returning ${columns}`,
    );
    await recordAudit(tx, { actorId: actor.user.id, entity: "mailbox", entityId: row!.id, action: "create" });
    return row!;
  });
  wakeInboxWorkers();
  return present(created);
}

const editable = [
  ["name", "name", "name"],
  ["host", "host", "host"],
  ["port", "port", "port"],
  ["security", "security", "security"],
  ["user", "username", "username"],
  ["folder", "folder", "folder"],
  ["active", "active", "active"],
  ["createLeads", "createLeads", "create_leads"],
] as const;

export async function updateMailboxOrThrow(
  db: Database,
  actor: Actor,
  id: string,
  input: MailboxUpdateInput,
): Promise<Mailbox> {
  const updated = await db.transaction(async (tx) => {
    const before = await mailboxOrThrow(tx, actor, id, true);
    if (input.version !== undefined && input.version !== before.version) throw staleVersion();
    assertSecureOrThrow(input.host ?? before.host, input.security ?? before.security);
    const changes: FieldChange[] = [];
    const sets = [];
    for (const [field, rowField, column] of editable) {
      const value = input[field];
      if (value === undefined || value === before[rowField]) continue;
      changes.push({ field, old: before[rowField], new: value });
      sets.push(sql`${sql.identifier(column)} = ${value}`);
    }
    if (input.password !== undefined) {
      changes.push({ field: "password", old: before.password ? "***" : null, new: input.password ? "***" : null });
      sets.push(sql`password = ${input.password ? sealSecret(input.password) : null}`);
    }
    // Another server or folder is another numbering: the importer starts over there (Message-IDs dedupe).
    if (["host", "port", "user", "folder"].some((field) => changes.some((change) => change.field === field)))
      sets.push(sql`uid_validity = null, last_uid = 0`);
    if (sets.length > 0) {
      sets.push(sql`version = version + 1, updated_at = now(), next_import_at = now(), last_error = null`);
      await tx.execute(sql`update mailboxes set ${sql.join(sets, sql`, `)} where id = ${id}`);
      await recordAudit(tx, { actorId: actor.user.id, entity: "mailbox", entityId: id, action: "update", changes });
    }
    return mailboxOrThrow(tx, actor, id);
  });
  wakeInboxWorkers();
  return present(updated);
}

/** Forgets the mailbox; letters already imported stay on their records. */
export async function deleteMailboxOrThrow(db: Database, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    await mailboxOrThrow(tx, actor, id, true);
    // Imported letters keep their place on the records' timelines (their mailbox becomes null).
    await tx.execute(sql`delete from mailboxes where id = ${id}`);
    await recordAudit(tx, { actorId: actor.user.id, entity: "mailbox", entityId: id, action: "delete" });
  });
}

/** «Проверить соединение»: logs in with the stored settings and opens the folder. */
export async function checkMailboxOrThrow(db: Database, actor: Actor, id: string): Promise<MailboxCheck> {
  const [row] = await rows<MailboxRow>(
    db,
    sql`select ${columns} from mailboxes where id = ${id} and ${visibleTo(actor)}`,
  );
  if (!row) throw notFound();
  return checkImapAccount({ ...row, username: row.username });
}
