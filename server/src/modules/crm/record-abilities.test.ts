import { beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";

/**
 * Each CRM record carries what the caller may do with it, and the server's answer is the same one
 * its writes enforce: when the administrator changes the access matrix, the abilities follow on the
 * next request, and an action the abilities deny is refused.
 */
describe("abilities sent with CRM records", () => {
  const context = useTestApp();
  let owner: Client;
  let colleague: Client;
  let head: Client;
  let top: Client;
  let admin: Client;
  const ids: Record<string, string> = {};
  const collections = ["companies", "contacts", "leads", "deals", "activities"] as const;

  beforeAll(async () => {
    await createAccessFixture(context.handle.db);
    [owner, colleague, head, top, admin] = await loginEach(context.app, [
      "manager-a2",
      "manager-a1",
      "head-a",
      "top-user",
      "admin-user",
    ]);
    const types = (await owner.request("GET", "/api/v1/activity-types")).json().items;
    const bodies: Record<string, Record<string, unknown>> = {
      companies: { name: "Компания с правами" },
      contacts: { name: "Контакт с правами" },
      leads: { title: "Лид с правами" },
      deals: { title: "Сделка с правами", amount: 100 },
      activities: { typeId: types[0].id, subject: "Дело с правами", dueAt: new Date().toISOString() },
    };
    for (const [collection, body] of Object.entries(bodies)) {
      const created = await owner.request("POST", `/api/v1/${collection}`, body);
      expect(created.statusCode, created.body).toBe(201);
      // The answer to a create already tells its author what they may do next.
      expect(created.json().abilities).toEqual({ edit: true, delete: true, comment: true });
      ids[collection] = created.json().id;
    }
  });

  it.each(collections)("%s: the owner, their head and the top may edit; the card and the list agree", async (name) => {
    for (const client of [owner, head, top]) {
      const card = await client.request("GET", `/api/v1/${name}/${ids[name]}`);
      expect(card.json().abilities).toEqual({ edit: true, delete: true, comment: true });
      const listed = (await client.request("GET", `/api/v1/${name}?limit=200`)).json().items;
      expect(listed.find((item: { id: string }) => item.id === ids[name])?.abilities).toEqual(card.json().abilities);
    }
    // A fellow manager does not see the record at all, so there is nothing to grant.
    expect((await colleague.request("GET", `/api/v1/${name}/${ids[name]}`)).statusCode).toBe(404);
  });

  it("follows the administrator's matrix on the next request, and the write it denies is refused", async () => {
    const changed = await admin.request("PUT", "/api/v1/access", {
      rules: [
        { role: "head", entity: "deals", action: "write", level: "own" },
        { role: "head", entity: "deals", action: "delete", level: "none" },
      ],
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const card = (await head.request("GET", `/api/v1/deals/${ids.deals}`)).json();
    // Read is still the subtree, write is now the head's own records only, delete nobody's.
    expect(card.abilities).toEqual({ edit: false, delete: false, comment: true });
    const kanban = (await head.request("GET", "/api/v1/deals/kanban")).json();
    const onBoard = kanban.columns.flatMap((column: { items: { id: string }[] }) => column.items);
    expect(onBoard.find((deal: { id: string }) => deal.id === ids.deals)?.abilities.edit).toBe(false);
    const refused = await head.request("PATCH", `/api/v1/deals/${ids.deals}`, {
      version: card.version,
      title: "Чужая",
    });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    expect((await owner.request("GET", `/api/v1/deals/${ids.deals}`)).json().title).toBe("Сделка с правами");
    // Companies were not touched by the change.
    expect((await head.request("GET", `/api/v1/companies/${ids.companies}`)).json().abilities.edit).toBe(true);

    await admin.request("PUT", "/api/v1/access", {
      rules: [{ role: "head", entity: "deals", action: "write", level: "none" }],
    });
    expect((await head.request("GET", `/api/v1/deals/${ids.deals}`)).json().abilities).toEqual({
      edit: false,
      delete: false,
      comment: false,
    });
    await admin.request("DELETE", "/api/v1/access");
    expect((await head.request("GET", `/api/v1/deals/${ids.deals}`)).json().abilities.edit).toBe(true);
  });
});
