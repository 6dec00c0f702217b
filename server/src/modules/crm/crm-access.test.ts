import { beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";

/**
 * The rule that never bends, for every CRM collection at once: another manager's record is
 * "not found" on every endpoint, absent from lists, searches and counts; a head sees their
 * subtree and nothing of the sibling department; a refused request changes nothing.
 */
describe("CRM access across every collection", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let owner: Client;
  let colleague: Client;
  let head: Client;
  let siblingHead: Client;
  let top: Client;
  const records: Record<string, { id: string; marker: string }> = {};

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [owner, colleague, head, siblingHead, top] = await loginEach(context.app, [
      "manager-a2",
      "manager-a1",
      "head-a",
      "head-b",
      "top-user",
    ]);
    const types = (await owner.request("GET", "/api/v1/activity-types")).json().items;
    const bodies: Record<string, Record<string, unknown>> = {
      companies: { name: "Скрытая компания 4417" },
      contacts: { name: "Скрытый контакт 4417" },
      leads: { title: "Скрытый лид 4417" },
      deals: { title: "Скрытая сделка 4417", amount: 100 },
      activities: { typeId: types[0].id, subject: "Скрытое дело 4417", dueAt: new Date().toISOString() },
    };
    for (const [collection, body] of Object.entries(bodies)) {
      const created = await owner.request("POST", `/api/v1/${collection}`, body);
      expect(created.statusCode, created.body).toBe(201);
      records[collection] = { id: created.json().id, marker: "4417" };
    }
  });

  const collections = ["companies", "contacts", "leads", "deals", "activities"] as const;

  it.each(collections)("%s: a colleague gets 404 everywhere and finds nothing", async (collection) => {
    const { id } = records[collection]!;
    const before = (await owner.request("GET", `/api/v1/${collection}/${id}`)).json();
    const attempts: [string, string, unknown?][] = [
      ["GET", `/api/v1/${collection}/${id}`],
      ["PATCH", `/api/v1/${collection}/${id}`, { version: before.version }],
      ["DELETE", `/api/v1/${collection}/${id}`],
      ["GET", `/api/v1/${collection}/${id}/history`],
      ["GET", `/api/v1/${collection}/${id}/timeline`],
      ["POST", `/api/v1/${collection}/${id}/comments`, { body: "x" }],
      ["POST", `/api/v1/${collection}/bulk`, { action: "delete", ids: [id] }],
    ];
    for (const [method, url, body] of attempts) {
      const response = await colleague.request(method as "GET", url, body);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
    }
    const search = (await colleague.request("GET", `/api/v1/${collection}?q=4417`)).json();
    expect(search).toEqual({ items: [], total: 0 });
    const all = (await colleague.request("GET", `/api/v1/${collection}?limit=500`)).json();
    expect(all.items.map((item: { id: string }) => item.id)).not.toContain(id);
    expect(all.total).toBe(all.items.length);
    expect((await siblingHead.request("GET", `/api/v1/${collection}/${id}`)).statusCode).toBe(404);
    expect((await siblingHead.request("GET", `/api/v1/${collection}?q=4417`)).json().total).toBe(0);
    // Nothing changed by the refused requests.
    expect((await owner.request("GET", `/api/v1/${collection}/${id}`)).json()).toEqual(before);
  });

  it.each(collections)("%s: the owner's head and the top see it", async (collection) => {
    const { id } = records[collection]!;
    expect((await head.request("GET", `/api/v1/${collection}/${id}`)).statusCode).toBe(200);
    expect((await head.request("GET", `/api/v1/${collection}?q=4417`)).json().total).toBe(1);
    expect((await top.request("GET", `/api/v1/${collection}/${id}`)).statusCode).toBe(200);
    expect(
      (await head.request("GET", `/api/v1/${collection}?ownerId=${fixture.managerA2.id}&limit=500`)).json().total,
    ).toBeGreaterThan(0);
  });
});
