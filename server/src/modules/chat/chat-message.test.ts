import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { createDeal, createGroup, ok, post } from "./chat-test-kit";

describe("chat messages", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let a1: Client;
  let a2: Client;
  let b1: Client;
  let headA: Client;
  let group: { id: string };
  const db = () => context.handle.db;
  const messageCount = async () =>
    (await rows<{ count: number }>(db(), sql`select count(*)::int as count from chat_messages`))[0]!.count;
  const mentionsOf = (userId: string) =>
    rows<{ link: string; body: string; title: string }>(
      db(),
      sql`select link, body, title from notifications where user_id = ${userId} and kind = 'mention' order by seq`,
    );

  beforeAll(async () => {
    fixture = await createAccessFixture(db());
    [a1, a2, b1, headA] = await loginEach(context.app, ["manager-a1", "manager-a2", "manager-b1", "head-a"] as const);
    group = await createGroup(a1, "Сообщения", [fixture.managerA2.id]);
  });

  it("pages history upwards: the newest page first, each in ascending order, until hasMore is false", async () => {
    const chat = await createGroup(a1, "История", [fixture.managerA2.id]);
    const bodies = ["m1", "m2", "m3", "m4", "m5", "m6", "m7"];
    for (const body of bodies) await post(a1, chat.id, body);
    const expected = [
      { bodies: ["m5", "m6", "m7"], hasMore: true },
      { bodies: ["m2", "m3", "m4"], hasMore: true },
      { bodies: ["m1"], hasMore: false },
    ];
    let before = "";
    for (const page of expected) {
      const got = await ok(a2.request("GET", `/api/v1/chats/${chat.id}/messages?limit=3${before}`));
      expect(got.items.map((item: { body: string }) => item.body)).toEqual(page.bodies);
      expect(got.hasMore).toBe(page.hasMore);
      const seqs = got.items.map((item: { seq: number }) => item.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      before = `&before=${seqs[0]}`;
    }
    const all = await ok(a2.request("GET", `/api/v1/chats/${chat.id}/messages`));
    expect(all).toMatchObject({ hasMore: false });
    expect(all.items[0]).toMatchObject({
      mine: false,
      deleted: false,
      editedAt: null,
      author: { id: fixture.managerA1.id },
    });
  });

  it("lets the author edit and delete their own message only: 403 for another member, 404 for an outsider", async () => {
    const message = await post(a1, group.id, "исходный текст");
    const reply = await post(a2, group.id, "ответ", { replyToId: message.id });
    expect(reply.replyTo).toEqual({
      id: message.id,
      author: { id: fixture.managerA1.id, name: expect.any(String) },
      body: "исходный текст",
      deleted: false,
    });
    expect(
      (await a2.request("PATCH", `/api/v1/chat-messages/${message.id}`, { body: "чужая правка" })).statusCode,
    ).toBe(403);
    expect((await a2.request("DELETE", `/api/v1/chat-messages/${message.id}`)).statusCode).toBe(403);
    expect((await b1.request("PATCH", `/api/v1/chat-messages/${message.id}`, { body: "x" })).statusCode).toBe(404);
    expect((await b1.request("DELETE", `/api/v1/chat-messages/${message.id}`)).statusCode).toBe(404);

    const edited = await ok(a1.request("PATCH", `/api/v1/chat-messages/${message.id}`, { body: "новый текст" }));
    expect(edited).toMatchObject({ id: message.id, seq: message.seq, body: "новый текст", mine: true });
    expect(edited.editedAt).not.toBeNull();
    expect(edited.changeSeq).toBeGreaterThan(message.changeSeq);

    await ok(a1.request("DELETE", `/api/v1/chat-messages/${message.id}`), 204);
    const page = await ok(a2.request("GET", `/api/v1/chats/${group.id}/messages`));
    const gone = page.items.find((item: { id: string }) => item.id === message.id);
    expect(gone).toMatchObject({ deleted: true, body: "", mentions: [], files: [], reactions: [] });
    expect(gone.changeSeq).toBeGreaterThan(edited.changeSeq);
    expect(page.items.find((item: { id: string }) => item.id === reply.id).replyTo).toMatchObject({
      body: "",
      deleted: true,
    });
    for (const [method, url, body] of [
      ["PATCH", `/api/v1/chat-messages/${message.id}`, { body: "воскрес" }],
      ["DELETE", `/api/v1/chat-messages/${message.id}`, undefined],
      ["POST", `/api/v1/chat-messages/${message.id}/reactions`, { emoji: "👍" }],
    ] as const) {
      expect((await a1.request(method, url, body)).statusCode, `${method} ${url}`).toBe(404);
    }
    const audit = await rows<{ action: string; changes: { field: string; old: unknown; new: unknown }[] }>(
      db(),
      sql`select action, changes from audit_log where entity = 'chat_message' and entity_id = ${message.id} order by id`,
    );
    expect(audit).toEqual([
      { action: "update", changes: [{ field: "body", old: "исходный текст", new: "новый текст" }] },
      { action: "delete", changes: [{ field: "body", old: "новый текст", new: null }] },
    ]);
  });

  it("toggles each person's reaction, marking the caller's own", async () => {
    const message = await post(a1, group.id, "реакции");
    const first = await ok(a2.request("POST", `/api/v1/chat-messages/${message.id}/reactions`, { emoji: "👍" }));
    expect(first.reactions).toEqual([
      { emoji: "👍", count: 1, mine: true, users: [{ id: fixture.managerA2.id, name: expect.any(String) }] },
    ]);
    const second = await ok(a1.request("POST", `/api/v1/chat-messages/${message.id}/reactions`, { emoji: "👍" }));
    expect(second.reactions[0]).toMatchObject({ count: 2, mine: true });
    expect(second.changeSeq).toBeGreaterThan(first.changeSeq);
    const taken = await ok(a2.request("POST", `/api/v1/chat-messages/${message.id}/reactions`, { emoji: "👍" }));
    expect(taken.reactions).toEqual([
      { emoji: "👍", count: 1, mine: false, users: [{ id: fixture.managerA1.id, name: expect.any(String) }] },
    ]);
  });

  it("counts others' unread messages and moves the read position forward only, never past the last message", async () => {
    const chat = await createGroup(a1, "Непрочитанное", [fixture.managerA2.id]);
    await post(a2, chat.id, "моё не считается");
    const sent = [await post(a1, chat.id, "раз"), await post(a1, chat.id, "два"), await post(a1, chat.id, "три")];
    const unreadOf = async (client: Client) => {
      const list = await ok(client.request("GET", "/api/v1/chats"));
      return { chat: list.items.find((item: { id: string }) => item.id === chat.id), total: list.unreadTotal };
    };
    const start = await unreadOf(a2);
    expect(start.chat).toMatchObject({ unread: 3, lastMessage: { body: "три" } });
    // Writing reads everything before one's own message.
    expect((await unreadOf(a1)).chat).toMatchObject({ unread: 0, lastReadSeq: sent[2].seq });

    await ok(a2.request("POST", `/api/v1/chats/${chat.id}/read`, { seq: sent[1].seq }), 204);
    const middle = await unreadOf(a2);
    expect(middle.chat).toMatchObject({ unread: 1, lastReadSeq: sent[1].seq });
    expect(middle.total).toBe(start.total - 2);
    await ok(a2.request("POST", `/api/v1/chats/${chat.id}/read`, { seq: sent[0].seq }), 204);
    expect((await unreadOf(a2)).chat.lastReadSeq).toBe(sent[1].seq);
    await ok(a2.request("POST", `/api/v1/chats/${chat.id}/read`, { seq: 9_000_000_000 }), 204);
    expect((await unreadOf(a2)).chat).toMatchObject({ unread: 0, lastReadSeq: sent[2].seq });
    // A message after the clamp is unread again.
    await post(a1, chat.id, "четыре");
    expect((await unreadOf(a2)).chat.unread).toBe(1);
  });

  it("notifies the mentioned people who may read the chat, and only them", async () => {
    const mark = (id: string, name: string) => `@[${name}](${id})`;
    await post(
      a1,
      group.id,
      `${mark(fixture.managerA2.id, "Коллега")} ${mark(fixture.managerB1.id, "Чужой")} ${mark(fixture.headA.id, "Шеф")} ${mark(fixture.managerA1.id, "Я")}`,
    ).then((message) =>
      expect(message.mentions.map((person: { id: string }) => person.id)).toEqual([
        fixture.managerA2.id,
        fixture.managerA1.id,
      ]),
    );
    expect(await mentionsOf(fixture.managerA2.id)).toEqual([
      { link: `/chat/${group.id}`, title: "Сообщения", body: "@Коллега @Чужой @Шеф @Я" },
    ]);
    expect(await mentionsOf(fixture.managerB1.id)).toEqual([]);
    expect(await mentionsOf(fixture.headA.id)).toEqual([]);
    expect(await mentionsOf(fixture.managerA1.id)).toEqual([]);

    // A record chat: whoever may read the record (the head above, not yet a member), not a colleague.
    const deal = await createDeal(a2, "Сделка с упоминанием");
    const chat = await ok(a2.request("POST", "/api/v1/chats/record", { entityType: "deal", entityId: deal.id }), 201);
    const message = await post(a2, chat.id, `${mark(fixture.headA.id, "Шеф")} ${mark(fixture.managerA1.id, "Сосед")}`);
    expect(message.mentions.map((person: { id: string }) => person.id)).toEqual([fixture.headA.id]);
    expect(await mentionsOf(fixture.headA.id)).toEqual([
      { link: `/chat/${chat.id}`, title: "Сделка с упоминанием", body: "@Шеф @Сосед" },
    ]);
    expect(await mentionsOf(fixture.managerA1.id)).toEqual([]);
    // An edit notifies only the people it newly mentions.
    await ok(
      a2.request("PATCH", `/api/v1/chat-messages/${message.id}`, {
        body: `${mark(fixture.headA.id, "Шеф")} ${mark(fixture.regionHead.id, "Регион")}`,
      }),
    );
    expect(await mentionsOf(fixture.headA.id)).toHaveLength(1);
    expect(await mentionsOf(fixture.regionHead.id)).toHaveLength(1);
    expect((await ok(headA.request("GET", "/api/v1/notifications"))).items[0]).toMatchObject({ kind: "mention" });
  });

  it("keeps script and javascript: links as inert plain text, without control characters", async () => {
    const hostile = `<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)> &amp; "'`;
    // Other control characters are dropped; a NUL is refused as a whole (below).
    const message = await post(a1, group.id, `${hostile}\u0007\r\n\tконец`);
    const expected = `${hostile}\n\tконец`;
    expect(message.body).toBe(expected);
    const [stored] = await rows<{ body: string }>(db(), sql`select body from chat_messages where id = ${message.id}`);
    expect(stored!.body).toBe(expected);
    const page = await ok(a2.request("GET", `/api/v1/chats/${group.id}/messages`));
    expect(page.items.at(-1).body).toBe(expected);
    const list = await ok(a2.request("GET", "/api/v1/chats"));
    expect(list.items.find((item: { id: string }) => item.id === group.id).lastMessage.body).toBe(expected);
  });

  it("refuses bad messages with the field named and stores nothing", async () => {
    const other = await createGroup(a1, "Другой", [fixture.managerA2.id]);
    const foreign = await post(a1, other.id, "в другом чате");
    const before = await messageCount();
    const cases: [string, string, unknown, number, string][] = [
      ["POST", `/api/v1/chats/${group.id}/messages`, { body: "" }, 400, "body.body"],
      ["POST", `/api/v1/chats/${group.id}/messages`, { body: "   " }, 400, "body.body"],
      ["POST", `/api/v1/chats/${group.id}/messages`, { body: "x".repeat(10_001) }, 400, "body.body"],
      ["POST", `/api/v1/chats/${group.id}/messages`, { body: "\u0001\u0002" }, 422, "body"],
      ["POST", `/api/v1/chats/${group.id}/messages`, { body: "до\u0000после" }, 400, "body.body"],
      ["POST", `/api/v1/chats/${group.id}/messages`, { body: "x", replyToId: foreign.id }, 422, "replyToId"],
      ["POST", `/api/v1/chats/${group.id}/messages`, { body: "x", replyToId: "nope" }, 400, "body.replyToId"],
      ["POST", `/api/v1/chats/${group.id}/messages`, { text: "x" }, 400, "body.body"],
      ["POST", `/api/v1/chat-messages/${foreign.id}/reactions`, { emoji: "<b>" }, 400, "body.emoji"],
      ["PATCH", `/api/v1/chat-messages/${foreign.id}`, { body: "\u0003" }, 422, "body"],
      ["POST", `/api/v1/chats/${group.id}/read`, { seq: -1 }, 400, "body.seq"],
      ["GET", `/api/v1/chats/${group.id}/messages?limit=0`, undefined, 400, "query.limit"],
      ["GET", "/api/v1/chat/search?q=x", undefined, 400, "query.q"],
      ["GET", "/api/v1/realtime/sync?since=abc", undefined, 400, "query.since"],
    ];
    for (const [method, url, body, status, path] of cases) {
      const response = await a1.request(method as "POST", url, body);
      expect(response.statusCode, `${method} ${url} ${JSON.stringify(body)}`).toBe(status);
      expect(response.json().errors[0].path).toBe(path);
    }
    expect(await messageCount()).toBe(before);
    expect((await ok(a1.request("GET", `/api/v1/chats/${other.id}/messages`))).items[0].body).toBe("в другом чате");
  });
});
