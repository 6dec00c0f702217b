import { beforeAll, describe, expect, it } from "vitest";
import { companies } from "../../platform/db/schema";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";

describe("companies and contacts", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let managerA1: Client;
  let managerA2: Client;
  let headA: Client;

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [managerA1, managerA2, headA] = await loginEach(context.app, ["manager-a1", "manager-a2", "head-a"]);
  });

  it("validates the BIN and normalises phones and e-mails", async () => {
    const created = await managerA1.request("POST", "/api/v1/companies", {
      name: "ТОО «СварМет»",
      bin: "940140000385",
      phones: ["8 (701) 555-12-34"],
      emails: ["Info@SvarMet.kz"],
      city: "Алматы",
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      phones: ["+77015551234"],
      emails: ["info@svarmet.kz"],
      ownerId: fixture.managerA1.id,
    });
    const before = await context.handle.db.select().from(companies);
    const badBin = await managerA1.request("POST", "/api/v1/companies", { name: "X", bin: "940140000386" });
    expect(badBin.statusCode).toBe(400);
    expect(badBin.json().errors[0].path).toBe("body.bin");
    const badPhone = await managerA1.request("POST", "/api/v1/companies", { name: "X", phones: ["call me"] });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json().errors[0].path).toBe("body.phones.0");
    expect(await context.handle.db.select().from(companies)).toHaveLength(before.length);
  });

  it("warns about duplicates by BIN, phone or e-mail, only among visible companies", async () => {
    await managerA2.request("POST", "/api/v1/companies", {
      name: "Чужая",
      bin: "990140004654",
      phones: ["+7 702 111 22 33"],
    });
    // A second company under one BIN is a head's call (company-bin.test.ts).
    await headA.request("POST", "/api/v1/companies", {
      name: "Своя",
      bin: "990140004654",
      emails: ["own@example.kz"],
      ownerId: fixture.managerA1.id,
      allowDuplicateBin: true,
    });
    const mine = (await managerA1.request("GET", "/api/v1/companies/duplicates?bin=990140004654")).json();
    expect(mine.items.map((item: { name: string }) => item.name)).toEqual(["Своя"]);
    expect(mine.items[0].matchedOn).toEqual(["bin"]);
    const head = (await headA.request("GET", "/api/v1/companies/duplicates?bin=990140004654&phone=87021112233")).json();
    expect(head.items.map((item: { name: string }) => item.name).sort()).toEqual(["Своя", "Чужая"]);
    expect(head.items.find((item: { name: string }) => item.name === "Чужая").matchedOn).toEqual(["bin", "phone"]);
    const byEmail = (await managerA1.request("GET", "/api/v1/companies/duplicates?email=OWN@example.kz")).json();
    expect(byEmail.total).toBe(1);
    const byName = await managerA1.request("GET", `/api/v1/companies/duplicates?name=${encodeURIComponent("своя")}`);
    expect(byName.statusCode).toBe(200);
    expect(byName.json().items).toMatchObject([{ name: "Своя", matchedOn: ["name"] }]);
    const contactByName = await managerA1.request(
      "GET",
      `/api/v1/contacts/duplicates?name=${encodeURIComponent("Никто Никтоев")}`,
    );
    expect(contactByName.json()).toEqual({ items: [], total: 0 });
  });

  it("finds companies by name, BIN and phone digits; filters by city; sorts", async () => {
    const found = (await managerA1.request("GET", "/api/v1/companies?q=7015551234")).json();
    expect(found.items.map((item: { name: string }) => item.name)).toEqual(["ТОО «СварМет»"]);
    const byCity = (await managerA1.request("GET", `/api/v1/companies?city=${encodeURIComponent("Алматы")}`)).json();
    expect(byCity.total).toBe(1);
    const sorted = (await headA.request("GET", "/api/v1/companies?sort=-name")).json();
    const names = sorted.items.map((item: { name: string }) => item.name);
    expect(names).toEqual([...names].sort((left, right) => right.localeCompare(left)));
  });

  it("links contacts only to companies the author can see, and hides the other's company name", async () => {
    const theirs = (await managerA2.request("POST", "/api/v1/companies", { name: "Компания коллеги" })).json();
    const refused = await managerA1.request("POST", "/api/v1/contacts", { name: "Иван", companyId: theirs.id });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].path).toBe("companyId");
    const ownCompany = (await managerA1.request("POST", "/api/v1/companies", { name: "Моя компания" })).json();
    const contact = await managerA1.request("POST", "/api/v1/contacts", {
      name: "Айгерим Садыкова",
      position: "Главный инженер",
      phones: ["+7 777 123 45 67"],
      companyId: ownCompany.id,
    });
    expect(contact.statusCode).toBe(201);
    expect(contact.json().company).toEqual({ id: ownCompany.id, name: "Моя компания" });
    const related = (await managerA1.request("GET", `/api/v1/contacts?companyId=${ownCompany.id}`)).json();
    expect(related.total).toBe(1);
    // The company is handed to a colleague: the contact stays, its company link is no longer shown.
    await headA.request("POST", "/api/v1/companies/bulk", {
      action: "reassign",
      ids: [ownCompany.id],
      ownerId: fixture.managerA2.id,
    });
    const after = (await managerA1.request("GET", `/api/v1/contacts/${contact.json().id}`)).json();
    expect(after.company).toBeNull();
    expect(after.companyId).toBeNull();
  });

  it("edits with versions and keeps the history of fields", async () => {
    const company = (
      await managerA1.request("POST", "/api/v1/companies", { name: "Старое имя", city: "Тараз" })
    ).json();
    const updated = await managerA1.request("PATCH", `/api/v1/companies/${company.id}`, {
      name: "Новое имя",
      version: 1,
    });
    expect(updated.json()).toMatchObject({ name: "Новое имя", city: "Тараз", version: 2 });
    const history = (await managerA1.request("GET", `/api/v1/companies/${company.id}/history`)).json();
    expect(history.items.map((entry: { action: string }) => entry.action)).toEqual(["update", "create"]);
    expect(history.items[0].changes).toEqual([{ field: "name", old: "Старое имя", new: "Новое имя" }]);
    expect((await managerA2.request("GET", `/api/v1/companies/${company.id}/history`)).statusCode).toBe(404);
  });

  it("creates once per Idempotency-Key", async () => {
    const headers = { "idempotency-key": "company-once" };
    const first = await managerA1.request("POST", "/api/v1/companies", { name: "Однажды" }, headers);
    const second = await managerA1.request("POST", "/api/v1/companies", { name: "Однажды" }, headers);
    expect(second.json().id).toBe(first.json().id);
    expect((await managerA1.request("GET", `/api/v1/companies?q=${encodeURIComponent("Однажды")}`)).json().total).toBe(
      1,
    );
  });
});
