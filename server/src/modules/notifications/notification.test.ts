import { beforeAll, describe, expect, it } from "vitest";
import { notify } from "../../platform/notifications/notify";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";

describe("notification centre", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let manager: Client;
  let other: Client;

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [manager, other] = await loginEach(context.app, ["manager-a1", "manager-a2"] as const);
    const db = context.handle.db;
    await notify(db, [
      {
        userId: fixture.managerA1.id,
        kind: "task_assigned",
        title: "Первая",
        link: "/tasks/1",
        actorId: fixture.headA.id,
      },
    ]);
    // A later statement: a later time, so the order is known.
    await notify(db, [
      {
        userId: fixture.managerA1.id,
        kind: "mention",
        title: "Вторая",
        body: "<b>text</b>",
        actorId: fixture.headA.id,
      },
      { userId: fixture.managerA2.id, kind: "task_assigned", title: "Чужая", actorId: fixture.headA.id },
      // Nobody is notified of their own action.
      { userId: fixture.managerA1.id, kind: "task_comment", title: "Своя", actorId: fixture.managerA1.id },
    ]);
  });

  it("lists only the caller's own notifications, newest first, with the unread count and the actor", async () => {
    const page = (await manager.request("GET", "/api/v1/notifications")).json();
    expect(page.items.map((item: { title: string }) => item.title)).toEqual(["Вторая", "Первая"]);
    expect(page.total).toBe(2);
    expect(page.unread).toBe(2);
    expect(page.items[1]).toMatchObject({ kind: "task_assigned", link: "/tasks/1", readAt: null });
    expect(page.items[1].actor).toEqual({ id: fixture.headA.id, name: expect.any(String) });
    expect(page.items[0].body).toBe("<b>text</b>");
  });

  it("marks one read, ignores another person's ids, then marks all read", async () => {
    const mine = (await manager.request("GET", "/api/v1/notifications")).json().items as { id: string }[];
    const theirs = (await other.request("GET", "/api/v1/notifications")).json().items as { id: string }[];
    expect(theirs).toHaveLength(1);

    const marked = await manager.request("POST", "/api/v1/notifications/read", { ids: [mine[0]!.id, theirs[0]!.id] });
    expect(marked.statusCode).toBe(200);
    expect(marked.json()).toEqual({ unread: 1 });
    const otherPage = (await other.request("GET", "/api/v1/notifications")).json();
    expect(otherPage.unread).toBe(1);
    expect(otherPage.items[0].readAt).toBeNull();

    const unreadOnly = (await manager.request("GET", "/api/v1/notifications?unread=true")).json();
    expect(unreadOnly.items.map((item: { id: string }) => item.id)).toEqual([mine[1]!.id]);

    expect((await manager.request("POST", "/api/v1/notifications/read", {})).json()).toEqual({ unread: 0 });
    expect((await other.request("GET", "/api/v1/notifications")).json().unread).toBe(1);
  });

  it("refuses bad input with the field named and changes nothing", async () => {
    const before = (await other.request("GET", "/api/v1/notifications")).json().unread;
    const cases: [unknown, string][] = [
      [{ ids: ["not-a-uuid"] }, "body.ids.0"],
      [{ ids: "all" }, "body.ids"],
      [{ ids: [], extra: 1 }, "body"],
    ];
    for (const [body, path] of cases) {
      const response = await other.request("POST", "/api/v1/notifications/read", body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(path);
    }
    expect((await other.request("GET", "/api/v1/notifications?limit=0")).statusCode).toBe(400);
    expect((await other.request("GET", "/api/v1/notifications")).json().unread).toBe(before);
  });

  it("is not reachable without a session", async () => {
    const response = await context.app.inject({ method: "GET", url: "/api/v1/notifications" });
    expect(response.statusCode).toBe(401);
  });

  it("«Написать» delivers a message to the colleague's notifications, and only to them", async () => {
    const [head] = await loginEach(context.app, ["head-a"] as const);
    const sent = await head.request("POST", "/api/v1/notifications/messages", {
      userId: fixture.managerA2.id,
      text: "Зайди ко мне по сделке <script>x</script>",
    });
    expect(sent.statusCode).toBe(201);
    const received = (await other.request("GET", "/api/v1/notifications?unread=true")).json();
    expect(received.items[0]).toMatchObject({
      kind: "message",
      body: "Зайди ко мне по сделке <script>x</script>",
      actor: { id: fixture.headA.id },
    });
    const managerPage = (await manager.request("GET", "/api/v1/notifications")).json();
    expect(managerPage.items.some((item: { kind: string }) => item.kind === "message")).toBe(false);
  });

  it("refuses a message to nobody, to oneself or to a disabled colleague, storing nothing", async () => {
    const before = (await other.request("GET", "/api/v1/notifications")).json().total;
    const unknown = await manager.request("POST", "/api/v1/notifications/messages", {
      userId: "00000000-0000-4000-8000-000000000000",
      text: "hi",
    });
    expect(unknown.statusCode).toBe(404);
    const self = await manager.request("POST", "/api/v1/notifications/messages", {
      userId: fixture.managerA1.id,
      text: "hi",
    });
    expect(self.statusCode).toBe(404);
    const empty = await manager.request("POST", "/api/v1/notifications/messages", {
      userId: fixture.managerA2.id,
      text: "   ",
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors.map((error: { path: string }) => error.path)).toContain("body.text");
    expect((await other.request("GET", "/api/v1/notifications")).json().total).toBe(before);
  });
});
