import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { createGroupAs, errorPaths, groupsSnapshot, ok } from "./group-test-kit";

describe("tasks of groups", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let a1: Client;
  let a2: Client;
  let b1: Client;
  let headB: Client;
  let admin: Client;
  const idsOf = (page: { items: { id: string }[] }) => page.items.map((item) => item.id);

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [a1, a2, b1, headB, admin] = await loginEach(context.app, [
      "manager-a1",
      "manager-a2",
      "manager-b1",
      "head-b",
      "admin-user",
    ] as const);
  });

  it("shows a group's task to its members who take no part in it, and to nobody else", async () => {
    const group = await createGroupAs(a1, { name: "Tender", visibility: "closed", memberIds: [fixture.managerA2.id] });
    const task = await ok(a1.request("POST", "/api/v1/tasks", { title: "Собрать документы", groupId: group.id }), 201);
    expect(task.group).toEqual({ id: group.id, name: "Tender" });
    const outside = await ok(a1.request("POST", "/api/v1/tasks", { title: "Вне группы" }), 201);

    // a2 is no participant of the task, only a member of its group.
    const seen = await ok(a2.request("GET", `/api/v1/tasks/${task.id}`));
    expect(seen).toMatchObject({ group: { id: group.id, name: "Tender" }, abilities: { edit: false, comment: true } });
    const list = await ok(a2.request("GET", `/api/v1/tasks?view=all&groupId=${group.id}`));
    expect([idsOf(list), list.total]).toEqual([[task.id], 1]);
    expect((await a2.request("GET", `/api/v1/tasks/${outside.id}`)).statusCode).toBe(404);
    expect((await ok(a2.request("GET", `/api/v1/groups/${group.id}`))).openTaskCount).toBe(1);
    // A reader, not an editor: a2 may not change it.
    const edit = await a2.request("PATCH", `/api/v1/tasks/${task.id}`, { version: task.version, title: "Моё" });
    expect(edit.statusCode).toBe(403);

    // b1 and head B (head of nobody involved) get 404.
    for (const outsider of [b1, headB]) {
      expect((await outsider.request("GET", `/api/v1/tasks/${task.id}`)).statusCode).toBe(404);
      expect(idsOf(await ok(outsider.request("GET", "/api/v1/tasks?view=all")))).not.toContain(task.id);
    }
    // Added by an admin, b1 sees it at once; removed, they stop seeing it at once.
    await ok(admin.request("POST", `/api/v1/groups/${group.id}/members`, { userId: fixture.managerB1.id }));
    expect((await ok(b1.request("GET", `/api/v1/tasks/${task.id}`))).id).toBe(task.id);
    expect(idsOf(await ok(b1.request("GET", "/api/v1/tasks?view=all")))).toContain(task.id);
    await ok(admin.request("DELETE", `/api/v1/groups/${group.id}/members/${fixture.managerB1.id}`), 204);
    expect((await b1.request("GET", `/api/v1/tasks/${task.id}`)).statusCode).toBe(404);
    expect((await b1.request("GET", `/api/v1/tasks?view=all&groupId=${group.id}`)).statusCode).toBe(404);
  });

  it("lets only members put a task into a group, naming groupId otherwise, storing nothing", async () => {
    const closed = await createGroupAs(a1, { name: "Closed one", visibility: "closed" });
    const open = await createGroupAs(a1, { name: "Open one", visibility: "open" });
    await ok(a1.request("POST", "/api/v1/tasks", { title: "Задача открытой группы", groupId: open.id }), 201);
    // The open group's count of open tasks counts only what the reader may read.
    expect((await ok(a1.request("GET", `/api/v1/groups/${open.id}`))).openTaskCount).toBe(1);
    expect((await ok(b1.request("GET", `/api/v1/groups/${open.id}`))).openTaskCount).toBe(0);
    const before = await groupsSnapshot(context.handle.db);
    const hidden = await b1.request("POST", "/api/v1/tasks", { title: "Чужая", groupId: closed.id });
    expect([hidden.statusCode, errorPaths(hidden)]).toEqual([404, ["groupId"]]);
    const notMember = await b1.request("POST", "/api/v1/tasks", { title: "Чужая", groupId: open.id });
    expect([notMember.statusCode, errorPaths(notMember)]).toEqual([422, ["groupId"]]);
    const malformed = await b1.request("POST", "/api/v1/tasks", { title: "Чужая", groupId: "tender" });
    expect([malformed.statusCode, errorPaths(malformed)]).toEqual([400, ["body.groupId"]]);
    const unknown = await b1.request("POST", "/api/v1/tasks", {
      title: "Чужая",
      groupId: "00000000-0000-4000-8000-000000000000",
    });
    expect([unknown.statusCode, errorPaths(unknown)]).toEqual([404, ["groupId"]]);
    const badFilter = await b1.request("GET", "/api/v1/tasks?groupId=tender");
    expect([badFilter.statusCode, errorPaths(badFilter)]).toEqual([400, ["query.groupId"]]);

    // b1's own task moved into a group they do not belong to: refused the same way.
    const own = await ok(b1.request("POST", "/api/v1/tasks", { title: "Своя" }), 201);
    const afterOwn = await groupsSnapshot(context.handle.db);
    const moveHidden = await b1.request("PATCH", `/api/v1/tasks/${own.id}`, {
      version: own.version,
      groupId: closed.id,
    });
    expect([moveHidden.statusCode, errorPaths(moveHidden)]).toEqual([404, ["groupId"]]);
    const moveOpen = await b1.request("PATCH", `/api/v1/tasks/${own.id}`, { version: own.version, groupId: open.id });
    expect([moveOpen.statusCode, errorPaths(moveOpen)]).toEqual([422, ["groupId"]]);
    expect(await groupsSnapshot(context.handle.db)).toEqual(afterOwn);
    // The refused creations stored nothing: only b1's own task was added.
    const tasksBefore = (before as { tasks: unknown[] | null }).tasks ?? [];
    const taskCount = await rows<{ count: number }>(context.handle.db, sql`select count(*)::int as count from tasks`);
    expect(taskCount[0]!.count).toBe(tasksBefore.length + 1);

    // After joining the open group, b1 moves the task in and out again; the audit keeps both.
    await ok(b1.request("POST", `/api/v1/groups/${open.id}/join`));
    const moved = await ok(b1.request("PATCH", `/api/v1/tasks/${own.id}`, { version: own.version, groupId: open.id }));
    expect(moved.group).toEqual({ id: open.id, name: "Open one" });
    const back = await ok(b1.request("PATCH", `/api/v1/tasks/${own.id}`, { version: moved.version, groupId: null }));
    expect(back.group).toBeNull();
    const audit = await rows<{ changes: { field: string; old: unknown; new: unknown }[] }>(
      context.handle.db,
      sql`select changes from audit_log where entity = 'task' and entity_id = ${own.id} and action = 'update' order by id`,
    );
    expect(audit.map((entry) => entry.changes)).toEqual([
      [{ field: "groupId", old: null, new: open.id }],
      [{ field: "groupId", old: open.id, new: null }],
    ]);
  });
});
