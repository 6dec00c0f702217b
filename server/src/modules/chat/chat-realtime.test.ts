import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { RealtimeEvent } from "../../platform/realtime/realtime-events";
import { realtimeChannel } from "../../platform/realtime/realtime-events";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { chatRealtimeHandlers } from "./chat-realtime";
import { createDeal, createGroup, ok, post } from "./chat-test-kit";

/**
 * What the real-time gateway pushes for chat events: called directly with a set of "connected"
 * users, the handlers pick, from the database as it is now, who may receive each frame.
 */
describe("chat real-time recipients", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let a1: Client;
  let a2: Client;
  let headA: Client;
  let everyone: Set<string>;
  const published: RealtimeEvent[] = [];
  let stopListening: (() => Promise<void>) | undefined;
  const handlers = () => chatRealtimeHandlers(context.handle.db);
  const recipientsOf = async (event: RealtimeEvent, connected: Set<string> = everyone) =>
    (await handlers()[event.type as "chat_message"]!(event, connected)).map((delivery) => delivery.userId).sort();
  const sorted = (...ids: string[]) => [...ids].sort();
  /** The events the writes published, once their transactions committed. */
  const expectPublished = (expected: Partial<RealtimeEvent>) =>
    vi.waitFor(() => expect(published).toContainEqual(expect.objectContaining(expected)), { timeout: 5000 });

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [a1, a2, headA] = await loginEach(context.app, ["manager-a1", "manager-a2", "head-a"] as const);
    everyone = new Set(
      [fixture.managerA1, fixture.managerA2, fixture.managerB1, fixture.headA, fixture.headB].map((u) => u.id),
    );
    stopListening = await context.handle.listen(realtimeChannel, (payload) => published.push(JSON.parse(payload)));
  });
  afterAll(async () => {
    await stopListening?.();
  });

  it("sends a group's messages to its connected members, each copy marked for its reader", async () => {
    const group = await createGroup(a1, "Пуш", [fixture.managerA2.id]);
    const message = await post(a1, group.id, "всем");
    await ok(a2.request("POST", `/api/v1/chat-messages/${message.id}/reactions`, { emoji: "🔥" }));
    const event = { type: "chat_message", chatId: group.id, messageId: message.id } as const;
    await expectPublished(event);
    await expectPublished({ type: "chat_changed", chatId: group.id });

    const deliveries = await handlers().chat_message!(event, everyone);
    expect(deliveries.map((delivery) => delivery.userId).sort()).toEqual(
      sorted(fixture.managerA1.id, fixture.managerA2.id),
    );
    for (const { userId, frame } of deliveries) {
      if (frame.type !== "chat_message") throw new Error(`unexpected frame ${frame.type}`);
      expect(frame.message).toMatchObject({ id: message.id, body: "всем", mine: userId === fixture.managerA1.id });
      expect(frame.message.reactions).toEqual([
        expect.objectContaining({ emoji: "🔥", mine: userId === fixture.managerA2.id }),
      ]);
    }
    // Only the users connected to this process.
    expect(await recipientsOf(event, new Set([fixture.managerA2.id, fixture.headA.id]))).toEqual([
      fixture.managerA2.id,
    ]);
    expect(await recipientsOf(event, new Set())).toEqual([]);
    expect(await recipientsOf({ type: "chat_changed", chatId: group.id })).toEqual(
      sorted(fixture.managerA1.id, fixture.managerA2.id),
    );

    // Read positions go to the reader alone, at the position stored now.
    await ok(a2.request("POST", `/api/v1/chats/${group.id}/read`, { seq: message.seq }), 204);
    await expectPublished({ type: "chat_read", chatId: group.id, userId: fixture.managerA2.id, seq: message.seq });
    const read = await handlers().chat_read!(
      { type: "chat_read", chatId: group.id, userId: fixture.managerA2.id, seq: 1 },
      everyone,
    );
    expect(read).toEqual([
      { userId: fixture.managerA2.id, frame: { type: "chat_read", chatId: group.id, seq: message.seq } },
    ]);
    const offline = { type: "chat_read", chatId: group.id, userId: fixture.managerA2.id, seq: 1 } as const;
    expect(await recipientsOf(offline, new Set([fixture.managerA1.id]))).toEqual([]);
  });

  it("stops at once for a removed member, who gets chat_removed unless added back since", async () => {
    const group = await createGroup(a1, "Уходящий", [fixture.managerA2.id, fixture.headA.id]);
    const message = await post(a1, group.id, "до ухода");
    await ok(a1.request("DELETE", `/api/v1/chats/${group.id}/members/${fixture.managerA2.id}`), 204);
    const removed: RealtimeEvent = { type: "chat_removed", chatId: group.id, userIds: [fixture.managerA2.id] };
    await expectPublished(removed);
    expect(await recipientsOf({ type: "chat_message", chatId: group.id, messageId: message.id })).toEqual(
      sorted(fixture.managerA1.id, fixture.headA.id),
    );
    expect(await handlers().chat_removed!(removed, everyone)).toEqual([
      { userId: fixture.managerA2.id, frame: { type: "chat_removed", chatId: group.id } },
    ]);
    expect(await recipientsOf(removed, new Set([fixture.managerA1.id]))).toEqual([]);
    // Leaving works the same way.
    await ok(headA.request("DELETE", `/api/v1/chats/${group.id}/members/${fixture.headA.id}`), 204);
    await expectPublished({ type: "chat_removed", chatId: group.id, userIds: [fixture.headA.id] });

    await ok(a1.request("POST", `/api/v1/chats/${group.id}/members`, { userIds: [fixture.managerA2.id] }));
    expect(await recipientsOf(removed)).toEqual([]);
  });

  it("sends a record chat's messages to members who may still read the record", async () => {
    const deal = await createDeal(a2, "Сделка для пушей");
    const record = { entityType: "deal", entityId: deal.id };
    const chat = await ok(a2.request("POST", "/api/v1/chats/record", record), 201);
    await ok(headA.request("POST", "/api/v1/chats/record", record));
    const message = await post(a2, chat.id, "по сделке");
    const event = { type: "chat_message", chatId: chat.id, messageId: message.id } as const;
    await expectPublished(event);
    // The colleague is connected but neither a member nor a reader; the other department's head neither.
    expect(await recipientsOf(event)).toEqual(sorted(fixture.managerA2.id, fixture.headA.id));

    await ok(
      headA.request("PATCH", `/api/v1/deals/${deal.id}`, { version: deal.version, ownerId: fixture.managerA1.id }),
    );
    // The former owner is still a member row, but may no longer read the record: nothing for them.
    expect(await recipientsOf(event)).toEqual([fixture.headA.id]);
    expect(await recipientsOf({ type: "chat_changed", chatId: chat.id })).toEqual([fixture.headA.id]);
    await ok(a1.request("POST", "/api/v1/chats/record", record));
    expect(await recipientsOf(event)).toEqual(sorted(fixture.managerA1.id, fixture.headA.id));
  });

  it("publishes edits and deletes of a message as chat_message events", async () => {
    const group = await createGroup(a1, "Правки", [fixture.managerA2.id]);
    const message = await post(a1, group.id, "черновик");
    published.length = 0;
    await ok(a1.request("PATCH", `/api/v1/chat-messages/${message.id}`, { body: "чистовик" }));
    await expectPublished({ type: "chat_message", messageId: message.id });
    published.length = 0;
    await ok(a1.request("DELETE", `/api/v1/chat-messages/${message.id}`), 204);
    await expectPublished({ type: "chat_message", messageId: message.id });
    const [delivery] = await handlers().chat_message!(
      { type: "chat_message", chatId: group.id, messageId: message.id },
      new Set([fixture.managerA2.id]),
    );
    expect(delivery!.frame).toMatchObject({ type: "chat_message", message: { deleted: true, body: "" } });
    published.length = 0;
    await ok(a1.request("PATCH", `/api/v1/chats/${group.id}`, { title: "Правки 2" }));
    await expectPublished({ type: "chat_changed", chatId: group.id });
  });
});
