import { dayInTimeZone } from "@planerka/common";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { createTaskAs, uploadFile } from "./task-testing";

describe("who sees and changes a task", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let managerA1: Client;
  let managerA2: Client;
  let managerB1: Client;
  let headA: Client;
  let headB: Client;
  let regionHead: Client;
  let top: Client;
  let taskId: string;
  let itemId: string;
  let commentId: string;
  let fileId: string;
  let entryId: string;
  const today = dayInTimeZone(new Date(), "Asia/Almaty");

  const snapshot = async () =>
    rows(
      context.handle.db,
      sql`select (select json_agg(t order by t.id) from tasks t) as tasks,
                 (select count(*)::int from task_comments) as comments,
                 (select count(*)::int from task_files) as files,
                 (select count(*)::int from task_time_entries) as entries,
                 (select json_agg(c order by c.id) from task_checklist_items c) as checklist,
                 (select count(*)::int from task_members) as members`,
    );

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [managerA1, managerA2, managerB1, headA, headB, regionHead, top] = await loginEach(context.app, [
      "manager-a1",
      "manager-a2",
      "manager-b1",
      "head-a",
      "head-b",
      "region-head",
      "top-user",
    ]);
    const task = await createTaskAs(managerA1, { title: "Подготовить КП для завода", checklist: ["Смета"] });
    taskId = task.id;
    itemId = (task.checklist as { id: string }[])[0]!.id;
    commentId = (await managerA1.request("POST", `/api/v1/tasks/${taskId}/comments`, { body: "Начал" })).json().id;
    const file = { name: "смета.txt", type: "text/plain", data: Buffer.from("итого 100") };
    fileId = (await uploadFile(context.app, managerA1, taskId, file)).json().id;
    entryId = (
      await managerA1.request("POST", `/api/v1/tasks/${taskId}/time-entries`, { day: today, minutes: 45 })
    ).json().id;
  });

  it("lets the participant, the heads above them and the top read it everywhere", async () => {
    for (const reader of [managerA1, headA, regionHead, top]) {
      const detail = await reader.request("GET", `/api/v1/tasks/${taskId}`);
      expect(detail.statusCode, detail.body).toBe(200);
      expect(detail.json().spentMinutes).toBe(45);
      const list = (await reader.request("GET", "/api/v1/tasks?view=all")).json();
      expect(list.items.map((item: { id: string }) => item.id)).toContain(taskId);
      const theirs = await reader.request("GET", `/api/v1/tasks?view=my&userId=${fixture.managerA1.id}`);
      expect(theirs.json().items.map((item: { id: string }) => item.id)).toEqual([taskId]);
      expect((await reader.request("GET", `/api/v1/tasks/${taskId}/comments`)).json().total).toBe(1);
      expect((await reader.request("GET", `/api/v1/tasks/${taskId}/files/${fileId}`)).statusCode).toBe(200);
      expect((await reader.request("GET", `/api/v1/tasks/${taskId}/time-entries`)).json().total).toBe(1);
      const report = await reader.request("GET", `/api/v1/time-report?from=${today}&to=${today}`);
      expect(report.json().totalMinutes).toBe(45);
    }
    expect((await managerA1.request("GET", "/api/v1/tasks/counts")).json()).toEqual({
      my: 1,
      set: 1,
      observe: 0,
      overdue: 0,
    });
    const unitReport = await headA.request(
      "GET",
      `/api/v1/time-report?from=${today}&to=${today}&unitId=${fixture.departmentA}`,
    );
    expect(unitReport.json().byUser).toEqual([
      { user: { id: fixture.managerA1.id, name: "Test manager-a1" }, minutes: 45, taskCount: 1 },
    ]);
  });

  it("answers 404 to a manager of the same department, the head of a sibling department and their people", async () => {
    const before = await snapshot();
    const task = `/api/v1/tasks/${taskId}`;
    for (const outsider of [managerA2, headB, managerB1]) {
      const attempts = [
        await outsider.request("GET", task),
        await outsider.request("PATCH", task, { version: 1, title: "Чужое" }),
        await outsider.request("DELETE", task),
        await outsider.request("POST", `${task}/status`, { version: 1, action: "start" }),
        await outsider.request("GET", `${task}/comments`),
        await outsider.request("POST", `${task}/comments`, { body: "Чужой комментарий" }),
        await outsider.request("PATCH", `${task}/comments/${commentId}`, { body: "Правка" }),
        await outsider.request("DELETE", `${task}/comments/${commentId}`),
        await outsider.request("POST", `${task}/checklist`, { title: "Ещё" }),
        await outsider.request("PATCH", `${task}/checklist/${itemId}`, { done: true }),
        await outsider.request("DELETE", `${task}/checklist/${itemId}`),
        await outsider.request("GET", `${task}/files/${fileId}`),
        await outsider.request("DELETE", `${task}/files/${fileId}`),
        await uploadFile(context.app, outsider, taskId, { name: "x.txt", type: "text/plain", data: Buffer.from("x") }),
        await outsider.request("GET", `${task}/time-entries`),
        await outsider.request("POST", `${task}/time-entries`, { day: today, minutes: 10 }),
        await outsider.request("DELETE", `${task}/time-entries/${entryId}`),
        await outsider.request("POST", `${task}/timer/start`),
        await outsider.request("POST", `${task}/timer/stop`),
        await outsider.request("GET", `/api/v1/tasks?view=all&userId=${fixture.managerA1.id}`),
        await outsider.request("GET", `/api/v1/time-report?from=${today}&to=${today}&userId=${fixture.managerA1.id}`),
        await outsider.request("GET", `/api/v1/time-report?from=${today}&to=${today}&unitId=${fixture.departmentA}`),
      ];
      for (const [index, response] of attempts.entries()) expect(response.statusCode, `attempt ${index}`).toBe(404);
      for (const view of ["my", "set", "observe", "all"]) {
        expect((await outsider.request("GET", `/api/v1/tasks?view=${view}`)).json()).toEqual({ items: [], total: 0 });
      }
      expect((await outsider.request("GET", "/api/v1/tasks?view=all&q=КП")).json().total).toBe(0);
      expect((await outsider.request("GET", "/api/v1/tasks/counts")).json()).toEqual({
        my: 0,
        set: 0,
        observe: 0,
        overdue: 0,
      });
      const report = (await outsider.request("GET", `/api/v1/time-report?from=${today}&to=${today}`)).json();
      expect(report.totalMinutes).toBe(0);
      expect((await outsider.request("GET", "/api/v1/timer")).json()).toEqual({ entry: null });
    }
    expect(await snapshot()).toEqual(before);
  });

  it("lets the creator and the heads above the creator edit; the assignee moves it; an observer reads and comments", async () => {
    const shared = await createTaskAs(managerA1, {
      title: "Обзвон базы",
      assigneeId: fixture.managerA2.id,
      observerIds: [fixture.managerB1.id],
    });
    const url = `/api/v1/tasks/${shared.id}`;
    // The observer's head reads it too: a head above any participant.
    for (const reader of [managerA2, managerB1, headB]) {
      expect((await reader.request("GET", url)).statusCode).toBe(200);
    }
    const observer = (await managerB1.request("GET", url)).json();
    expect(observer.abilities).toEqual({
      edit: false,
      delete: false,
      changeStatus: false,
      control: false,
      trackTime: false,
      comment: true,
    });
    expect((await managerB1.request("POST", `${url}/comments`, { body: "Слежу" })).statusCode).toBe(201);
    expect((await managerB1.request("PATCH", url, { version: 1, title: "Моё" })).statusCode).toBe(403);
    expect((await managerB1.request("POST", `${url}/status`, { version: 1, action: "start" })).statusCode).toBe(403);
    expect((await headB.request("PATCH", url, { version: 1, title: "Моё" })).statusCode).toBe(403);

    const assignee = (await managerA2.request("GET", url)).json();
    expect(assignee.abilities).toMatchObject({ edit: false, delete: false, changeStatus: true, trackTime: true });
    expect((await managerA2.request("PATCH", url, { version: 1, title: "Моё" })).statusCode).toBe(403);
    expect((await managerA2.request("DELETE", url)).statusCode).toBe(403);
    const started = await managerA2.request("POST", `${url}/status`, { version: 1, action: "start" });
    expect(started.json().status).toBe("in_progress");

    const head = (await headA.request("GET", url)).json();
    expect(head.abilities).toMatchObject({ edit: true, delete: true, control: false, trackTime: false });
    const renamed = await regionHead.request("PATCH", url, { version: 2, title: "Обзвон базы до пятницы" });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect((await top.request("PATCH", url, { version: 3, priority: "high" })).json().priority).toBe("high");
    expect((await headA.request("DELETE", url)).statusCode).toBe(204);
    for (const reader of [managerA1, managerA2, managerB1, headA, top]) {
      expect((await reader.request("GET", url)).statusCode).toBe(404);
    }
  });

  it("keeps time reports of other people's units and people out of reach", async () => {
    const forUnit = (client: Client, unitId: string) =>
      client.request("GET", `/api/v1/time-report?from=${today}&to=${today}&unitId=${unitId}`);
    expect((await forUnit(regionHead, fixture.departmentA)).json().totalMinutes).toBe(45);
    expect((await forUnit(top, fixture.rootUnitId)).json().totalMinutes).toBe(45);
    expect((await forUnit(headB, fixture.departmentA)).statusCode).toBe(404);
    expect((await forUnit(headA, fixture.regionId)).statusCode).toBe(404);
    expect((await forUnit(headA, "00000000-0000-4000-8000-000000000000")).statusCode).toBe(404);
    const own = await managerA1.request(
      "GET",
      `/api/v1/time-report?from=${today}&to=${today}&userId=${fixture.managerA1.id}`,
    );
    expect(own.json().totalMinutes).toBe(45);
  });
});
