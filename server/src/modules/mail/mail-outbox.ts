import { type SQL, sql } from "drizzle-orm";
import { type Database, rows } from "../../platform/db/database";
import type { BlobStore } from "../../platform/files/blob-store";
import { type PollingWorker, startPollingWorker } from "../../platform/jobs/polling-worker";
import { mailErrorText, sendLetter } from "../../platform/mail/transport";
import { attachmentsForSending } from "./mail-file.service";
import { connectionOf, loadSmtp } from "./smtp-connection";

/** Waits after the 1st, 2nd, … failed attempt: a passing outage clears, a broken server is not hammered. */
export const retryDelaysSeconds = [60, 5 * 60, 30 * 60, 2 * 3600, 6 * 3600] as const;
/** The attempt after the last delay is the last; its failure leaves the letter `failed`. */
export const maxMailAttempts = retryDelaysSeconds.length + 1;
/**
 * A sender holds a claimed letter this long (the transport gives up well before); a process killed
 * mid-send leaves the letter to be tried again after it.
 */
const leaseSeconds = 5 * 60;
const pollMilliseconds = 30_000;

interface ClaimedLetter {
  id: string;
  attempts: number;
  toAddress: string;
  subject: string;
  body: string;
  replyTo: string | null;
  inReplyTo: string | null;
  references: string | null;
}

/**
 * Claims the next due letter in one statement: `FOR UPDATE SKIP LOCKED` keeps two processes off
 * the same row, and the lease (`claimed_until`) and the counted attempt commit before the letter
 * is sent, so the slow SMTP conversation holds no transaction and no lock.
 */
async function claimNextLetter(db: Database, at: SQL): Promise<ClaimedLetter | undefined> {
  const [letter] = await rows<ClaimedLetter>(
    db,
    sql`update mail_messages m set attempts = m.attempts + 1, claimed_until = ${at} + make_interval(secs => ${leaseSeconds})
        from users u
        where u.id = m.sender_id and m.id = (
          select id from mail_messages
          where state = 'outbox' and next_attempt_at <= ${at} and (claimed_until is null or claimed_until <= ${at})
          order by next_attempt_at, created_at, id limit 1
          for update skip locked)
        returning m.id, m.attempts, m.to_address as "toAddress", m.subject, m.body, u.email as "replyTo",
          m.in_reply_to as "inReplyTo", m.references_header as "references"`,
  );
  return letter;
}

/**
 * The outcome of an attempt. `attempts` fences it: a sender whose lease ran out (and whose letter
 * another process has claimed since) changes nothing.
 */
async function recordFailure(db: Database, letter: ClaimedLetter, error: string, at: SQL) {
  const fence = sql`id = ${letter.id} and attempts = ${letter.attempts} and state = 'outbox'`;
  if (letter.attempts >= maxMailAttempts) {
    await db.execute(
      sql`update mail_messages set state = 'failed', error = ${error}, next_attempt_at = null, claimed_until = null
          where ${fence}`,
    );
    return;
  }
  const delay = retryDelaysSeconds[letter.attempts - 1]!;
  await db.execute(
    sql`update mail_messages set error = ${error}, claimed_until = null,
          next_attempt_at = ${at} + make_interval(secs => ${delay})
        where ${fence}`,
  );
}

/**
 * Sends the letters that are due, one claim each, until none is (or `limit` went, or `shouldStop`).
 * Nothing is claimed while no mail server is set up: letters wait without spending attempts.
 * `now` replaces the database's clock (tests step through the back-off with it).
 */
export async function sendDueLetters(
  db: Database,
  store: BlobStore,
  options: { now?: Date; limit?: number; shouldStop?: () => boolean } = {},
): Promise<number> {
  const smtp = await loadSmtp(db);
  if (!smtp) return 0;
  const connection = connectionOf(smtp);
  const at = options.now ? sql`${options.now.toISOString()}::timestamptz` : sql`now()`;
  const limit = options.limit ?? 100;
  let count = 0;
  while (count < limit && !options.shouldStop?.()) {
    const letter = await claimNextLetter(db, at);
    if (!letter) break;
    count++;
    try {
      const { messageId } = await sendLetter(connection, {
        from: { name: smtp.fromName, address: smtp.fromAddress },
        replyTo: letter.replyTo,
        to: letter.toAddress,
        subject: letter.subject,
        text: letter.body,
        attachments: await attachmentsForSending(db, store, letter.id),
        inReplyTo: letter.inReplyTo,
        references: letter.references,
      });
      await db.execute(
        sql`update mail_messages set state = 'sent', sent_at = now(), message_id = ${messageId}, error = null,
              from_address = ${smtp.fromAddress}, next_attempt_at = null, claimed_until = null
            where id = ${letter.id} and attempts = ${letter.attempts}`,
      );
    } catch (error) {
      await recordFailure(db, letter, mailErrorText(error), at);
    }
  }
  return count;
}

const running = new Set<PollingWorker>();

/** Sends due letters in the background: at start, every `pollMs`, and when woken. */
export function startOutboxWorker(
  db: Database,
  store: BlobStore,
  options: { pollMs?: number; onError?: (error: unknown) => void } = {},
): PollingWorker {
  const worker = startPollingWorker((shouldStop) => sendDueLetters(db, store, { limit: 20, shouldStop }), {
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

/**
 * A letter was queued or the mail server was set up: this process's workers look at once (other
 * processes find it at their next poll). Called after the change commits.
 */
export function wakeOutboxWorkers() {
  for (const worker of running) worker.wake();
}
