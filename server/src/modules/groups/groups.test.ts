import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture, createUser } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { chatMemberIds, createGroupAs, errorPaths, groupsSnapshot, ok } from "./group-test-kit";

describe("groups and projects", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let a1: Client;
  let a2: Client;
  let b1: Client;
  let headA: Client;
  let admin: Client;
  const sorted = (...ids: string[]) => [...ids].sort();

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [a1, a2, b1, headA, admin] = await loginEach(context.app, [
      "manager-a1",
      "manager-a2",
      "manager-b1",
      "head-a",
      "admin-user",
    ] as const);
  });

  it("creates a group with its creator as owner and a chat of the same people; lists and searches", async () => {
    const group = await createGroupAs(a1, {
      name: "Welding line project",
      description: "Запуск линии",
      kind: "project",
      visibility: "closed",
      memberIds: [fixture.managerA2.id, fixture.managerA1.id],
    });
    expect(group).toMatchObject({
      name: "Welding line project",
      kind: "project",
      visibility: "closed",
      archived: false,
      memberCount: 2,
      myRole: "owner",
      openTaskCount: 0,
      createdBy: { id: fixture.managerA1.id },
      abilities: { edit: true, manageMembers: true, manageOwners: true, archive: true, join: false, leave: false },
    });
    expect(group.members.map((member) => [member.id, member.role])).toEqual([
      [fixture.managerA1.id, "owner"],
      [fixture.managerA2.id, "member"],
    ]);
    expect(await chatMemberIds(context.handle.db, group.chatId!)).toEqual(
      sorted(fixture.managerA1.id, fixture.managerA2.id),
    );
    // The chat is the group's: a member opens it, but its people are managed on the group's page.
    const chat = await ok(a2.request("GET", `/api/v1/chats/${group.chatId}`));
    expect(chat).toMatchObject({ kind: "group", title: "Welding line project", groupId: group.id });
    expect(chat.abilities).toEqual({ rename: false, addMembers: false, removeMembers: false, leave: false });
    for (const refused of [
      a1.request("POST", `/api/v1/chats/${group.chatId}/members`, { userIds: [fixture.managerB1.id] }),
      a1.request("PATCH", `/api/v1/chats/${group.chatId}`, { title: "Другое" }),
      a2.request("DELETE", `/api/v1/chats/${group.chatId}/members/${fixture.managerA2.id}`),
    ]) {
      expect((await refused).statusCode).toBe(403);
    }
    expect(await chatMemberIds(context.handle.db, group.chatId!)).toHaveLength(2);
    // The colleague was told.
    const [told] = await rows<{ kind: string; link: string }>(
      context.handle.db,
      sql`select kind, link from notifications where user_id = ${fixture.managerA2.id} and kind = 'group_added'`,
    );
    expect(told).toEqual({ kind: "group_added", link: `/groups/${group.id}` });

    await createGroupAs(a2, { name: "Sales circle", visibility: "open" });
    const mine = await ok(a1.request("GET", "/api/v1/groups?membership=mine"));
    expect(mine.items.map((item: { name: string }) => item.name)).toEqual(["Welding line project"]);
    const everything = await ok(a1.request("GET", "/api/v1/groups"));
    expect(everything.items.map((item: { name: string }) => item.name)).toEqual([
      "Sales circle",
      "Welding line project",
    ]);
    expect(everything.total).toBe(2);
    const searched = await ok(a1.request("GET", "/api/v1/groups?q=WELDING"));
    expect(searched.items.map((item: { id: string }) => item.id)).toEqual([group.id]);
    const byDescription = await ok(a1.request("GET", `/api/v1/groups?q=${encodeURIComponent("линии")}`));
    expect(byDescription.total).toBe(1);
    // Every word, each in the name or the description: «линии welding» — one in each.
    const acrossFields = await ok(a1.request("GET", `/api/v1/groups?q=${encodeURIComponent("линии welding")}`));
    expect(acrossFields.items.map((item: { id: string }) => item.id)).toEqual([group.id]);
    expect((await ok(a1.request("GET", `/api/v1/groups?q=${encodeURIComponent("линии circle")}`))).total).toBe(0);
    const paged = await ok(a1.request("GET", "/api/v1/groups?limit=1&offset=1"));
    expect([paged.total, paged.items.length, paged.items[0].name]).toEqual([2, 1, "Welding line project"]);
  });

  it("refuses bad input naming the field, storing nothing", async () => {
    const inactive = await createUser(context.handle.db, { unitId: fixture.departmentA, active: false });
    const before = await groupsSnapshot(context.handle.db);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ name: "" }, 400, "body.name"],
      [{ name: "X", kind: "team" }, 400, "body.kind"],
      [{ name: "X", visibility: "secret" }, 400, "body.visibility"],
      [{ name: "X", memberIds: ["nobody"] }, 400, "body.memberIds.0"],
      [{ name: "X", memberIds: [inactive.id] }, 422, "memberIds"],
      [{ name: "X", memberIds: ["00000000-0000-4000-8000-000000000000"] }, 422, "memberIds"],
      [{ name: "X", owner: fixture.managerA1.id }, 400, "body"],
    ];
    for (const [body, status, path] of cases) {
      const response = await a1.request("POST", "/api/v1/groups", body);
      expect([response.statusCode, response.headers["content-type"]], response.body).toEqual([
        status,
        expect.stringContaining("application/problem+json"),
      ]);
      expect(errorPaths(response).join(",")).toContain(path);
    }
    const query = await a1.request("GET", "/api/v1/groups?membership=theirs");
    expect([query.statusCode, errorPaths(query)]).toEqual([400, ["query.membership"]]);
    expect(await groupsSnapshot(context.handle.db)).toEqual(before);
  });

  it("hides a closed group from everyone but its members and admins: 404 on every route, nothing changed", async () => {
    const group = await createGroupAs(a1, {
      name: "Closed circle",
      visibility: "closed",
      memberIds: [fixture.managerA2.id],
    });
    const task = await ok(a1.request("POST", "/api/v1/tasks", { title: "Секретная задача", groupId: group.id }), 201);
    // Neither a colleague from another department nor the head above both members sees it.
    for (const outsider of [b1, headA]) {
      const list = await ok(outsider.request("GET", "/api/v1/groups?q=Closed"));
      expect(list).toEqual({ items: [], total: 0 });
      const before = await groupsSnapshot(context.handle.db);
      const id = group.id;
      const attempts = [
        outsider.request("GET", `/api/v1/groups/${id}`),
        outsider.request("PATCH", `/api/v1/groups/${id}`, { version: group.version, name: "Взлом" }),
        outsider.request("POST", `/api/v1/groups/${id}/archive`),
        outsider.request("POST", `/api/v1/groups/${id}/restore`),
        outsider.request("POST", `/api/v1/groups/${id}/join`),
        outsider.request("POST", `/api/v1/groups/${id}/members`, { userId: fixture.managerB1.id, role: "owner" }),
        outsider.request("PATCH", `/api/v1/groups/${id}/members/${fixture.managerA2.id}`, { role: "owner" }),
        outsider.request("DELETE", `/api/v1/groups/${id}/members/${fixture.managerA2.id}`),
        outsider.request("DELETE", `/api/v1/groups/${id}/members/${fixture.managerB1.id}`),
        outsider.request("GET", `/api/v1/tasks?view=all&groupId=${id}`),
        // The head above the task's people reads the task by the task rule (checked below).
        ...(outsider === b1 ? [outsider.request("GET", `/api/v1/tasks/${task.id}`)] : []),
        outsider.request("POST", "/api/v1/tasks", { title: "Подброшенная", groupId: id }),
        outsider.request("GET", `/api/v1/chats/${group.chatId}`),
        outsider.request("GET", `/api/v1/chats/${group.chatId}/messages`),
        outsider.request("POST", `/api/v1/chats/${group.chatId}/messages`, { body: "привет" }),
      ];
      const answers = await Promise.all(attempts);
      expect(
        answers.map((answer) => answer.statusCode),
        answers.map((answer) => answer.body).join("\n"),
      ).toEqual(answers.map(() => 404));
      // Not a word of the group in any refusal.
      for (const answer of answers) expect(answer.body).not.toContain("Closed circle");
      expect(await groupsSnapshot(context.handle.db)).toEqual(before);
    }
    // The head still sees the task of his manager (the task rule), but not the closed group's name.
    const seenByHead = await ok(headA.request("GET", `/api/v1/tasks/${task.id}`));
    expect(seenByHead.group).toBeNull();
    // An admin sees the group, though not a member.
    const byAdmin = await ok(admin.request("GET", `/api/v1/groups/${group.id}`));
    expect(byAdmin).toMatchObject({ myRole: null, chatId: null, abilities: { edit: true, join: false } });
    const closedJoin = await admin.request("POST", `/api/v1/groups/${group.id}/join`);
    expect(closedJoin.statusCode).toBe(403);
  });

  it("shows an open group to everyone; anyone joins it and its chat, and leaves both", async () => {
    const group = await createGroupAs(a1, { name: "Open welding club", visibility: "open" });
    const all = await ok(b1.request("GET", "/api/v1/groups?q=club"));
    expect(all.items).toEqual([expect.objectContaining({ id: group.id, myRole: null, memberCount: 1 })]);
    expect((await ok(b1.request("GET", "/api/v1/groups?membership=mine&q=club"))).total).toBe(0);
    const seen = await ok(b1.request("GET", `/api/v1/groups/${group.id}`));
    expect(seen).toMatchObject({ myRole: null, chatId: null, abilities: { join: true, leave: false, edit: false } });
    expect((await b1.request("GET", `/api/v1/chats/${group.chatId}`)).statusCode).toBe(404);

    const joined = await ok(b1.request("POST", `/api/v1/groups/${group.id}/join`));
    expect(joined).toMatchObject({ myRole: "member", memberCount: 2, chatId: group.chatId });
    const again = await ok(b1.request("POST", `/api/v1/groups/${group.id}/join`));
    expect(again.memberCount).toBe(2);
    expect(await chatMemberIds(context.handle.db, group.chatId!)).toEqual(
      sorted(fixture.managerA1.id, fixture.managerB1.id),
    );
    expect((await ok(b1.request("GET", `/api/v1/chats/${group.chatId}`))).groupId).toBe(group.id);
    expect((await ok(b1.request("GET", "/api/v1/groups?membership=mine&q=club"))).total).toBe(1);

    await ok(b1.request("DELETE", `/api/v1/groups/${group.id}/members/${fixture.managerB1.id}`), 204);
    expect(await chatMemberIds(context.handle.db, group.chatId!)).toEqual([fixture.managerA1.id]);
    expect((await b1.request("GET", `/api/v1/chats/${group.chatId}`)).statusCode).toBe(404);
    const leftAgain = await b1.request("DELETE", `/api/v1/groups/${group.id}/members/${fixture.managerB1.id}`);
    expect(leftAgain.statusCode).toBe(404);
  });

  it("lets owners and moderators manage members; members may not; the last owner stays", async () => {
    const group = await createGroupAs(a1, { name: "Roles", visibility: "open", memberIds: [fixture.managerA2.id] });
    const id = group.id;
    // A plain member: 403 (they see the group), and nothing changes.
    const before = await groupsSnapshot(context.handle.db);
    for (const attempt of [
      a2.request("POST", `/api/v1/groups/${id}/members`, { userId: fixture.managerB1.id }),
      a2.request("PATCH", `/api/v1/groups/${id}/members/${fixture.managerA2.id}`, { role: "moderator" }),
      a2.request("DELETE", `/api/v1/groups/${id}/members/${fixture.managerA1.id}`),
      a2.request("POST", `/api/v1/groups/${id}/archive`),
      a2.request("PATCH", `/api/v1/groups/${id}`, { version: group.version, name: "Мой" }),
      // Someone outside an open group sees it, so they are refused (403), not kept in the dark.
      b1.request("POST", `/api/v1/groups/${id}/members`, { userId: fixture.managerB1.id }),
    ]) {
      const answer = await attempt;
      expect(answer.statusCode, answer.body).toBe(403);
    }
    expect(await groupsSnapshot(context.handle.db)).toEqual(before);

    // The owner makes a moderator, who adds and removes members but touches no owner.
    await ok(a1.request("PATCH", `/api/v1/groups/${id}/members/${fixture.managerA2.id}`, { role: "moderator" }));
    const added = await ok(a2.request("POST", `/api/v1/groups/${id}/members`, { userId: fixture.managerB1.id }));
    expect(added.members.map((member: { id: string; role: string }) => member.role)).toEqual([
      "owner",
      "moderator",
      "member",
    ]);
    expect(await chatMemberIds(context.handle.db, group.chatId!)).toHaveLength(3);
    const twice = await a2.request("POST", `/api/v1/groups/${id}/members`, { userId: fixture.managerB1.id });
    expect([twice.statusCode, errorPaths(twice)]).toEqual([409, ["userId"]]);
    const inactive = await createUser(context.handle.db, { unitId: fixture.departmentB, active: false });
    const dead = await a2.request("POST", `/api/v1/groups/${id}/members`, { userId: inactive.id });
    expect([dead.statusCode, errorPaths(dead)]).toEqual([422, ["userId"]]);
    const badRole = await a2.request("POST", `/api/v1/groups/${id}/members`, {
      userId: fixture.headB.id,
      role: "boss",
    });
    expect([badRole.statusCode, errorPaths(badRole)]).toEqual([400, ["body.role"]]);
    for (const attempt of [
      a2.request("POST", `/api/v1/groups/${id}/members`, { userId: fixture.headB.id, role: "owner" }),
      a2.request("PATCH", `/api/v1/groups/${id}/members/${fixture.managerB1.id}`, { role: "owner" }),
      a2.request("DELETE", `/api/v1/groups/${id}/members/${fixture.managerA1.id}`),
      a2.request("POST", `/api/v1/groups/${id}/archive`),
    ]) {
      expect((await attempt).statusCode).toBe(403);
    }
    await ok(a2.request("DELETE", `/api/v1/groups/${id}/members/${fixture.managerB1.id}`), 204);
    expect(await chatMemberIds(context.handle.db, group.chatId!)).toEqual(
      sorted(fixture.managerA1.id, fixture.managerA2.id),
    );

    // The last owner neither leaves nor steps down; with a second owner they may.
    const leave = await a1.request("DELETE", `/api/v1/groups/${id}/members/${fixture.managerA1.id}`);
    expect([leave.statusCode, errorPaths(leave)]).toEqual([409, ["userId"]]);
    const stepDown = await a1.request("PATCH", `/api/v1/groups/${id}/members/${fixture.managerA1.id}`, {
      role: "member",
    });
    expect(stepDown.statusCode).toBe(409);
    expect((await ok(a1.request("GET", `/api/v1/groups/${id}`))).abilities.leave).toBe(false);
    await ok(a1.request("PATCH", `/api/v1/groups/${id}/members/${fixture.managerA2.id}`, { role: "owner" }));
    await ok(a1.request("DELETE", `/api/v1/groups/${id}/members/${fixture.managerA1.id}`), 204);
    const after = await ok(a2.request("GET", `/api/v1/groups/${id}`));
    expect(after.members.map((member: { id: string; role: string }) => [member.id, member.role])).toEqual([
      [fixture.managerA2.id, "owner"],
    ]);
    expect(await chatMemberIds(context.handle.db, group.chatId!)).toEqual([fixture.managerA2.id]);
  });

  it("edits with the version, renames the chat with the group, archives and restores", async () => {
    const group = await createGroupAs(a1, { name: "Edit me", visibility: "open", memberIds: [fixture.managerA2.id] });
    const edited = await ok(
      a1.request("PATCH", `/api/v1/groups/${group.id}`, {
        version: group.version,
        name: "Edited",
        visibility: "closed",
      }),
    );
    expect(edited).toMatchObject({ name: "Edited", visibility: "closed", version: group.version + 1 });
    expect((await ok(a2.request("GET", `/api/v1/chats/${group.chatId}`))).title).toBe("Edited");
    const stale = await a1.request("PATCH", `/api/v1/groups/${group.id}`, { version: group.version, name: "Old" });
    expect(stale.statusCode).toBe(409);
    const empty = await a1.request("PATCH", `/api/v1/groups/${group.id}`, { version: edited.version, name: " " });
    expect([empty.statusCode, errorPaths(empty)]).toEqual([400, ["body.name"]]);
    const noVersion = await a1.request("PATCH", `/api/v1/groups/${group.id}`, { name: "Без версии" });
    expect([noVersion.statusCode, errorPaths(noVersion)]).toEqual([400, ["body.version"]]);
    // Now closed: the colleague from another department no longer sees it.
    expect((await b1.request("GET", `/api/v1/groups/${group.id}`)).statusCode).toBe(404);

    const archived = await ok(a1.request("POST", `/api/v1/groups/${group.id}/archive`));
    expect(archived).toMatchObject({
      archived: true,
      abilities: { edit: false, manageMembers: false, addTasks: false },
    });
    expect((await ok(a1.request("GET", "/api/v1/groups?q=Edited"))).total).toBe(0);
    expect((await ok(a1.request("GET", "/api/v1/groups?q=Edited&archived=true"))).total).toBe(1);
    const patchArchived = await a1.request("PATCH", `/api/v1/groups/${group.id}`, {
      version: archived.version,
      name: "Нельзя",
    });
    expect(patchArchived.statusCode).toBe(409);
    const addArchived = await a1.request("POST", `/api/v1/groups/${group.id}/members`, { userId: fixture.headB.id });
    expect(addArchived.statusCode).toBe(409);
    const taskArchived = await a1.request("POST", "/api/v1/tasks", { title: "В архив", groupId: group.id });
    expect([taskArchived.statusCode, errorPaths(taskArchived)]).toEqual([422, ["groupId"]]);
    const restored = await ok(a1.request("POST", `/api/v1/groups/${group.id}/restore`));
    expect(restored.archived).toBe(false);
    // An admin archives a group they are not in.
    expect((await ok(admin.request("POST", `/api/v1/groups/${group.id}/archive`))).archived).toBe(true);
    const audit = await rows<{ action: string }>(
      context.handle.db,
      sql`select action from audit_log where entity = 'group' and entity_id = ${group.id} order by id`,
    );
    expect(audit.map((entry) => entry.action)).toEqual(["create", "update", "archive", "restore", "archive"]);
  });
});
