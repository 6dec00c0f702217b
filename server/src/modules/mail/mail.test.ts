import { dayInTimeZone, isoWeekOf } from "@planerka/common";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { parseLetter, type SmtpTestServer, startSmtpServer } from "../../testing/smtp-test-server";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { sendDueLetters } from "./mail-outbox";

const missingLetter = "00000000-0000-4000-8000-000000000000";

describe("letters from a deal card", () => {
  // The test sends the outbox by hand (`sendDueLetters`), as the background worker would.
  const context = useTestApp({ outboxWorker: false });
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let managerA1: Client;
  let managerA2: Client;
  let headA: Client;
  let admin: Client;
  let smtp: SmtpTestServer;
  let waiting: { id: string };
  let dealWithContact: { id: string };
  let dealWithoutEmail: { id: string };

  const countLetters = async () =>
    (await rows<{ n: number }>(context.handle.db, sql`select count(*)::int as n from mail_messages`))[0]!.n;

  const smtpBody = (overrides: Record<string, unknown> = {}) => ({
    host: "127.0.0.1",
    port: smtp.port,
    secure: false,
    user: "robot@example.kz",
    password: "s3cret-Пароль",
    fromAddress: "crm@example.kz",
    fromName: "Планерка · Отдел продаж",
    ...overrides,
  });

  beforeAll(async () => {
    smtp = await startSmtpServer();
    fixture = await createAccessFixture(context.handle.db);
    [managerA1, managerA2, headA, admin] = await loginEach(context.app, [
      "manager-a1",
      "manager-a2",
      "head-a",
      "admin-user",
    ]);
    const company = (
      await managerA1.request("POST", "/api/v1/companies", {
        name: "ТОО «Сварка-Алматы»",
        emails: ["office@svarka.kz"],
      })
    ).json();
    const contact = (
      await managerA1.request("POST", "/api/v1/contacts", {
        name: "Алия Нурланова",
        emails: ["aliya@svarka.kz"],
        companyId: company.id,
      })
    ).json();
    dealWithContact = (
      await managerA1.request("POST", "/api/v1/deals", {
        title: "Инвертор Ресанта САИ-250",
        amount: 150000,
        companyId: company.id,
        contactId: contact.id,
      })
    ).json();
    dealWithoutEmail = (await managerA1.request("POST", "/api/v1/deals", { title: "Без адреса", amount: 1 })).json();
    expect(dealWithContact.id).toBeDefined();
    expect(dealWithoutEmail.id).toBeDefined();
  });

  afterAll(async () => {
    await smtp?.close();
  });

  it("only an administrator reads and sets the SMTP server", async () => {
    for (const client of [managerA1, headA]) {
      expect((await client.request("GET", "/api/v1/mail/smtp")).statusCode).toBe(403);
      expect((await client.request("PUT", "/api/v1/mail/smtp", smtpBody())).statusCode).toBe(403);
      expect((await client.request("DELETE", "/api/v1/mail/smtp")).statusCode).toBe(403);
      expect((await client.request("GET", "/api/v1/mail/outbox")).statusCode).toBe(403);
    }
    const empty = (await admin.request("GET", "/api/v1/mail/smtp")).json();
    expect(empty).toMatchObject({ configured: false, passwordSet: false, host: null });
  });

  it("without SMTP a letter waits in the outbox, and the administrator reads it there", async () => {
    const response = await managerA1.request("POST", `/api/v1/deals/${dealWithContact.id}/emails`, {
      subject: "Счёт на оплату",
      body: "Добрый день! Счёт во вложении.",
    });
    expect(response.statusCode, response.body).toBe(201);
    const letter = response.json();
    expect(letter).toMatchObject({
      state: "outbox",
      to: "aliya@svarka.kz",
      subject: "Счёт на оплату",
      senderId: fixture.managerA1.id,
      sentAt: null,
    });
    const outbox = (await admin.request("GET", "/api/v1/mail/outbox")).json();
    expect(outbox.total).toBe(1);
    expect(outbox.items[0]).toMatchObject({
      id: letter.id,
      body: "Добрый день! Счёт во вложении.",
      dealTitle: "Инвертор Ресанта САИ-250",
    });
    const timeline = (await managerA1.request("GET", `/api/v1/deals/${dealWithContact.id}/timeline`)).json();
    const item = timeline.items.find((entry: { id: string }) => entry.id === `email:${letter.id}`);
    expect(item).toMatchObject({
      kind: "email",
      title: "Счёт на оплату",
      body: "Добрый день! Счёт во вложении.",
      email: { to: "aliya@svarka.kz", state: "outbox", error: null },
    });
    // Without a server the worker claims nothing and spends no attempt.
    expect(await sendDueLetters(context.handle.db, context.store)).toBe(0);
    expect((await admin.request("GET", "/api/v1/mail/outbox")).json().items[0]).toMatchObject({ attempts: 0 });
    expect(smtp.arrived).toHaveLength(0);
    waiting = letter;
  });

  it("stores the SMTP password but never returns it, nor writes it to the audit trail", async () => {
    const saved = await admin.request("PUT", "/api/v1/mail/smtp", smtpBody({ version: 0 }));
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({
      configured: true,
      host: "127.0.0.1",
      port: smtp.port,
      user: "robot@example.kz",
      passwordSet: true,
      fromAddress: "crm@example.kz",
      version: 1,
    });
    expect(saved.json()).not.toHaveProperty("password");
    expect(saved.body).not.toContain("s3cret");
    const read = await admin.request("GET", "/api/v1/mail/smtp");
    expect(read.body).not.toContain("s3cret");
    expect(read.json().passwordSet).toBe(true);
    // Saving again without a password keeps the stored one; a stale version changes nothing.
    const again = await admin.request("PUT", "/api/v1/mail/smtp", smtpBody({ password: undefined, version: 1 }));
    expect(again.json()).toMatchObject({ passwordSet: true, version: 2 });
    const stale = await admin.request("PUT", "/api/v1/mail/smtp", smtpBody({ host: "10.0.0.1", version: 1 }));
    expect(stale.statusCode).toBe(409);
    const audit = await rows<{ changes: unknown }>(
      context.handle.db,
      sql`select changes from audit_log where entity = 'smtp_settings'`,
    );
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toContain("s3cret");
    // Sealed at rest: a dump of the database does not hold the password.
    const [stored] = await rows<{ password: string }>(context.handle.db, sql`select password from smtp_settings`);
    expect(stored!.password).toMatch(/^v1:/);
    expect(stored!.password).not.toContain("s3cret");
    const openapi = await context.app.inject({ method: "GET", url: "/api/v1/openapi.json" });
    expect(openapi.statusCode).toBe(200);
  });

  it("sends a letter from the owner's deal over SMTP: sender, recipient, Cyrillic subject and body arrive", async () => {
    const subject = "Коммерческое предложение — инвертор САИ-250 «Ресанта»";
    const body = "Здравствуйте, Алия!\n\nЦена: 150 000 ₸, срок поставки — 3 дня.\nС уважением, отдел продаж";
    const response = await managerA1.request("POST", `/api/v1/deals/${dealWithContact.id}/emails`, {
      subject,
      body,
    });
    expect(response.statusCode, response.body).toBe(201);
    // The request only queues it; the worker sends it, and the letter written before the server
    // was set up with it.
    expect(response.json()).toMatchObject({ state: "outbox", attempts: 0, sentAt: null });
    expect(await sendDueLetters(context.handle.db, context.store)).toBe(2);
    const letter = (await admin.request("GET", "/api/v1/mail/outbox")).json();
    expect(letter.total).toBe(0);
    expect(smtp.arrived.map((entry) => parseLetter(entry.raw).headers.get("subject"))).toEqual([
      "Счёт на оплату",
      subject,
    ]);
    const [waitingRow] = await rows<{ state: string; from: string; attempts: number }>(
      context.handle.db,
      sql`select state, from_address as "from", attempts from mail_messages where id = ${waiting.id}`,
    );
    expect(waitingRow).toEqual({ state: "sent", from: "crm@example.kz", attempts: 1 });

    const message = smtp.arrived[1]!;
    expect(message.mailFrom).toBe("crm@example.kz");
    expect(message.rcptTo).toEqual(["aliya@svarka.kz"]);
    expect(message.user).toBe("robot@example.kz");
    expect(smtp.logins.at(-1)).toEqual({ user: "robot@example.kz", password: "s3cret-Пароль" });
    const parsed = parseLetter(message.raw);
    expect(parsed.headers.get("from")).toBe("Планерка · Отдел продаж <crm@example.kz>");
    expect(parsed.headers.get("to")).toBe("aliya@svarka.kz");
    expect(parsed.headers.get("subject")).toBe(subject);
    expect(parsed.headers.get("content-type")).toMatch(/text\/plain; charset=utf-8/i);
    expect(parsed.body).toBe(body);

    const timeline = (await managerA1.request("GET", `/api/v1/deals/${dealWithContact.id}/timeline`)).json();
    expect(timeline.items.find((entry: { id: string }) => entry.id === `email:${response.json().id}`)).toMatchObject({
      kind: "email",
      title: subject,
      email: { state: "sent", to: "aliya@svarka.kz", from: "crm@example.kz", error: null },
    });
  });

  it("a head writes from a subordinate's deal to an address given by hand", async () => {
    const response = await headA.request("POST", `/api/v1/deals/${dealWithoutEmail.id}/emails`, {
      to: " buyer@example.com ",
      subject: "Встреча",
      body: "Предлагаю встретиться в четверг.",
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ state: "outbox", to: "buyer@example.com", senderId: fixture.headA.id });
    expect(await sendDueLetters(context.handle.db, context.store)).toBe(1);
    expect(smtp.arrived.at(-1)!.rcptTo).toEqual(["buyer@example.com"]);
  });

  it("a refused login is retried with back-off, then kept as failed with the server's answer", async () => {
    const current = (await admin.request("GET", "/api/v1/mail/smtp")).json();
    await admin.request("PUT", "/api/v1/mail/smtp", smtpBody({ password: "wrong", version: current.version }));
    const before = smtp.arrived.length;
    const loginsBefore = smtp.logins.length;
    const response = await managerA1.request("POST", `/api/v1/deals/${dealWithContact.id}/emails`, {
      subject: "Не дойдёт",
      body: "Текст",
    });
    expect(response.statusCode, response.body).toBe(201);
    const id = response.json().id as string;
    const read = async () =>
      (await admin.request("GET", "/api/v1/mail/outbox")).json().items.find((item: { id: string }) => item.id === id);

    // The clock steps to each attempt: 1 min, 5 min, 30 min, 2 h and 6 h after the one before.
    let clock = Date.now();
    const delays = [60, 300, 1800, 7200, 21600];
    for (const [index, delay] of delays.entries()) {
      expect(await sendDueLetters(context.handle.db, context.store, { now: new Date(clock) })).toBe(1);
      const letter = await read();
      expect(letter).toMatchObject({ state: "outbox", attempts: index + 1 });
      expect(letter.error).toMatch(/auth/i);
      expect(letter.nextAttemptAt).toBe(new Date(clock + delay * 1000).toISOString());
      // Not a second before.
      expect(
        await sendDueLetters(context.handle.db, context.store, { now: new Date(clock + delay * 1000 - 1000) }),
      ).toBe(0);
      clock += delay * 1000;
    }
    expect(await sendDueLetters(context.handle.db, context.store, { now: new Date(clock) })).toBe(1);
    const failed = await read();
    expect(failed).toMatchObject({ state: "failed", attempts: 6, nextAttemptAt: null });
    expect(failed.error).toMatch(/auth/i);
    expect(await sendDueLetters(context.handle.db, context.store, { now: new Date(clock + 86_400_000) })).toBe(0);
    expect(smtp.logins.length - loginsBefore).toBe(6);
    expect(smtp.arrived.length).toBe(before);
    const timeline = (await managerA1.request("GET", `/api/v1/deals/${dealWithContact.id}/timeline`)).json();
    expect(timeline.items.find((entry: { id: string }) => entry.id === `email:${id}`).email).toMatchObject({
      state: "failed",
    });

    // «Отправить снова» once the password is right: its author may, and it leaves.
    const fixed = (await admin.request("GET", "/api/v1/mail/smtp")).json();
    await admin.request("PUT", "/api/v1/mail/smtp", smtpBody({ version: fixed.version }));
    for (const outsider of [managerA2, headA]) {
      expect((await outsider.request("POST", `/api/v1/mail/messages/${id}/resend`)).statusCode).toBe(404);
    }
    expect((await read()).state).toBe("failed");
    const resent = await managerA1.request("POST", `/api/v1/mail/messages/${id}/resend`);
    expect(resent.statusCode, resent.body).toBe(200);
    expect(resent.json()).toMatchObject({ state: "outbox", attempts: 0 });
    expect(await sendDueLetters(context.handle.db, context.store)).toBe(1);
    expect(smtp.arrived.length).toBe(before + 1);
    expect(parseLetter(smtp.arrived.at(-1)!.raw).headers.get("subject")).toBe("Не дойдёт");
    // A sent letter is not sent again.
    expect((await admin.request("POST", `/api/v1/mail/messages/${id}/resend`)).statusCode).toBe(409);
    expect((await admin.request("POST", `/api/v1/mail/messages/${missingLetter}/resend`)).statusCode).toBe(404);
    expect((await admin.request("POST", "/api/v1/mail/messages/not-an-id/resend")).statusCode).toBe(400);
    const audit = await rows<{ action: string }>(
      context.handle.db,
      sql`select action from audit_log where entity = 'mail' and entity_id = ${id} order by id`,
    );
    expect(audit.map((entry) => entry.action)).toEqual(["create", "resend"]);
  });

  it("two workers at once send each letter once", async () => {
    const subjects = ["Первое", "Второе", "Третье", "Четвёртое", "Пятое"];
    for (const subject of subjects) {
      await managerA1.request("POST", `/api/v1/deals/${dealWithContact.id}/emails`, { subject, body: "Текст" });
    }
    const before = smtp.arrived.length;
    const counts = await Promise.all([
      sendDueLetters(context.handle.db, context.store),
      sendDueLetters(context.handle.db, context.store),
    ]);
    expect(counts[0]! + counts[1]!).toBe(subjects.length);
    const arrived = smtp.arrived.slice(before).map((entry) => parseLetter(entry.raw).headers.get("subject"));
    expect(arrived.sort()).toEqual([...subjects].sort());
    const letters = await rows<{ state: string; attempts: number }>(
      context.handle.db,
      sql`select state, attempts from mail_messages where subject in (${sql.join(
        subjects.map((subject) => sql`${subject}`),
        sql`, `,
      )})`,
    );
    expect(letters).toEqual(subjects.map(() => ({ state: "sent", attempts: 1 })));
    // Removing the server leaves letters in the outbox again.
    expect((await admin.request("DELETE", "/api/v1/mail/smtp")).statusCode).toBe(204);
    expect((await admin.request("GET", "/api/v1/mail/smtp")).json().configured).toBe(false);
  });

  it("another manager's deal is not found, and nothing is stored", async () => {
    const before = await countLetters();
    const response = await managerA2.request("POST", `/api/v1/deals/${dealWithContact.id}/emails`, {
      subject: "Чужая сделка",
      body: "Текст",
    });
    expect(response.statusCode).toBe(404);
    const missing = await managerA1.request("POST", "/api/v1/deals/00000000-0000-4000-8000-000000000000/emails", {
      subject: "Нет сделки",
      body: "Текст",
    });
    expect(missing.statusCode).toBe(404);
    expect(await countLetters()).toBe(before);
    // Nor does the other manager see the letters on the company's card.
    const timeline = await managerA2.request("GET", `/api/v1/deals/${dealWithContact.id}/timeline`);
    expect(timeline.statusCode).toBe(404);
  });

  it.each([
    [{ to: "not-an-address", subject: "Тема", body: "Текст" }, "body.to"],
    [{ to: "a@b.kz\r\nBcc: x@y.kz", subject: "Тема", body: "Текст" }, "body.to"],
    [{ subject: "", body: "Текст" }, "body.subject"],
    [{ subject: "Тема\r\nBcc: spy@example.com", body: "Текст" }, "body.subject"],
    [{ subject: "Тема", body: "   " }, "body.body"],
    [{ subject: "Тема" }, "body.body"],
    [{ subject: "Тема", body: "Текст", cc: "x@y.kz" }, "body"],
  ])("bad input %j is refused naming %s, and nothing is stored", async (payload, path) => {
    const before = await countLetters();
    const response = await managerA1.request("POST", `/api/v1/deals/${dealWithContact.id}/emails`, payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(path);
    expect(await countLetters()).toBe(before);
  });

  it("a deal whose client has no e-mail needs the address, named as `to`", async () => {
    const before = await countLetters();
    const response = await managerA1.request("POST", `/api/v1/deals/${dealWithoutEmail.id}/emails`, {
      subject: "Тема",
      body: "Текст",
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors[0].path).toBe("to");
    expect(await countLetters()).toBe(before);
  });

  it("bad SMTP settings are refused naming the field", async () => {
    for (const [overrides, path] of [
      [{ port: 0 }, "body.port"],
      [{ host: "" }, "body.host"],
      [{ host: "smtp.example.kz/evil" }, "body.host"],
      [{ fromAddress: "nobody" }, "body.fromAddress"],
    ] as const) {
      const response = await admin.request("PUT", "/api/v1/mail/smtp", smtpBody(overrides));
      expect(response.statusCode).toBe(400);
      expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(path);
    }
    expect((await admin.request("GET", "/api/v1/mail/smtp")).json().configured).toBe(false);
  });
});

describe("Звонок and Встреча from a deal card", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let managerA1: Client;
  let managerA2: Client;
  let headA: Client;
  let headB: Client;
  let types: { id: string; code: string; category: string }[];
  let deal: { id: string; companyId: string | null; contactId: string | null };

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [managerA1, managerA2, headA, headB] = await loginEach(context.app, [
      "manager-a1",
      "manager-a2",
      "head-a",
      "head-b",
    ]);
    types = (await managerA1.request("GET", "/api/v1/activity-types")).json().items;
    const company = (await managerA1.request("POST", "/api/v1/companies", { name: "ТОО «Электрод»" })).json();
    deal = (
      await managerA1.request("POST", "/api/v1/deals", { title: "Сварочный полуавтомат", companyId: company.id })
    ).json();
  });

  const typeOf = (code: string) => types.find((type) => type.code === code)!.id;
  const thisWeek = () => {
    const today = dayInTimeZone(new Date(), "Asia/Almaty");
    return { today, week: isoWeekOf(today) };
  };

  it("a meeting a head assigns on the deal is in the owner's weekly table at once", async () => {
    const dueAt = new Date(Date.now() + 60 * 60_000).toISOString();
    const created = await headA.request("POST", "/api/v1/activities", {
      typeId: typeOf("meeting_active"),
      subject: "Встреча по полуавтомату",
      dueAt,
      durationMinutes: 60,
      ownerId: fixture.managerA1.id,
      dealId: deal.id,
      companyId: deal.companyId,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ ownerId: fixture.managerA1.id, createdBy: fixture.headA.id });
    const { today, week } = thisWeek();
    const day = dayInTimeZone(new Date(dueAt), "Asia/Almaty");
    const table = await managerA1.request(
      "GET",
      `/api/v1/cabinet/manager/${fixture.managerA1.id}/week?week=${isoWeekOf(day)}&date=${today}`,
    );
    expect(table.statusCode, table.body).toBe(200);
    const row = table.json().days.find((entry: { date: string }) => entry.date === day);
    expect(row.activities).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: created.json().id, subject: "Встреча по полуавтомату", state: "active" }),
      ]),
    );
    const cell = row.cells.find((entry: { typeId: string }) => entry.typeId === typeOf("meeting_active"));
    expect(cell.total).toBeGreaterThanOrEqual(1);
    expect(row.groups.find((group: { category: string }) => group.category === "meeting").plan).toBeGreaterThanOrEqual(
      1,
    );
    expect(week).toMatch(/^\d{4}-W\d{2}$/);
  });

  it("an incoming call logged on the deal counts as done today", async () => {
    const now = new Date().toISOString();
    const created = await managerA1.request("POST", "/api/v1/activities", {
      typeId: typeOf("call_in_known"),
      subject: "Клиент уточнил сроки",
      dueAt: now,
      completedAt: now,
      dealId: deal.id,
    });
    expect(created.statusCode, created.body).toBe(201);
    const { today, week } = thisWeek();
    const table = (
      await managerA1.request("GET", `/api/v1/cabinet/manager/${fixture.managerA1.id}/week?week=${week}&date=${today}`)
    ).json();
    const row = table.days.find((entry: { date: string }) => entry.date === today);
    expect(row.activities).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: created.json().id, state: "completed" })]),
    );
    const cell = row.cells.find((entry: { typeId: string }) => entry.typeId === typeOf("call_in_known"));
    expect(cell.completed).toBeGreaterThanOrEqual(1);
  });

  it("only people the caller manages can be given the call", async () => {
    const body = {
      typeId: typeOf("call_out_deal"),
      subject: "Перезвонить",
      dueAt: new Date(Date.now() + 3_600_000).toISOString(),
      dealId: deal.id,
    };
    const byColleague = await managerA2.request("POST", "/api/v1/activities", {
      ...body,
      ownerId: fixture.managerA1.id,
    });
    expect([404, 422]).toContain(byColleague.statusCode);
    const bySiblingHead = await headB.request("POST", "/api/v1/activities", { ...body, ownerId: fixture.managerB1.id });
    expect(bySiblingHead.statusCode).toBe(422);
    expect(bySiblingHead.json().errors[0].path).toBe("dealId");
    const byHead = await headA.request("POST", "/api/v1/activities", { ...body, ownerId: fixture.managerA2.id });
    expect(byHead.statusCode, byHead.body).toBe(201);
  });
});
