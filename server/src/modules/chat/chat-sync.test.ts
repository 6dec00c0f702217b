import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { createGroup, multipart, ok, post } from "./chat-test-kit";

describe("chat search, sync and files", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let a1: Client;
  let a2: Client;
  let b1: Client;
  let group: { id: string };
  const db = () => context.handle.db;
  const upload = (
    client: Client,
    chatId: string,
    fields: Record<string, string>,
    file?: Parameters<typeof multipart>[1],
  ) => {
    const body = multipart(fields, file);
    return client.request("POST", `/api/v1/chats/${chatId}/files`, body.payload, body.headers);
  };

  beforeAll(async () => {
    fixture = await createAccessFixture(db());
    [a1, a2, b1] = await loginEach(context.app, ["manager-a1", "manager-a2", "manager-b1"] as const);
    group = await createGroup(a1, "Снабжение", [fixture.managerA2.id]);
  });

  it("finds text in the caller's chats, newest first, with each chat's title as the caller sees it", async () => {
    const direct = await ok(a1.request("POST", "/api/v1/chats/direct", { userId: fixture.managerA2.id }), 201);
    const first = await post(a1, group.id, "Поставка электродов 4242");
    const second = await post(a2, direct.id, "электроды приехали, скидка 100%");
    await post(a1, group.id, "скидка 1000 тенге");
    const removed = await post(a1, group.id, "удалённые электроды");
    await ok(a1.request("DELETE", `/api/v1/chat-messages/${removed.id}`), 204);
    const elsewhere = await createGroup(b1, "Чужие", [fixture.managerB1.id]);
    await post(b1, elsewhere.id, "свои электроды");

    const found = await ok(a2.request("GET", `/api/v1/chat/search?q=${encodeURIComponent("ЭЛЕКТРОД")}`));
    expect(found.items.map((item: { id: string }) => item.id)).toEqual([second.id, first.id]);
    const a1Name = (await ok(a1.request("GET", `/api/v1/chats/${direct.id}`))).members.find(
      (member: { id: string }) => member.id === fixture.managerA1.id,
    ).name;
    expect(found.items.map((item: { chatTitle: string }) => item.chatTitle)).toEqual([a1Name, "Снабжение"]);
    expect(found.items[0]).toMatchObject({ mine: true, body: "электроды приехали, скидка 100%" });
    // % and _ are text, not wildcards.
    const percent = await ok(a1.request("GET", `/api/v1/chat/search?q=${encodeURIComponent("100%")}`));
    expect(percent.items.map((item: { id: string }) => item.id)).toEqual([second.id]);
    // Every word, in any order: «скидка электрод» is the one message that has both.
    const both = await ok(a1.request("GET", `/api/v1/chat/search?q=${encodeURIComponent("скидка  электрод")}`));
    expect(both.items.map((item: { id: string }) => item.id)).toEqual([second.id]);
    const inOne = await ok(a1.request("GET", `/api/v1/chat/search?q=электрод&chatId=${group.id}&limit=5`));
    expect(inOne.items.map((item: { id: string }) => item.id)).toEqual([first.id]);
    expect((await ok(b1.request("GET", "/api/v1/chat/search?q=электрод"))).items).toHaveLength(1);
  });

  it("syncs what changed after a cursor: new messages, edits, deletes and the caller's notifications", async () => {
    const untouched = await post(a1, group.id, "до курсора");
    const old = await post(a1, group.id, "старое");
    // Move the sequence far past the look-back window, so "before the cursor" is unambiguous.
    await db().execute(sql`select setval('realtime_seq', nextval('realtime_seq') + 5000)`);
    const [{ since }] = (await rows<{ since: string }>(db(), sql`select last_value as since from realtime_seq`)) as [
      { since: string },
    ];
    const empty = await ok(a2.request("GET", `/api/v1/realtime/sync?since=${since}`));
    expect(empty).toEqual({ messages: [], notifications: [], cursor: Number(since) });

    await ok(a1.request("PATCH", `/api/v1/chat-messages/${old.id}`, { body: "старое, исправлено" }));
    const fresh = await post(a1, group.id, `новое для @[Коллега](${fixture.managerA2.id})`);
    const doomed = await post(a1, group.id, "ошибся чатом");
    await ok(a1.request("DELETE", `/api/v1/chat-messages/${doomed.id}`), 204);
    await post(b1, (await createGroup(b1, "Чужой", [fixture.managerB1.id])).id, "чужое после курсора");

    const sync = await ok(a2.request("GET", `/api/v1/realtime/sync?since=${since}`));
    expect(
      sync.messages.map((item: { id: string; body: string; deleted: boolean }) => [item.id, item.body, item.deleted]),
    ).toEqual([
      [old.id, "старое, исправлено", false],
      [fresh.id, fresh.body, false],
      [doomed.id, "", true],
    ]);
    expect(sync.messages.map((item: { id: string }) => item.id)).not.toContain(untouched.id);
    expect(sync.notifications).toEqual([
      expect.objectContaining({ kind: "mention", link: `/chat/${group.id}`, seq: expect.any(Number) }),
    ]);
    const seen = [...sync.messages.map((item: { changeSeq: number }) => item.changeSeq), sync.notifications[0].seq];
    expect(sync.cursor).toBe(Math.max(...seen));
    // Asking again from the new cursor still repeats the last few (the window); clients dedupe them.
    const again = await ok(a2.request("GET", `/api/v1/realtime/sync?since=${sync.cursor}`));
    expect(again.cursor).toBe(sync.cursor);
    expect(again.messages.length).toBe(3);
    // Nobody else's notifications.
    expect((await ok(b1.request("GET", `/api/v1/realtime/sync?since=${since}`))).notifications).toEqual([]);
  });

  it("stores a file as a message; pictures open inline in a sandbox, everything else downloads", async () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
    const picture = await ok(
      upload(a1, group.id, { body: "смотри" }, { name: "photo.png", data: png, type: "image/png" }),
      201,
    );
    expect(picture).toMatchObject({ body: "смотри", mine: true });
    expect(picture.files).toEqual([
      { id: expect.any(String), name: "photo.png", mimeType: "image/png", size: png.length, isImage: true },
    ]);
    const shown = await a2.request("GET", `/api/v1/chats/${group.id}/files/${picture.files[0].id}`);
    expect(shown.statusCode).toBe(200);
    expect(shown.rawPayload.equals(png)).toBe(true);
    expect(shown.headers).toMatchObject({
      "content-type": "image/png",
      "content-security-policy": expect.stringMatching(/(^|; )sandbox$/),
      "x-content-type-options": "nosniff",
    });
    expect(shown.headers["content-disposition"]).toMatch(/^inline; filename="photo.png"/);

    for (const [name, type] of [
      ["page.html", "text/html"],
      ["logo.svg", "image/svg+xml"],
    ]) {
      const page = await ok(
        upload(a1, group.id, {}, { name: name!, data: Buffer.from("<script>alert(1)</script>"), type: type! }),
        201,
      );
      expect(page).toMatchObject({ body: "", files: [{ name, isImage: false }] });
      const download = await a2.request("GET", `/api/v1/chats/${group.id}/files/${page.files[0].id}`);
      expect(download.headers["content-disposition"]).toMatch(/^attachment; /);
      expect(download.headers["x-content-type-options"]).toBe("nosniff");
    }
    const odd = await ok(
      upload(a1, group.id, {}, { name: "..\\..\\evil\u0001.txt", data: Buffer.from("x"), type: "no type" }),
      201,
    );
    expect(odd.files[0]).toMatchObject({ name: "evil.txt", mimeType: "application/octet-stream" });

    // A deleted message takes its file with it.
    await ok(a1.request("DELETE", `/api/v1/chat-messages/${picture.id}`), 204);
    expect((await a2.request("GET", `/api/v1/chats/${group.id}/files/${picture.files[0].id}`)).statusCode).toBe(404);
  });

  it("refuses uploads without a file, over 10 MB or with a bad body, naming the field and storing nothing", async () => {
    const count = async () =>
      (await rows<{ count: number }>(db(), sql`select count(*)::int as count from chat_messages`))[0]!.count;
    const before = await count();
    const file = { name: "a.txt", data: Buffer.from("a"), type: "text/plain" };
    const noFile = await upload(a1, group.id, { body: "без файла" });
    expect([noFile.statusCode, noFile.json().errors[0].path]).toEqual([422, "file"]);
    const json = await a1.request("POST", `/api/v1/chats/${group.id}/files`, { body: "x" });
    expect([json.statusCode, json.json().errors[0].path]).toEqual([422, "file"]);
    const long = await upload(a1, group.id, { body: "x".repeat(10_001) }, file);
    expect([long.statusCode, long.json().errors[0].path]).toEqual([422, "body"]);
    const reply = await upload(a1, group.id, { replyToId: "nope" }, file);
    expect([reply.statusCode, reply.json().errors[0].path]).toEqual([422, "replyToId"]);
    const huge = await upload(a1, group.id, {}, { ...file, data: Buffer.alloc(10 * 1024 * 1024 + 1) });
    expect(huge.statusCode).toBe(413);
    expect(await count()).toBe(before);
  });
});
