/**
 * Bench part `mail` (issue #19): a mailbox of thousands of letters and one of 50 MB, imported by the
 * importer's own path (`importDueMailboxes`: a lease per mailbox, batches of 50, each letter parsed as
 * a stream) from a real Dovecot (Debian's dovecot-imapd, started in a temporary folder) into a fresh
 * embedded database (or DATABASE_URL). Prints letters a second and the process's RSS before, at its
 * peak and after: memory must stay bounded, whatever the letters' number and size.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { importDueMailboxes } from "../server/src/modules/mail-inbox/inbox-importer";
import { createMailboxOrThrow } from "../server/src/modules/mail-inbox/mailbox.service";
import { createCompany } from "../server/src/modules/settings/company-setup";
import { actorForUser } from "../server/src/platform/auth/authenticate";
import { migrateDatabase, openDatabase, rows } from "../server/src/platform/db/database";
import { users } from "../server/src/platform/db/schema";
import { dovecotAvailable, dovecotMissing, letterSource, startDovecot } from "../server/src/testing/dovecot";

const letterCount = Number(process.env.BENCH_MAIL_LETTERS ?? 2_000);
const bigLetterMegabytes = Number(process.env.BENCH_MAIL_BIG_MB ?? 50);
const contactCount = 500;

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

export async function measureMailImport() {
  if (!dovecotAvailable) {
    console.log(`mail: skipped — ${dovecotMissing}`);
    return;
  }
  const folder = mkdtempSync(path.join(tmpdir(), "planerka-bench-mail-"));
  const dovecot = await startDovecot([{ user: "bench", password: "bench-password" }]);
  try {
    const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: path.join(folder, "db") });
    await migrateDatabase(handle);
    const db = handle.db;
    const { rootUnitId } = await db.transaction((tx) => createCompany(tx, "Бенчмарк почты"));
    const [owner] = await db
      .insert(users)
      .values({ login: "bench-mail", passwordHash: "x", name: "Менеджер почты", role: "manager", unitId: rootUnitId })
      .returning({ id: users.id });
    // Clients the letters come from (every fourth sender is unknown).
    await db.execute(
      sql`insert into contacts (name, emails, owner_id)
          select 'Клиент ' || n, array['client' || n || '@example.kz'], ${owner!.id}
          from generate_series(1, ${contactCount}) n`,
    );

    const appendStarted = performance.now();
    for (let index = 0; index < letterCount; index++) {
      const sender =
        index % 4 === 3 ? `stranger${index}@example.org` : `client${(index % contactCount) + 1}@example.kz`;
      await dovecot.append(
        "bench",
        letterSource({
          from: sender,
          to: "bench@planerka.kz",
          subject: `Запрос ${index}: сварочная проволока`,
          body: `Здравствуйте! Прошу счёт на позицию ${index}.\n${"Текст письма. ".repeat(40)}`,
          messageId: `<bench-${index}@example.kz>`,
        }),
      );
    }
    // base64 grows a file by a third: the letter as stored is about BENCH_MAIL_BIG_MB.
    const attachment = randomBytes(Math.round((bigLetterMegabytes * 1024 * 1024 * 3) / 4));
    await dovecot.append(
      "bench",
      letterSource({
        from: "client1@example.kz",
        to: "bench@planerka.kz",
        subject: "Чертежи и фотографии объекта",
        body: "Во вложении архив.",
        messageId: "<bench-big@example.kz>",
        attachment: { name: "объект.zip", type: "application/zip", data: attachment },
      }),
    );
    const appendSeconds = (performance.now() - appendStarted) / 1000;

    const actor = await actorForUser(db, owner!.id);
    const mailbox = await createMailboxOrThrow(db, actor, {
      kind: "personal",
      name: "Бенчмарк",
      host: dovecot.host,
      port: dovecot.port,
      security: "none",
      user: "bench",
      password: "bench-password",
      folder: "INBOX",
      active: true,
      createLeads: true,
    });

    globalThis.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 50);
    const started = performance.now();
    // One batch a call, as the background worker takes them, until nothing is left.
    while ((await importDueMailboxes(db, { mailboxId: mailbox.id, maxBatches: 1 })) > 0);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    globalThis.gc?.();
    const rssAfter = process.memoryUsage().rss;

    const [check] = await rows<{ letters: number; onContacts: number; leads: number; big: number }>(
      db,
      sql`select count(*)::int as letters, count(*) filter (where contact_id is not null)::int as "onContacts",
                 (select count(*)::int from leads) as leads,
                 count(*) filter (where message_id = 'bench-big@example.kz' or message_id = '<bench-big@example.kz>')::int as big
          from mail_inbound_messages`,
    );
    console.log(
      [
        "",
        `mail import (${letterCount.toLocaleString("en")} letters of ~3 KB and one of ~${bigLetterMegabytes} MB; appended to Dovecot in ${appendSeconds.toFixed(1)} s)`,
        `  imported ${check!.letters.toLocaleString("en")} letters (${check!.onContacts} on contacts, ${check!.leads} leads, big one: ${check!.big}) in ${seconds.toFixed(1)} s — ${(check!.letters / seconds).toFixed(0)} letters/s`,
        `  RSS before ${megabytes(rssBefore)}, peak ${megabytes(rssPeak)} (+${megabytes(rssPeak - rssBefore)}), after ${megabytes(rssAfter)}`,
        "",
      ].join("\n"),
    );
    await handle.close();
  } finally {
    await dovecot.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}
