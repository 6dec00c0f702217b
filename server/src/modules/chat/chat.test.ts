import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture, createUser } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { createGroup, ok, post } from "./chat-test-kit";

describe("chats and their members", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let a1: Client;
  let a2: Client;
  let b1: Client;
  let headA: Client;
  const countOf = async (table: string) =>
    (
      await rows<{ count: number }>(context.handle.db, sql`select count(*)::int as count from ${sql.identifier(table)}`)
    )[0]!.count;
  const auditOf = (entityId: string) =>
    rows<{ action: string; actorId: string }>(
      context.handle.db,
      sql`select action, actor_id as "actorId" from audit_log where entity = 'chat' and entity_id = ${entityId} order by id`,
    );

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [a1, a2, b1, headA] = await loginEach(context.app, ["manager-a1", "manager-a2", "manager-b1", "head-a"] as const);
  });

  it("opens one direct chat per pair, whoever opens it, and says whether it was created", async () => {
    const created = await ok(a1.request("POST", "/api/v1/chats/direct", { userId: fixture.managerB1.id }), 201);
    expect(created).toMatchObject({
      kind: "direct",
      peer: { id: fixture.managerB1.id, online: false },
      memberCount: 2,
      unread: 0,
      lastMessage: null,
      abilities: { rename: false, addMembers: false, removeMembers: false, leave: false },
    });
    const again = await ok(a1.request("POST", "/api/v1/chats/direct", { userId: fixture.managerB1.id }));
    const fromTheOtherSide = await ok(b1.request("POST", "/api/v1/chats/direct", { userId: fixture.managerA1.id }));
    expect([again.id, fromTheOtherSide.id]).toEqual([created.id, created.id]);
    expect(fromTheOtherSide.peer.id).toBe(fixture.managerA1.id);
    expect(fromTheOtherSide.title).toBe(
      created.members.find((m: { id: string }) => m.id === fixture.managerA1.id).name,
    );
    expect(await auditOf(created.id)).toEqual([{ action: "create", actorId: fixture.managerA1.id }]);
    // Opened at the same moment by both: still one chat.
    const both = await Promise.all([
      a2.request("POST", "/api/v1/chats/direct", { userId: fixture.headA.id }),
      headA.request("POST", "/api/v1/chats/direct", { userId: fixture.managerA2.id }),
    ]);
    expect(new Set(both.map((response) => response.json().id)).size).toBe(1);
    expect(both.map((response) => response.statusCode).sort()).toEqual([200, 201]);
  });

  it("refuses a direct chat with oneself or an inactive or unknown person, naming userId, storing nothing", async () => {
    const inactive = await createUser(context.handle.db, { unitId: fixture.departmentA, active: false });
    const before = await countOf("chats");
    for (const userId of [fixture.managerA1.id, inactive.id, "00000000-0000-4000-8000-000000000000"]) {
      const response = await a1.request("POST", "/api/v1/chats/direct", { userId });
      expect(response.statusCode).toBe(422);
      expect(response.json().errors).toEqual([{ path: "userId", message: expect.any(String) }]);
    }
    const malformed = await a1.request("POST", "/api/v1/chats/direct", { userId: "nobody" });
    expect([malformed.statusCode, malformed.json().errors[0].path]).toEqual([400, "body.userId"]);
    expect(await countOf("chats")).toBe(before);
  });

  it("creates a group with its creator as owner; members add people, the owner renames and removes", async () => {
    const group = await createGroup(a1, "Отдел А", [fixture.managerA2.id, fixture.managerA1.id]);
    expect(group).toMatchObject({ kind: "group", title: "Отдел А", memberCount: 2, peer: null, record: null });
    expect(group.members).toEqual([
      { id: fixture.managerA1.id, name: expect.any(String), role: "owner", online: false },
      { id: fixture.managerA2.id, name: expect.any(String), role: "member", online: false },
    ]);
    expect(group.abilities).toEqual({ rename: true, addMembers: true, removeMembers: true, leave: true });

    // A member adds people (existing members are skipped) but neither renames nor removes others.
    const added = await ok(
      a2.request("POST", `/api/v1/chats/${group.id}/members`, {
        userIds: [fixture.managerB1.id, fixture.managerA1.id],
      }),
    );
    expect(added.memberCount).toBe(3);
    expect(added.abilities).toEqual({ rename: false, addMembers: true, removeMembers: false, leave: true });
    expect((await a2.request("PATCH", `/api/v1/chats/${group.id}`, { title: "Моё" })).statusCode).toBe(403);
    expect((await a2.request("DELETE", `/api/v1/chats/${group.id}/members/${fixture.managerB1.id}`)).statusCode).toBe(
      403,
    );
    expect((await ok(a1.request("PATCH", `/api/v1/chats/${group.id}`, { title: "Отдел А+" }))).title).toBe("Отдел А+");
    expect((await ok(b1.request("GET", `/api/v1/chats/${group.id}/messages`))).items).toEqual([]);

    // Removed by the owner: 404 on the very next request, and gone from the list.
    await ok(a1.request("DELETE", `/api/v1/chats/${group.id}/members/${fixture.managerB1.id}`), 204);
    expect((await b1.request("GET", `/api/v1/chats/${group.id}`)).statusCode).toBe(404);
    expect((await b1.request("POST", `/api/v1/chats/${group.id}/messages`, { body: "я тут?" })).statusCode).toBe(404);
    expect((await ok(b1.request("GET", "/api/v1/chats"))).items.map((item: { id: string }) => item.id)).not.toContain(
      group.id,
    );
    expect((await a1.request("DELETE", `/api/v1/chats/${group.id}/members/${fixture.managerB1.id}`)).statusCode).toBe(
      404,
    );
    expect((await auditOf(group.id)).map((entry) => entry.action)).toEqual([
      "create",
      "members_add",
      "update",
      "member_remove",
    ]);
  });

  it("lets the owner leave, handing the group to the member who joined first; a direct chat cannot be left", async () => {
    const group = await createGroup(a1, "Передача", [fixture.managerA2.id]);
    await ok(a1.request("POST", `/api/v1/chats/${group.id}/members`, { userIds: [fixture.headA.id] }));
    await ok(a1.request("DELETE", `/api/v1/chats/${group.id}/members/${fixture.managerA1.id}`), 204);
    expect((await a1.request("GET", `/api/v1/chats/${group.id}`)).statusCode).toBe(404);
    const detail = await ok(a2.request("GET", `/api/v1/chats/${group.id}`));
    expect(detail.members.map((member: { id: string; role: string }) => [member.id, member.role])).toEqual([
      [fixture.managerA2.id, "owner"],
      [fixture.headA.id, "member"],
    ]);
    expect((await auditOf(group.id)).at(-1)).toEqual({ action: "leave", actorId: fixture.managerA1.id });
    // A member leaves by themselves.
    await ok(headA.request("DELETE", `/api/v1/chats/${group.id}/members/${fixture.headA.id}`), 204);
    expect((await ok(a2.request("GET", `/api/v1/chats/${group.id}`))).memberCount).toBe(1);

    const direct = await ok(a1.request("POST", "/api/v1/chats/direct", { userId: fixture.managerA2.id }), 201);
    const leave = await a1.request("DELETE", `/api/v1/chats/${direct.id}/members/${fixture.managerA1.id}`);
    expect([leave.statusCode, leave.json().errors[0].path]).toEqual([422, "userId"]);
    const rename = await a1.request("PATCH", `/api/v1/chats/${direct.id}`, { title: "x" });
    expect([rename.statusCode, rename.json().errors[0].path]).toEqual([422, "title"]);
    const add = await a1.request("POST", `/api/v1/chats/${direct.id}/members`, { userIds: [fixture.headA.id] });
    expect([add.statusCode, add.json().errors[0].path]).toEqual([422, "userIds"]);
    expect((await ok(a1.request("GET", `/api/v1/chats/${direct.id}`))).memberCount).toBe(2);
  });

  it("refuses bad groups with the field named and stores nothing", async () => {
    const inactive = await createUser(context.handle.db, { unitId: fixture.departmentA, active: false });
    const before = { chats: await countOf("chats"), members: await countOf("chat_members") };
    const cases: [unknown, number, string][] = [
      [{ title: "", memberIds: [fixture.managerA2.id] }, 400, "body.title"],
      [{ title: "x".repeat(201), memberIds: [fixture.managerA2.id] }, 400, "body.title"],
      [{ title: "Группа", memberIds: [] }, 400, "body.memberIds"],
      [{ title: "Группа", memberIds: ["x"] }, 400, "body.memberIds.0"],
      [{ title: "Группа", memberIds: [fixture.managerA2.id], extra: 1 }, 400, "body"],
      [{ title: "Группа", memberIds: [fixture.managerA2.id, inactive.id] }, 422, "memberIds"],
    ];
    for (const [body, status, path] of cases) {
      const response = await a1.request("POST", "/api/v1/chats", body);
      expect(response.statusCode, JSON.stringify(body)).toBe(status);
      expect(response.json().errors[0].path).toBe(path);
    }
    const group = await createGroup(a1, "Пусто", [fixture.managerA2.id]);
    const after = { chats: await countOf("chats"), members: await countOf("chat_members") };
    expect(after).toEqual({ chats: before.chats + 1, members: before.members + 2 });
    const badAdd = await a1.request("POST", `/api/v1/chats/${group.id}/members`, { userIds: [inactive.id] });
    expect([badAdd.statusCode, badAdd.json().errors[0].path]).toEqual([422, "userIds"]);
    expect(await countOf("chat_members")).toBe(after.members);
    await post(a1, group.id, "живой");
  });
});
