import { sql } from "drizzle-orm";
import type { ImapFlow } from "imapflow";
import { type Database, rows } from "../../platform/db/database";
import { type PollingWorker, startPollingWorker } from "../../platform/jobs/polling-worker";
import { type ImapAccount, imapClient, imapErrorText } from "./imap-connection";
import { inboxLimits, type ParsedLetter, parseLetterStream } from "./inbox-parse";
import { LeaseLost, type MailboxForImport, storeLetter } from "./inbox-store";

/**
 * The background importer: claims one due mailbox at a time with a lease (committed before IMAP
 * is touched, so no transaction waits on a slow server), reads up to `batchSize` letters past the
 * last UID, one transaction per letter that also moves the position (fenced by the lease), then
 * hands the mailbox back, due again at once while letters remain, else after `idleSeconds`.
 */
export const inboxBatchSize = 50;
const leaseSeconds = 10 * 60;
const idleSeconds = 60;
const failedSeconds = 5 * 60;
const pollMilliseconds = 30_000;

type ClaimedMailbox = MailboxForImport & ImapAccount & { storedUidValidity: number | null; lastUid: number };

/** `FOR UPDATE SKIP LOCKED` plus the lease: two processes never hold one mailbox. */
async function claimMailbox(db: Database, onlyId?: string): Promise<ClaimedMailbox | undefined> {
  // One named mailbox is imported now, whenever it is due; the lease still keeps others off it.
  const which = onlyId ? sql`id = ${onlyId}` : sql`next_import_at <= now()`;
  const [claimed] = await rows<ClaimedMailbox>(
    db,
    sql`update mailboxes b set lease_until = now() + make_interval(secs => ${leaseSeconds}),
          lease_token = gen_random_uuid()
        where b.id = (
          select id from mailboxes
          where active and ${which} and (lease_until is null or lease_until <= now())
          order by next_import_at, id limit 1
          for update skip locked)
        returning b.id, b.kind, b.owner_id as "ownerId", b.created_by as "createdBy", b.username, b.host, b.port,
          b.security, b.password, b.folder, b.create_leads as "createLeads", b.uid_validity as "storedUidValidity",
          b.last_uid as "lastUid", b.lease_token as "leaseToken",
          (select u.email from users u where u.id = b.owner_id) as "ownerEmail"`,
  );
  if (!claimed) return undefined;
  return { ...claimed, storedUidValidity: numberOrNull(claimed.storedUidValidity), lastUid: Number(claimed.lastUid) };
}

function numberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** Hands the mailbox back: when it is due next, and the pass's error (or none). */
async function releaseMailbox(db: Database, box: ClaimedMailbox, dueInSeconds: number, error: string | null) {
  await db.execute(
    sql`update mailboxes set lease_until = null, lease_token = null, last_error = ${error}, last_import_at = now(),
          next_import_at = now() + make_interval(secs => ${dueInSeconds})
        where id = ${box.id} and lease_token = ${box.leaseToken}`,
  );
}

/** A letter too big to download: its envelope only, said so in the body. */
async function envelopeOnly(client: ImapFlow, uid: number): Promise<ParsedLetter> {
  const message = await client.fetchOne(String(uid), { envelope: true }, { uid: true });
  const envelope = message ? message.envelope : undefined;
  const list = (entries: { address?: string }[] | undefined) =>
    (entries ?? []).map((entry) => entry.address?.toLowerCase() ?? "").filter(Boolean);
  return {
    messageId: envelope?.messageId ?? null,
    inReplyTo: envelope?.inReplyTo ?? null,
    references: [],
    fromAddress: list(envelope?.from)[0] ?? "",
    fromName: envelope?.from?.[0]?.name || null,
    to: list(envelope?.to),
    cc: list(envelope?.cc),
    subject: (envelope?.subject ?? "").replace(/[\r\n\0]+/g, " ").slice(0, 1000),
    sentAt: envelope?.date ? new Date(envelope.date) : null,
    body: "(Письмо слишком большое: импортированы только заголовки.)",
    bodyTruncated: true,
    attachments: [],
  };
}

