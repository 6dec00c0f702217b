import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { parseLetter, type SmtpTestServer, startSmtpServer } from "../../testing/smtp-test-server";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { sendDueLetters } from "./mail-outbox";

describe("the outbox worker in the background", () => {
  // The app's own worker runs; it polls every 30 s, so only being woken sends within the test.
  const context = useTestApp();
  let smtp: SmtpTestServer;
  let managerA1: Client;
  let admin: Client;
  let deal: { id: string };

  const stateOf = async (id: string) =>
    (
      await rows<{ state: string; attempts: number }>(
        context.handle.db,
        sql`select state, attempts from mail_messages where id = ${id}`,
      )
    )[0]!;
  const smtpBody = () => ({
    host: "127.0.0.1",
    port: smtp.port,
    secure: false,
    user: "robot",
    password: "secret",
    fromAddress: "crm@example.kz",
  });
  const write = async (subject: string) => {
    const response = await managerA1.request("POST", `/api/v1/deals/${deal.id}/emails`, { subject, body: "Текст" });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; state: string };
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    await createAccessFixture(context.handle.db);
    [managerA1, admin] = await loginEach(context.app, ["manager-a1", "admin-user"]);
    const company = (
      await managerA1.request("POST", "/api/v1/companies", { name: "ТОО «Выход»", emails: ["info@vyhod.kz"] })
    ).json();
    deal = (await managerA1.request("POST", "/api/v1/deals", { title: "Поставка", companyId: company.id })).json();
  });
  afterAll(async () => {
    await smtp?.close();
  });

  it("a letter left in the outbox before SMTP was set up leaves once it is", async () => {
    const early = await write("Написано до настройки почты");
    expect(early.state).toBe("outbox");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await stateOf(early.id)).toEqual({ state: "outbox", attempts: 0 });

    const saved = await admin.request("PUT", "/api/v1/mail/smtp", smtpBody());
    expect(saved.statusCode, saved.body).toBe(200);
    await expect.poll(async () => (await stateOf(early.id)).state, { timeout: 5000, interval: 50 }).toBe("sent");
    expect(smtp.arrived.map((entry) => parseLetter(entry.raw).headers.get("subject"))).toEqual([
      "Написано до настройки почты",
    ]);

    // And a letter written now goes at once, outside the request.
    const next = await write("Написано после настройки");
    await expect.poll(async () => (await stateOf(next.id)).state, { timeout: 5000, interval: 50 }).toBe("sent");
    expect(smtp.arrived).toHaveLength(2);
  });

  it("a letter whose sender died mid-send is tried again when its lease runs out, not before", async () => {
    const db = context.handle.db;
    // Held by a sender that never came back (the server is down for a moment, so the worker waits).
    await admin.request("DELETE", "/api/v1/mail/smtp");
    const held = await write("Отправитель упал");
    await db.execute(
      sql`update mail_messages set attempts = 1, claimed_until = now() + interval '5 minutes' where id = ${held.id}`,
    );
    // Setting the server up again wakes the worker, which leaves the held letter alone.
    await admin.request("PUT", "/api/v1/mail/smtp", smtpBody());
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await sendDueLetters(db, context.store)).toBe(0);
    expect(await stateOf(held.id)).toEqual({ state: "outbox", attempts: 1 });
    expect(await sendDueLetters(db, context.store, { now: new Date(Date.now() + 5 * 60_000 + 1000) })).toBe(1);
    expect(await stateOf(held.id)).toEqual({ state: "sent", attempts: 2 });
  });
});
