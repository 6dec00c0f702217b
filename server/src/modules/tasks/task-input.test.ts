import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture, createUser } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { createTaskAs, errorPaths } from "./task-testing";

describe("bad input to tasks, time and the workday", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let creator: Client;
  let taskId: string;
  let itemId: string;
  let departedId: string;
  const unknown = "00000000-0000-4000-8000-000000000000";
  const snapshot = () =>
    rows(
      context.handle.db,
      sql`select (select json_agg(t order by t.id) from tasks t) as tasks,
                 (select json_agg(m order by m.task_id, m.user_id, m.role) from task_members m) as members,
                 (select json_agg(c order by c.id) from task_checklist_items c) as checklist,
                 (select count(*)::int from task_comments) as comments,
                 (select count(*)::int from task_time_entries) as entries,
                 (select count(*)::int from workday_periods) as periods,
                 (select count(*)::int from notifications) as notifications`,
    );
  const expectRefused = async (
    method: "POST" | "PATCH" | "GET" | "DELETE",
    url: string,
    body: unknown,
    status: number,
    path: string,
  ) => {
    const response = await creator.request(method, url, body);
    expect(response.statusCode, `${method} ${url} ${JSON.stringify(body)?.slice(0, 80)}`).toBe(status);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    expect(errorPaths(response), JSON.stringify(body)).toContain(path);
  };

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [creator] = await loginEach(context.app, ["manager-a1"]);
    const task = await createTaskAs(creator, { title: "Исходная", checklist: ["Пункт"] });
    taskId = task.id;
    itemId = (task.checklist as { id: string }[])[0]!.id;
    departedId = (await createUser(context.handle.db, { unitId: fixture.departmentA, active: false })).id;
  });

  it("refuses a bad new task naming the field, and creates nothing", async () => {
    const before = await snapshot();
    const cases: [Record<string, unknown>, number, string][] = [
      [{}, 400, "body.title"],
      [{ title: "   " }, 400, "body.title"],
      [{ title: "x".repeat(301) }, 400, "body.title"],
      [{ title: "Задача", owner: "me" }, 400, "body"],
      [{ title: "Задача", priority: "urgent" }, 400, "body.priority"],
      [{ title: "Задача", deadline: "завтра" }, 400, "body.deadline"],
      [{ title: "Задача", plannedMinutes: -5 }, 400, "body.plannedMinutes"],
      [{ title: "Задача", assigneeId: "Иванов" }, 400, "body.assigneeId"],
      [{ title: "Задача", observerIds: Array.from({ length: 51 }, () => unknown) }, 400, "body.observerIds"],
      [{ title: "Задача", checklist: [""] }, 400, "body.checklist.0"],
      [{ title: "Задача", description: "x".repeat(100_001) }, 400, "body.description"],
      [{ title: "Задача", entityType: "invoice", entityId: unknown }, 400, "body.entityType"],
      [{ title: "Задача", assigneeId: unknown }, 422, "assigneeId"],
      [{ title: "Задача", assigneeId: departedId }, 422, "assigneeId"],
      [{ title: "Задача", coassigneeIds: [fixture.managerA2.id, departedId] }, 422, "coassigneeIds"],
      [{ title: "Задача", observerIds: [unknown] }, 422, "observerIds"],
      [{ title: "Задача", entityType: "deal" }, 422, "entityId"],
      [{ title: "Задача", entityId: unknown }, 422, "entityType"],
      [{ title: "Задача", entityType: "deal", entityId: unknown }, 404, "entityId"],
      [{ title: "Задача", parentId: unknown }, 404, "parentId"],
    ];
    for (const [body, status, path] of cases) await expectRefused("POST", "/api/v1/tasks", body, status, path);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses bad changes naming the field, and changes nothing", async () => {
    const before = await snapshot();
    const task = `/api/v1/tasks/${taskId}`;
    const cases: Parameters<typeof expectRefused>[] = [
      ["PATCH", task, { title: "Без версии" }, 400, "body.version"],
      ["PATCH", task, { version: 0, title: "x" }, 400, "body.version"],
      ["PATCH", task, { version: 1, parentId: unknown }, 400, "body"],
      ["PATCH", task, { version: 1, title: "" }, 400, "body.title"],
      ["PATCH", task, { version: 1, assigneeId: departedId }, 422, "assigneeId"],
      ["PATCH", task, { version: 1, observerIds: [unknown] }, 422, "observerIds"],
      ["PATCH", "/api/v1/tasks/not-a-uuid", { version: 1, title: "x" }, 400, "params.id"],
      ["POST", `${task}/status`, { version: 1 }, 400, "body.action"],
      ["POST", `${task}/status`, { version: 1, action: "pause" }, 422, "action"],
      ["POST", `${task}/checklist`, { title: "x".repeat(501) }, 400, "body.title"],
      ["PATCH", `${task}/checklist/${itemId}`, { done: "yes" }, 400, "body.done"],
      ["PATCH", `${task}/checklist/${itemId}`, { sort: -1 }, 400, "body.sort"],
      ["PATCH", `${task}/checklist/oops`, { done: true }, 400, "params.itemId"],
      ["POST", `${task}/comments`, { body: "" }, 400, "body.body"],
      ["POST", `${task}/comments`, { body: "x".repeat(20_001) }, 400, "body.body"],
      ["POST", `${task}/comments`, { body: "<script>alert(1)</script>" }, 422, "body"],
      ["POST", `${task}/comments`, { text: "Привет" }, 400, "body"],
      ["GET", `${task}/comments?limit=0`, undefined, 400, "query.limit"],
      ["POST", `${task}/time-entries`, { day: "01.03.2026", minutes: 30 }, 400, "body.day"],
      ["POST", `${task}/time-entries`, { day: "2026-03-01", minutes: "30" }, 400, "body.minutes"],
      ["POST", "/api/v1/workday", { action: "lunch" }, 400, "body.action"],
      ["POST", "/api/v1/workday", { action: "pause" }, 422, "action"],
      ["GET", "/api/v1/workday/report?from=2026-01-01&to=2027-02-01", undefined, 422, "to"],
      ["GET", "/api/v1/workday/report?from=2026-01-01", undefined, 400, "query.to"],
      ["GET", "/api/v1/workday/team?unitId=abc", undefined, 400, "query.unitId"],
      ["GET", "/api/v1/tasks?limit=501", undefined, 400, "query.limit"],
      ["GET", "/api/v1/tasks?overdue=maybe", undefined, 400, "query.overdue"],
    ];
    for (const args of cases) await expectRefused(...args);
    expect(await snapshot()).toEqual(before);
  });
});
