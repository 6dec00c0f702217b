import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";

const nbsp = "\u00a0";

describe("letter templates", () => {
  const context = useTestApp({ outboxWorker: false });
  let managerA1: Client;
  let managerA2: Client;
  let headA: Client;
  let admin: Client;
  let company: { id: string };
  let contact: { id: string };
  let deal: { id: string; number: number };
  let template: { id: string; version: number };

  const countTemplates = async () =>
    (await rows<{ n: number }>(context.handle.db, sql`select count(*)::int as n from mail_templates`))[0]!.n;

  beforeAll(async () => {
    await createAccessFixture(context.handle.db);
    // The people whose names and phones the letters carry, set here so the expected text is known.
    await context.handle.db.execute(
      sql`update users set name = 'Ерлан Сапаров', phone = '+7 701 234 56 78', position = 'Менеджер'
          where login = 'manager-a1'`,
    );
    await context.handle.db.execute(sql`update users set name = 'Дина Козлова', phone = null where login = 'head-a'`);
    [managerA1, managerA2, headA, admin] = await loginEach(context.app, [
      "manager-a1",
      "manager-a2",
      "head-a",
      "admin-user",
    ]);
    company = (
      await managerA1.request("POST", "/api/v1/companies", { name: "ТОО «Сварка-Алматы»", bin: "940140000385" })
    ).json();
    contact = (
      await managerA1.request("POST", "/api/v1/contacts", {
        name: "Алия Нурланова",
        position: "Закупщик",
        companyId: company.id,
      })
    ).json();
    deal = (
      await managerA1.request("POST", "/api/v1/deals", {
        title: "Инвертор САИ-250",
        amount: 1234567.89,
        companyId: company.id,
        contactId: contact.id,
      })
    ).json();
    expect(deal.number).toBeGreaterThan(0);
  });

  const offer = {
    name: "Коммерческое предложение",
    subject: "КП по сделке «{{deal.title}}» для {{company.name}}",
    body: "Здравствуйте, {{ contact.name }}!\n\nСумма: {{deal.amount}}.\n\n{{manager.name}}, {{manager.phone}}",
  };

  it("admins and heads write templates; managers may not", async () => {
    const created = await admin.request("POST", "/api/v1/mail/templates", offer);
    expect(created.statusCode, created.body).toBe(201);
    template = created.json();
    expect(template).toMatchObject({ ...offer, version: 1 });
    const byHead = await headA.request("POST", "/api/v1/mail/templates", { ...offer, name: "От руководителя" });
    expect(byHead.statusCode, byHead.body).toBe(201);
    const before = await countTemplates();
    expect((await managerA1.request("POST", "/api/v1/mail/templates", offer)).statusCode).toBe(403);
    expect(
      (await managerA1.request("PATCH", `/api/v1/mail/templates/${template.id}`, { name: "x", version: 1 })).statusCode,
    ).toBe(403);
    expect((await managerA1.request("DELETE", `/api/v1/mail/templates/${template.id}`)).statusCode).toBe(403);
    expect(await countTemplates()).toBe(before);
    // Everyone reads them to write letters.
    const list = (await managerA2.request("GET", "/api/v1/mail/templates")).json();
    expect(list.items.map((item: { name: string }) => item.name)).toEqual([
      "Коммерческое предложение",
      "От руководителя",
    ]);
  });

  it("fills the deal's client, amount in tenge and the writing manager", async () => {
    const response = await managerA1.request("POST", `/api/v1/mail/templates/${template.id}/render`, {
      dealId: deal.id,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      subject: "КП по сделке «Инвертор САИ-250» для ТОО «Сварка-Алматы»",
      body: `Здравствуйте, Алия Нурланова!\n\nСумма: 1${nbsp}234${nbsp}567,89${nbsp}₸.\n\nЕрлан Сапаров, +7 701 234 56 78`,
    });
    // A head writing from a subordinate's deal signs as the head; a missing phone is left empty.
    const byHead = (
      await headA.request("POST", `/api/v1/mail/templates/${template.id}/render`, { dealId: deal.id })
    ).json();
    expect(byHead.body.endsWith("Дина Козлова, ")).toBe(true);
  });

  it("fills a contact's and a company's template, what the record lacks left empty", async () => {
    const card = await admin.request("POST", "/api/v1/mail/templates", {
      name: "Карточка",
      subject: "Для {{contact.name}} ({{contact.position}})",
      body: "{{company.name}}, БИН {{company.bin}}; сделка: «{{deal.title}}» №{{deal.number}}",
    });
    const id = card.json().id;
    const forContact = (
      await managerA1.request("POST", `/api/v1/mail/templates/${id}/render`, { contactId: contact.id })
    ).json();
    expect(forContact).toEqual({
      subject: "Для Алия Нурланова (Закупщик)",
      body: "ТОО «Сварка-Алматы», БИН 940140000385; сделка: «» №",
    });
    const forCompany = (
      await managerA1.request("POST", `/api/v1/mail/templates/${id}/render`, { companyId: company.id })
    ).json();
    expect(forCompany).toEqual({ subject: "Для  ()", body: "ТОО «Сварка-Алматы», БИН 940140000385; сделка: «» №" });
    const forDeal = (
      await managerA1.request("POST", `/api/v1/mail/templates/${id}/render`, { dealId: deal.id })
    ).json();
    expect(forDeal.body).toBe(`ТОО «Сварка-Алматы», БИН 940140000385; сделка: «Инвертор САИ-250» №${deal.number}`);
  });

  it("another manager's record is not found, nor an unknown template", async () => {
    for (const target of [{ dealId: deal.id }, { contactId: contact.id }, { companyId: company.id }]) {
      const response = await managerA2.request("POST", `/api/v1/mail/templates/${template.id}/render`, target);
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain("Сварка");
    }
    const missing = await managerA1.request(
      "POST",
      "/api/v1/mail/templates/00000000-0000-4000-8000-000000000000/render",
      { dealId: deal.id },
    );
    expect(missing.statusCode).toBe(404);
  });

  it.each([
    [{ ...offer, body: "Здравствуйте, {{client.name}}!" }, "body.body", "{{client.name}}"],
    [{ ...offer, subject: "КП {{deal.sum}}" }, "body.subject", "{{deal.sum}}"],
    [{ ...offer, subject: "Тема\r\nBcc: x@y.kz" }, "body.subject", "line"],
    [{ name: "Без текста", subject: "Тема" }, "body.body", ""],
    [{ ...offer, name: "" }, "body.name", ""],
  ])("a template %j is refused naming %s, and nothing is stored", async (payload, path, words) => {
    const before = await countTemplates();
    const response = await admin.request("POST", "/api/v1/mail/templates", payload);
    expect(response.statusCode).toBe(400);
    const error = response.json().errors.find((entry: { path: string }) => entry.path === path);
    expect(error, response.body).toBeDefined();
    expect(error.message).toContain(words);
    expect(await countTemplates()).toBe(before);
  });

  it("render needs exactly one record", async () => {
    for (const body of [{}, { dealId: deal.id, companyId: company.id }, { dealId: "nope" }]) {
      const response = await managerA1.request("POST", `/api/v1/mail/templates/${template.id}/render`, body);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].path).toMatch(/^body/);
    }
  });

  it("editing checks the version and placeholders; deleting removes it", async () => {
    const bad = await headA.request("PATCH", `/api/v1/mail/templates/${template.id}`, {
      body: "{{deal.stage}}",
      version: 1,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe("body.body");
    const edited = await headA.request("PATCH", `/api/v1/mail/templates/${template.id}`, {
      subject: "КП: {{deal.title}}",
      version: 1,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ subject: "КП: {{deal.title}}", body: offer.body, version: 2 });
    expect(edited.json().updatedByName).toBe("Дина Козлова");
    const stale = await admin.request("PATCH", `/api/v1/mail/templates/${template.id}`, { name: "Старое", version: 1 });
    expect(stale.statusCode).toBe(409);
    expect((await admin.request("DELETE", `/api/v1/mail/templates/${template.id}`)).statusCode).toBe(204);
    expect((await admin.request("DELETE", `/api/v1/mail/templates/${template.id}`)).statusCode).toBe(404);
    const names = (await managerA1.request("GET", "/api/v1/mail/templates"))
      .json()
      .items.map((t: { id: string }) => t.id);
    expect(names).not.toContain(template.id);
    const audit = await rows<{ action: string }>(
      context.handle.db,
      sql`select action from audit_log where entity = 'mail_template' and entity_id = ${template.id} order by id`,
    );
    expect(audit.map((entry) => entry.action)).toEqual(["create", "update", "delete"]);
  });
});
