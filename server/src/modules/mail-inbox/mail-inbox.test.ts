import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import {
  type DovecotServer,
  dovecotAvailable,
  dovecotMissing,
  letterSource,
  startDovecot,
} from "../../testing/dovecot";
import { createAccessFixture } from "../../testing/factories";
import { type SmtpTestServer, startSmtpServer } from "../../testing/smtp-test-server";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { sendDueLetters } from "../mail/mail-outbox";
import { importDueMailboxes } from "./inbox-importer";

if (!dovecotAvailable) console.warn(`mail-inbox.test.ts skipped: ${dovecotMissing}`);

interface TimelineEntry {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  email?: { state: string; from: string } | null;
  inbound?: {
    id: string;
    direction: string;
    attachments: { id: string; name: string; size: number; stored: boolean }[];
  };
}

describe.skipIf(!dovecotAvailable)("incoming mail from a real IMAP server (Dovecot)", () => {
  const context = useTestApp({ outboxWorker: false });
  let dovecot: DovecotServer;
  let smtp: SmtpTestServer;
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let managerA1: Client;
  let managerA2: Client;
  let headA: Client;
  let admin: Client;
  let company: { id: string };
  let contact: { id: string };
  let deal: { id: string };
  let personal: { id: string };
  let companyBox: { id: string };
  let firstLetter: { id: string; attachmentId: string };
  const attachment = randomBytes(3000);

  const db = () => context.handle.db;
  const count = async (table: string) =>
    (await rows<{ n: number }>(db(), sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n;
  const timeline = async (client: Client, path: string): Promise<TimelineEntry[]> => {
    const response = await client.request("GET", `/api/v1/${path}/timeline?limit=100`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().items;
  };
  const mailboxBody = (overrides: Record<string, unknown> = {}) => ({
    name: "Моя почта",
    host: "127.0.0.1",
    port: dovecot.port,
    security: "none",
    user: "a1",
    password: "a1-Пароль",
    ...overrides,
  });

  beforeAll(async () => {
    dovecot = await startDovecot([
      { user: "a1", password: "a1-Пароль" },
      { user: "office", password: "office-secret" },
    ]);
    smtp = await startSmtpServer();
    fixture = await createAccessFixture(db());
    [managerA1, managerA2, headA, admin] = await loginEach(context.app, [
      "manager-a1",
      "manager-a2",
      "head-a",
      "admin-user",
    ]);
    company = (
      await managerA1.request("POST", "/api/v1/companies", {
        name: "ТОО «Сварка-Алматы»",
        emails: ["office@svarka.kz"],
      })
    ).json();
    contact = (
      await managerA1.request("POST", "/api/v1/contacts", {
        name: "Алия Нурланова",
        emails: ["Aliya@Svarka.kz"],
        companyId: company.id,
      })
    ).json();
    deal = (
      await managerA1.request("POST", "/api/v1/deals", {
        title: "Инвертор САИ-250",
        amount: 150000,
        companyId: company.id,
        contactId: contact.id,
      })
    ).json();
    expect(deal.id).toBeDefined();
  }, 60_000);

  afterAll(async () => {
    await dovecot?.stop();
    await smtp?.close();
  });

  it("refuses bad mailbox input with 400 naming the field, and stores nothing", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ port: 70000 }, "port"],
      [{ host: "bad host/" }, "host"],
      [{ security: "ssl" }, "security"],
      [{ user: "" }, "user"],
      [{ folder: "IN\nBOX" }, "folder"],
      [{ security: "none", host: "mail.example.kz" }, "security"],
      [{ extra: true }, ""],
    ];
    for (const [overrides, field] of cases) {
      const response = await managerA1.request("POST", "/api/v1/mailboxes", mailboxBody(overrides));
      expect(response.statusCode, JSON.stringify(overrides)).toBe(400);
      expect(response.headers["content-type"]).toContain("application/problem+json");
      const paths = (response.json().errors ?? []).map((error: { path: string }) => error.path).join(" ");
      expect(paths, JSON.stringify(overrides)).toContain(field);
    }
    // The company's mailbox is for administrators.
    const refused = await managerA1.request("POST", "/api/v1/mailboxes", mailboxBody({ kind: "company" }));
    expect(refused.statusCode).toBe(403);
    expect(await count("mailboxes")).toBe(0);
  });

  it("keeps a personal mailbox its owner's: the password sealed and never returned, 404 to everyone else", async () => {
    const created = await managerA1.request("POST", "/api/v1/mailboxes", mailboxBody());
    expect(created.statusCode, created.body).toBe(201);
    personal = created.json();
    expect(created.json()).toMatchObject({
      kind: "personal",
      ownerId: fixture.managerA1.id,
      passwordSet: true,
      folder: "INBOX",
    });
    expect(created.body).not.toContain("Пароль");
    const [stored] = await rows<{ password: string }>(
      db(),
      sql`select password from mailboxes where id = ${personal.id}`,
    );
    expect(stored!.password).not.toContain("a1-Пароль");

    for (const other of [managerA2, headA, admin]) {
      expect((await other.request("PATCH", `/api/v1/mailboxes/${personal.id}`, { name: "Чужая" })).statusCode).toBe(
        404,
      );
      expect((await other.request("POST", `/api/v1/mailboxes/${personal.id}/check`)).statusCode).toBe(404);
      expect((await other.request("DELETE", `/api/v1/mailboxes/${personal.id}`)).statusCode).toBe(404);
      const list = (await other.request("GET", "/api/v1/mailboxes")).json();
      expect(list.items.map((item: { id: string }) => item.id)).not.toContain(personal.id);
    }
    const [after] = await rows<{ name: string }>(db(), sql`select name from mailboxes where id = ${personal.id}`);
    expect(after!.name).toBe("Моя почта");
    const bad = await managerA1.request("PATCH", `/api/v1/mailboxes/${personal.id}`, { port: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toContain("port");
  });

  it("«Проверить соединение» logs in to the real server and opens the folder", async () => {
    await dovecot.append(
      "a1",
      letterSource({ from: "x@y.kz", to: "a1@planerka.kz", subject: "Старое", body: "1", messageId: "<old-1@y.kz>" }),
    );
    const ok = await managerA1.request("POST", `/api/v1/mailboxes/${personal.id}/check`);
    expect(ok.json()).toEqual({ ok: true, error: null, messages: 1 });
  });

  it("lands a letter from a contact's address on the contact's, company's and open deal's timeline, with its file", async () => {
    await dovecot.append(
      "a1",
      letterSource({
        from: "Алия Нурланова <aliya@svarka.kz>",
        to: "a1@planerka.kz",
        subject: "Вопрос по инвертору",
        body: "Добрый день! Когда поставка?",
        messageId: "<q-1@svarka.kz>",
        attachment: { name: "реквизиты.pdf", type: "application/pdf", data: attachment },
      }),
    );
    expect(await importDueMailboxes(db(), { mailboxId: personal.id })).toBe(2);
    for (const path of [`contacts/${contact.id}`, `companies/${company.id}`, `deals/${deal.id}`]) {
      const letters = (await timeline(managerA1, path)).filter((item) => item.id.startsWith("inbound:"));
      expect(letters, path).toHaveLength(1);
      expect(letters[0]).toMatchObject({
        kind: "email",
        title: "Вопрос по инвертору",
        body: "Добрый день! Когда поставка?",
        email: { state: "received", from: "aliya@svarka.kz" },
        inbound: { direction: "in", attachments: [{ name: "реквизиты.pdf", size: 3000, stored: true }] },
      });
    }
    // The unknown sender of the first letter lands nowhere: the personal mailbox makes no leads.
    const [unplaced] = await rows<{ n: number }>(
      db(),
      sql`select count(*)::int as n from mail_inbound_messages where from_address = 'x@y.kz'
            and deal_id is null and contact_id is null and company_id is null and lead_id is null`,
    );
    expect(unplaced!.n).toBe(1);
    expect(await count("leads")).toBe(0);
    const [letter] = (await timeline(managerA1, `deals/${deal.id}`)).filter((item) => item.id.startsWith("inbound:"));
    firstLetter = { id: letter!.inbound!.id, attachmentId: letter!.inbound!.attachments[0]!.id };
    const list = (await managerA1.request("GET", "/api/v1/mailboxes")).json();
    expect(list.items.find((item: { id: string }) => item.id === personal.id)).toMatchObject({
      imported: 2,
      total: 2,
      lastError: null,
    });
  });

  it("downloads the letter's file for those who see the deal; 404 for another manager", async () => {
    const url = `/api/v1/mail/inbound/${firstLetter.id}/attachments/${firstLetter.attachmentId}`;
    for (const reader of [managerA1, headA]) {
      const response = await reader.request("GET", url);
      expect(response.statusCode).toBe(200);
      expect(response.rawPayload.equals(attachment)).toBe(true);
      expect(response.headers["content-disposition"]).toContain("attachment");
    }
    expect((await managerA2.request("GET", url)).statusCode).toBe(404);
    expect(
      (await managerA2.request("POST", `/api/v1/mail/inbound/${firstLetter.id}/reply`, { text: "Чужой" })).statusCode,
    ).toBe(404);
    const timelineOfA2 = await managerA2.request("GET", `/api/v1/deals/${deal.id}/timeline`);
    expect(timelineOfA2.statusCode).toBe(404);
  });

  it("a second pass imports nothing new, and the same Message-ID arriving again is imported once", async () => {
    const before = await count("mail_inbound_messages");
    expect(await importDueMailboxes(db(), { mailboxId: personal.id })).toBe(0);
    await dovecot.append(
      "a1",
      letterSource({
        from: "aliya@svarka.kz",
        to: "a1@planerka.kz",
        subject: "Вопрос по инвертору",
        body: "again",
        messageId: "<q-1@svarka.kz>",
      }),
    );
    expect(await importDueMailboxes(db(), { mailboxId: personal.id })).toBe(0);
    expect(await count("mail_inbound_messages")).toBe(before);
    const [box] = await rows<{ lastUid: number }>(
      db(),
      sql`select last_uid::int as "lastUid" from mailboxes where id = ${personal.id}`,
    );
    expect(box!.lastUid).toBe(3);
  });

  it("a reply to a letter sent from Planerka joins its thread and its deal", async () => {
    const otherDeal = (
      await managerA1.request("POST", "/api/v1/deals", {
        title: "Сварочная маска",
        amount: 9000,
        companyId: company.id,
      })
    ).json();
    const sent = (
      await managerA1.request("POST", `/api/v1/deals/${otherDeal.id}/emails`, {
        subject: "Предложение",
        body: "Цена 9000",
      })
    ).json();
    // As the outbox would have sent it.
    await db().execute(
      sql`update mail_messages set state = 'sent', message_id = '<sent-7@crm.planerka.kz>' where id = ${sent.id}`,
    );
    await dovecot.append(
      "a1",
      letterSource({
        from: "office@svarka.kz",
        to: "a1@planerka.kz",
        subject: "Re: Предложение",
        body: "Согласны",
        messageId: "<answer-7@svarka.kz>",
        extra: { "In-Reply-To": "<sent-7@crm.planerka.kz>", References: "<sent-7@crm.planerka.kz>" },
      }),
    );
    expect(await importDueMailboxes(db(), { mailboxId: personal.id })).toBe(1);
    const [reply] = await rows<{ dealId: string; repliesTo: string }>(
      db(),
      sql`select deal_id as "dealId", replies_to as "repliesTo" from mail_inbound_messages where message_id = '<answer-7@svarka.kz>'`,
    );
    expect(reply).toEqual({ dealId: otherDeal.id, repliesTo: sent.id });
    const titles = (await timeline(managerA1, `deals/${otherDeal.id}`)).map((item) => item.title);
    expect(titles).toEqual(expect.arrayContaining(["Предложение", "Re: Предложение"]));
    expect((await timeline(managerA1, `deals/${deal.id}`)).map((item) => item.title)).not.toContain("Re: Предложение");
  });

  it("«Ответить» goes out over SMTP in the letter's thread, on the same deal", async () => {
    await admin.request("PUT", "/api/v1/mail/smtp", {
      host: "127.0.0.1",
      port: smtp.port,
      secure: false,
      user: "robot@planerka.kz",
      password: "smtp-secret",
      fromAddress: "crm@planerka.kz",
    });
    const bad = await managerA1.request("POST", `/api/v1/mail/inbound/${firstLetter.id}/reply`, { text: "" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toContain("text");
    const response = await managerA1.request("POST", `/api/v1/mail/inbound/${firstLetter.id}/reply`, {
      text: "Поставка в пятницу.",
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      to: "aliya@svarka.kz",
      subject: "Re: Вопрос по инвертору",
      state: "outbox",
    });
    expect(await sendDueLetters(db(), context.store)).toBe(1);
    const raw = smtp.arrived.at(-1)!.raw;
    expect(raw).toMatch(/^In-Reply-To: <q-1@svarka\.kz>/m);
    expect(raw).toMatch(/^References: <q-1@svarka\.kz>/m);
    expect(smtp.arrived.at(-1)!.rcptTo).toEqual(["aliya@svarka.kz"]);
    const items = await timeline(managerA1, `deals/${deal.id}`);
    expect(items.find((item) => item.id === `email:${response.json().id}`)).toMatchObject({
      title: "Re: Вопрос по инвертору",
      email: { state: "sent" },
    });
  });

  it("the company mailbox makes a lead of an unknown sender when asked to", async () => {
    const created = await admin.request("POST", "/api/v1/mailboxes", {
      kind: "company",
      name: "Отдел продаж",
      host: "127.0.0.1",
      port: dovecot.port,
      security: "none",
      user: "office",
      password: "office-secret",
      createLeads: true,
    });
    expect(created.statusCode, created.body).toBe(201);
    companyBox = created.json();
    // Visible to administrators only.
    expect((await managerA1.request("GET", "/api/v1/mailboxes")).json().items).toHaveLength(1);
    expect((await managerA1.request("PATCH", `/api/v1/mailboxes/${companyBox.id}`, { name: "x" })).statusCode).toBe(
      404,
    );
    await dovecot.append(
      "office",
      letterSource({
        from: "Новый Клиент <new@client.kz>",
        to: "sales@planerka.kz",
        subject: "Нужен генератор",
        body: "Цена?",
        messageId: "<lead-1@client.kz>",
      }),
    );
    expect(await importDueMailboxes(db(), { mailboxId: companyBox.id })).toBe(1);
    const leads = await rows<{ id: string; email: string; ownerId: string; source: string }>(
      db(),
      sql`select id, email, owner_id as "ownerId", source from leads`,
    );
    expect(leads).toEqual([
      { id: expect.any(String), email: "new@client.kz", ownerId: fixture.admin.id, source: "Почта" },
    ]);
    const items = await timeline(admin, `leads/${leads[0]!.id}`);
    const inbound = items.find((item) => item.id.startsWith("inbound:"));
    expect(inbound).toMatchObject({ title: "Нужен генератор" });
    // The answer from the lead's card stays on the lead's timeline.
    const replied = await admin.request("POST", `/api/v1/mail/inbound/${inbound!.id.slice("inbound:".length)}/reply`, {
      text: "Добрый день! Цена в предложении.",
    });
    expect(replied.statusCode, replied.body).toBe(201);
    const after = await timeline(admin, `leads/${leads[0]!.id}`);
    expect(after.find((item) => item.kind === "email")).toMatchObject({ title: "Re: Нужен генератор" });
  });

  it("two importers at once import each letter once", async () => {
    for (let index = 0; index < 7; index++) {
      await dovecot.append(
        "office",
        letterSource({
          from: "aliya@svarka.kz",
          to: "sales@planerka.kz",
          subject: `Заказ ${index}`,
          body: `№${index}`,
          messageId: `<race-${index}@svarka.kz>`,
        }),
      );
    }
    const before = await count("mail_inbound_messages");
    const [first, second] = await Promise.all([
      importDueMailboxes(db(), { mailboxId: companyBox.id }),
      importDueMailboxes(db(), { mailboxId: companyBox.id }),
    ]);
    // Whichever lost the lease imported nothing; a later pass finds nothing either.
    expect(first + second + (await importDueMailboxes(db(), { mailboxId: companyBox.id }))).toBe(7);
    expect(await count("mail_inbound_messages")).toBe(before + 7);
    const [duplicates] = await rows<{ n: number }>(
      db(),
      sql`select count(*)::int as n from (select message_id from mail_inbound_messages group by mailbox_id, message_id having count(*) > 1) d`,
    );
    expect(duplicates!.n).toBe(0);
  });

  it("imports a big letter: the file stored whole, the body cut", async () => {
    const big = randomBytes(4 * 1024 * 1024);
    const longBody = "Очень длинное письмо. ".repeat(8000);
    await dovecot.append(
      "office",
      letterSource({
        from: "aliya@svarka.kz",
        to: "sales@planerka.kz",
        subject: "Каталог",
        body: longBody,
        messageId: "<big-1@svarka.kz>",
        attachment: { name: "catalog.bin", type: "application/octet-stream", data: big },
      }),
    );
    expect(await importDueMailboxes(db(), { mailboxId: companyBox.id })).toBe(1);
    const [letter] = await rows<{ id: string; body: string; bodyTruncated: boolean; size: number }>(
      db(),
      sql`select id, body, body_truncated as "bodyTruncated", size from mail_inbound_messages where message_id = '<big-1@svarka.kz>'`,
    );
    expect(letter!.body.length).toBe(100_000);
    expect(letter!.bodyTruncated).toBe(true);
    expect(letter!.size).toBeGreaterThan(5 * 1024 * 1024);
    const [file] = await rows<{ id: string; size: number }>(
      db(),
      sql`select id, size from mail_inbound_attachments where message_id = ${letter!.id}`,
    );
    expect(file!.size).toBe(big.length);
    const response = await managerA1.request("GET", `/api/v1/mail/inbound/${letter!.id}/attachments/${file!.id}`);
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.equals(big)).toBe(true);
  }, 60_000);

  // Last: Dovecot slows the next login from the same address after a failed one.
  it("«Проверить соединение» reports a wrong password in the server's words", async () => {
    const wrong = (await managerA1.request("POST", "/api/v1/mailboxes", mailboxBody({ password: "wrong" }))).json();
    const failed = (await managerA1.request("POST", `/api/v1/mailboxes/${wrong.id}/check`)).json();
    expect(failed.ok).toBe(false);
    expect(failed.error).toMatch(/auth/i);
    expect((await managerA1.request("DELETE", `/api/v1/mailboxes/${wrong.id}`)).statusCode).toBe(204);
  });
});