async function readLetter(client: ImapFlow, uid: number, size: number): Promise<ParsedLetter> {
  if (size > inboxLimits.sourceBytes) return envelopeOnly(client, uid);
  const download = await client.download(String(uid), undefined, {
    uid: true,
    maxBytes: inboxLimits.sourceBytes,
    // Bigger pieces than the 64 KiB default: fewer round trips, memory still bounded by the piece.
    chunkSize: 1024 * 1024,
  });
  if (!download.content) return envelopeOnly(client, uid);
  return parseLetterStream(download.content);
}

/** One claimed mailbox's batch: how many letters were new, and whether more wait. */
async function importBatch(
  db: Database,
  box: ClaimedMailbox,
  shouldStop: () => boolean,
): Promise<{ imported: number; more: boolean }> {
  const client = imapClient(box);
  client.on("error", () => {});
  let imported = 0;
  try {
    await client.connect();
    const lock = await client.getMailboxLock(box.folder, { readOnly: true });
    try {
      const opened = client.mailbox;
      if (!opened) throw new Error(`The folder ${box.folder} could not be opened`);
      const uidValidity = Number(opened.uidValidity);
      let lastUid = box.lastUid;
      if (box.storedUidValidity !== uidValidity) {
        // The server renumbered the folder: start over (Message-IDs keep letters from coming twice).
        lastUid = 0;
        await db.execute(
          sql`update mailboxes set uid_validity = ${uidValidity}, last_uid = 0
              where id = ${box.id} and lease_token = ${box.leaseToken}`,
        );
      }
      const found = (await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })) || [];
      const pending = found.filter((uid) => uid > lastUid).sort((left, right) => left - right);
      await db.execute(
        sql`update mailboxes set total_count = imported_count + ${pending.length}
            where id = ${box.id} and lease_token = ${box.leaseToken}`,
      );
      const batch = pending.slice(0, inboxBatchSize);
      const mailbox = { ...box, uidValidity };
      for (const uid of batch) {
        if (shouldStop()) break;
        const meta = await client.fetchOne(String(uid), { size: true }, { uid: true });
        const size = meta ? (meta.size ?? 0) : 0;
        const letter = await readLetter(client, uid, size);
        const fresh = await db.transaction((tx) => storeLetter(tx, mailbox, uid, size, letter));
        if (fresh) imported++;
      }
      const more = pending.length > batch.length;
      await releaseMailbox(db, box, more ? 0 : idleSeconds, null);
      return { imported, more };
    } finally {
      lock.release();
    }
  } catch (error) {
    if (error instanceof LeaseLost) return { imported, more: false };
    await releaseMailbox(db, box, failedSeconds, imapErrorText(error));
    return { imported, more: false };
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/**
 * Imports what is due, a mailbox batch at a time, until no mailbox is due (or `shouldStop`).
 * `mailboxId` limits the pass to one mailbox (tests, and «import now»).
 */
export async function importDueMailboxes(
  db: Database,
  options: { shouldStop?: () => boolean; mailboxId?: string; maxBatches?: number } = {},
): Promise<number> {
  const shouldStop = options.shouldStop ?? (() => false);
  let done = 0;
  for (let batches = 0; batches < (options.maxBatches ?? 20) && !shouldStop(); batches++) {
    const box = await claimMailbox(db, options.mailboxId);
    if (!box) break;
    const { imported, more } = await importBatch(db, box, shouldStop);
    // A batch with more to come counts as work, so the polling worker comes back at once.
    done += more ? Math.max(imported, 1) : imported;
    if (options.mailboxId && !more) break;
  }
  return done;
}

const running = new Set<PollingWorker>();

/** Imports mail in the background: at start, every `pollMs`, and when a mailbox is saved. */
export function startInboxWorker(
  db: Database,
  options: { pollMs?: number; onError?: (error: unknown) => void } = {},
): PollingWorker {
  const worker = startPollingWorker((shouldStop) => importDueMailboxes(db, { shouldStop, maxBatches: 5 }), {
    pollMs: options.pollMs ?? pollMilliseconds,
    onError: options.onError,
  });
  running.add(worker);
  return {
    get processed() {
      return worker.processed;
    },
    wake: () => worker.wake(),
    async stop() {
      running.delete(worker);
      await worker.stop();
    },
  };
}

/** A mailbox was saved: this process's importers look at once. */
export function wakeInboxWorkers() {
  for (const worker of running) worker.wake();
}
