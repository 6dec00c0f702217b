import { beforeAll, describe, expect, it } from "vitest";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { createDeal, createGroup, multipart, ok, post } from "./chat-test-kit";

/**
 * The rule that never bends, for chats: a direct or group chat exists only for its members (a head
 * above them included: membership, not rank), a record chat for whoever may read the record now.
 * Every other caller gets 404 on every endpoint and finds nothing in lists, searches or syncs.
 */
describe("chat access", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let a1: Client;
  let a2: Client;
  let b1: Client;
  let headA: Client;
  let headB: Client;
  let regionHead: Client;
  const chats: Record<string, { id: string; messageId: string; fileId: string }> = {};

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [a1, a2, b1, headA, headB, regionHead] = await loginEach(context.app, [
      "manager-a1",
      "manager-a2",
      "manager-b1",
      "head-a",
      "head-b",
      "region-head",
    ] as const);
    const group = await createGroup(a1, "Закрытая группа 7781", [fixture.managerA2.id]);
    const direct = await ok(a1.request("POST", "/api/v1/chats/direct", { userId: fixture.managerA2.id }), 201);
    for (const [name, chat] of Object.entries({ group, direct })) {
      const message = await post(a1, chat.id, `секрет 7781 ${name}`);
      const upload = multipart({ body: "файл 7781" }, { name: "plan.txt", data: Buffer.from("x"), type: "text/plain" });
      const withFile = await ok(
        a1.request("POST", `/api/v1/chats/${chat.id}/files`, upload.payload, upload.headers),
        201,
      );
      chats[name] = { id: chat.id, messageId: message.id, fileId: withFile.files[0].id };
    }
  });

  const attempts = (chat: { id: string; messageId: string; fileId: string }): [string, string, unknown?][] => [
    ["GET", `/api/v1/chats/${chat.id}`],
    ["PATCH", `/api/v1/chats/${chat.id}`, { title: "Захват" }],
    ["GET", `/api/v1/chats/${chat.id}/messages`],
    ["POST", `/api/v1/chats/${chat.id}/messages`, { body: "чужое" }],
    ["GET", `/api/v1/chats/${chat.id}/files/${chat.fileId}`],
    ["POST", `/api/v1/chats/${chat.id}/read`, { seq: 1 }],
    ["POST", `/api/v1/chats/${chat.id}/members`, { userIds: [fixture.managerB1.id] }],
    ["DELETE", `/api/v1/chats/${chat.id}/members/${fixture.managerA2.id}`],
    ["DELETE", `/api/v1/chats/${chat.id}/members/${fixture.managerB1.id}`],
    ["PATCH", `/api/v1/chat-messages/${chat.messageId}`, { body: "правка" }],
    ["DELETE", `/api/v1/chat-messages/${chat.messageId}`],
    ["POST", `/api/v1/chat-messages/${chat.messageId}/reactions`, { emoji: "👍" }],
    ["GET", `/api/v1/chat/search?q=7781&chatId=${chat.id}`],
  ];

  it.each(["group", "direct"])("%s chat: an outsider, even the head above, gets 404 everywhere", async (name) => {
    const chat = chats[name]!;
    const before = await ok(a1.request("GET", `/api/v1/chats/${chat.id}/messages`));
    for (const outsider of [b1, headA, regionHead]) {
      for (const [method, url, body] of attempts(chat)) {
        const response = await outsider.request(method as "GET", url, body);
        expect(response.statusCode, `${method} ${url}`).toBe(404);
      }
      const upload = multipart({}, { name: "x.txt", data: Buffer.from("x"), type: "text/plain" });
      expect(
        (await outsider.request("POST", `/api/v1/chats/${chat.id}/files`, upload.payload, upload.headers)).statusCode,
      ).toBe(404);
      expect((await ok(outsider.request("GET", "/api/v1/chat/search?q=7781"))).items).toEqual([]);
      const sync = await ok(outsider.request("GET", "/api/v1/realtime/sync?since=0"));
      expect(sync.messages.filter((message: { chatId: string }) => message.chatId === chat.id)).toEqual([]);
      const list = await ok(outsider.request("GET", "/api/v1/chats"));
      expect(list.items.map((item: { id: string }) => item.id)).not.toContain(chat.id);
    }
    // Nothing changed by the refused requests.
    expect(await ok(a1.request("GET", `/api/v1/chats/${chat.id}/messages`))).toEqual(before);
    const detail = await ok(a1.request("GET", `/api/v1/chats/${chat.id}`));
    expect(detail.members.map((member: { id: string }) => member.id).sort()).toEqual(
      [fixture.managerA1.id, fixture.managerA2.id].sort(),
    );
    // The member sees it all.
    expect((await ok(a2.request("GET", "/api/v1/chat/search?q=7781"))).items.length).toBeGreaterThanOrEqual(2);
    expect((await a2.request("GET", `/api/v1/chats/${chat.id}/files/${chat.fileId}`)).statusCode).toBe(200);
  });

  it("a record chat follows the record: another manager gets 404, the heads above see it, reassigned it is gone", async () => {
    const deal = await createDeal(a2, "Сделка 5531");
    const record = { entityType: "deal", entityId: deal.id };
    const opened = await ok(a2.request("POST", "/api/v1/chats/record", record), 201);
    expect(opened).toMatchObject({ kind: "record", title: "Сделка 5531", record, memberCount: 1 });
    expect((await ok(a2.request("POST", "/api/v1/chats/record", record))).id).toBe(opened.id);
    const message = await post(a2, opened.id, "по сделке 5531");

    const sibling = { id: opened.id, messageId: message.id, fileId: message.id };
    for (const outsider of [a1, headB]) {
      expect((await outsider.request("POST", "/api/v1/chats/record", record)).statusCode).toBe(404);
      for (const [method, url, body] of attempts(sibling)) {
        expect((await outsider.request(method as "GET", url, body)).statusCode, `${method} ${url}`).toBe(404);
      }
      expect((await ok(outsider.request("GET", "/api/v1/chat/search?q=5531"))).items).toEqual([]);
    }

    // The head above reads it without being asked in; opening it makes them a member.
    expect((await ok(headA.request("GET", `/api/v1/chats/${opened.id}/messages`))).items[0].body).toBe(
      "по сделке 5531",
    );
    expect((await ok(headA.request("POST", "/api/v1/chats/record", record))).id).toBe(opened.id);
    expect((await ok(headA.request("GET", "/api/v1/chats"))).items.map((item: { id: string }) => item.id)).toContain(
      opened.id,
    );
    expect((await ok(regionHead.request("GET", `/api/v1/chats/${opened.id}`))).memberCount).toBe(3);

    // Reassigned to a colleague: the former owner loses the chat on every endpoint at once.
    await ok(
      headA.request("PATCH", `/api/v1/deals/${deal.id}`, { version: deal.version, ownerId: fixture.managerA1.id }),
    );
    for (const [method, url, body] of attempts(sibling)) {
      expect((await a2.request(method as "GET", url, body)).statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await ok(a2.request("GET", "/api/v1/chats"))).items.map((item: { id: string }) => item.id)).not.toContain(
      opened.id,
    );
    const sync = await ok(a2.request("GET", "/api/v1/realtime/sync?since=0"));
    expect(sync.messages.map((item: { id: string }) => item.id)).not.toContain(message.id);
    expect((await ok(a2.request("GET", "/api/v1/chat/search?q=5531"))).items).toEqual([]);
    // The new owner may open it now, and the head still sees it.
    expect((await ok(a1.request("POST", "/api/v1/chats/record", record))).id).toBe(opened.id);
    expect((await ok(headA.request("GET", "/api/v1/chat/search?q=5531"))).items).toHaveLength(1);
  });

  it("refuses a record that does not exist as 404, and bad kinds with the field named", async () => {
    const missing = { entityType: "deal", entityId: "00000000-0000-4000-8000-000000000000" };
    expect((await a1.request("POST", "/api/v1/chats/record", missing)).statusCode).toBe(404);
    const bad = await a1.request("POST", "/api/v1/chats/record", { ...missing, entityType: "task" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe("body.entityType");
  });
});
