import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { createTaskAs, errorPaths } from "./task-testing";

describe("the task status machine", () => {
  // The test wakes workflow jobs and reads them back; no background worker may take them first.
  const context = useTestApp({ workflowWorker: false });
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let creator: Client;
  let assignee: Client;
  let head: Client;

  const move = async (client: Client, taskId: string, action: string) => {
    const current = await client.request("GET", `/api/v1/tasks/${taskId}`);
    return client.request("POST", `/api/v1/tasks/${taskId}/status`, { version: current.json().version, action });
  };
  const notificationsOf = (userId: string, kind: string) =>
    rows<{ title: string; link: string }>(
      context.handle.db,
      sql`select title, link from notifications where user_id = ${userId} and kind = ${kind} order by created_at`,
    );

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [creator, assignee, head] = await loginEach(context.app, ["manager-a1", "manager-a2", "head-a"]);
  });

  it("walks a task under control through work, control, return and acceptance", async () => {
    const task = await createTaskAs(creator, {
      title: "Отчёт по отгрузкам",
      assigneeId: fixture.managerA2.id,
      requiresControl: true,
    });
    expect(task.status).toBe("new");
    const started = await move(assignee, task.id, "start");
    expect(started.json()).toMatchObject({ status: "in_progress", version: 2 });
    const completed = (await move(assignee, task.id, "complete")).json();
    expect(completed).toMatchObject({ status: "waiting_control", completedAt: null });
    expect(completed.abilities.control).toBe(false);
    expect(await notificationsOf(fixture.managerA1.id, "task_control")).toEqual([
      { title: "Отчёт по отгрузкам", link: `/tasks/${task.id}` },
    ]);
    // Only the creator controls; the head above may edit but does not accept.
    expect((await move(assignee, task.id, "accept")).statusCode).toBe(403);
    expect((await move(head, task.id, "accept")).statusCode).toBe(403);
    expect((await move(creator, task.id, "return")).json().status).toBe("in_progress");
    await move(assignee, task.id, "complete");
    const accepted = (await move(creator, task.id, "accept")).json();
    expect(accepted.status).toBe("done");
    expect(Math.abs(Date.parse(accepted.completedAt) - Date.now())).toBeLessThan(60_000);
    const renewed = (await move(assignee, task.id, "renew")).json();
    expect(renewed).toMatchObject({ status: "new", completedAt: null });

    const audit = await rows<{ action: string }>(
      context.handle.db,
      sql`select action from audit_log where entity = 'task' and entity_id = ${task.id} order by id`,
    );
    expect(audit.map((entry) => entry.action)).toEqual([
      "create",
      "status_start",
      "status_complete",
      "status_return",
      "status_complete",
      "status_accept",
      "status_renew",
    ]);
  });

  it("«Вернуть на доработку» tells the assignee and the co-assignees, not the creator who returned it", async () => {
    const task = await createTaskAs(creator, {
      title: "Смета на монтаж",
      assigneeId: fixture.managerA2.id,
      coassigneeIds: [fixture.headA.id],
      requiresControl: true,
    });
    await move(assignee, task.id, "complete");
    expect((await move(creator, task.id, "return")).json().status).toBe("in_progress");
    const returned = { title: "Смета на монтаж", link: `/tasks/${task.id}` };
    const about = async (userId: string) =>
      (await notificationsOf(userId, "task_returned")).filter((row) => row.link === returned.link);
    expect(await about(fixture.managerA2.id)).toEqual([returned]);
    expect(await about(fixture.headA.id)).toEqual([returned]);
    expect(await about(fixture.managerA1.id)).toEqual([]);
  });

  it("completes straight to done without control, or when the creator completes it", async () => {
    const plain = await createTaskAs(creator, { title: "Без контроля", assigneeId: fixture.managerA2.id });
    expect((await move(assignee, plain.id, "complete")).json().status).toBe("done");
    expect((await notificationsOf(fixture.managerA1.id, "task_done")).map((row) => row.title)).toContain(
      "Без контроля",
    );
    const controlled = await createTaskAs(creator, { title: "Сам проверю", requiresControl: true });
    expect((await move(creator, controlled.id, "complete")).json().status).toBe("done");
    const deferred = await createTaskAs(creator, { title: "Отложить" });
    expect((await move(creator, deferred.id, "defer")).json().status).toBe("deferred");
    expect((await move(creator, deferred.id, "start")).json().status).toBe("in_progress");
    expect((await move(creator, deferred.id, "pause")).json().status).toBe("new");
  });

  it("refuses moves that do not apply with 422 on action, and a stale version with 409, changing nothing", async () => {
    const task = await createTaskAs(creator, { title: "Проверка переходов", assigneeId: fixture.managerA2.id });
    for (const action of ["pause", "accept", "return", "renew"]) {
      const refused = await move(creator, task.id, action);
      expect(refused.statusCode, action).toBe(422);
      expect(errorPaths(refused)).toEqual(["action"]);
    }
    await move(assignee, task.id, "complete");
    for (const action of ["start", "pause", "complete", "defer"]) {
      expect((await move(assignee, task.id, action)).statusCode, action).toBe(422);
    }
    const stale = await assignee.request("POST", `/api/v1/tasks/${task.id}/status`, { version: 1, action: "renew" });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().type).toBe("urn:planerka:problem:stale-version");
    const after = (await creator.request("GET", `/api/v1/tasks/${task.id}`)).json();
    expect(after).toMatchObject({ status: "done", version: 2 });
    const bad = await creator.request("POST", `/api/v1/tasks/${task.id}/status`, { version: 2, action: "close" });
    expect(bad.statusCode).toBe(400);
    expect(errorPaths(bad)).toContain("body.action");
  });

  it("wakes the waiting workflow when its task is done", async () => {
    const [instance] = await rows<{ id: string }>(
      context.handle.db,
      sql`with template as (
            insert into workflow_templates (name, entity, trigger, definition)
            values ('Проверка', 'deal', 'manual', '{}'::jsonb) returning id)
          insert into workflow_instances (template_id, template_name, definition, entity, entity_id)
          select id, 'Проверка', '{}'::jsonb, 'deal', gen_random_uuid() from template returning id`,
    );
    const [job] = await rows<{ id: string }>(
      context.handle.db,
      sql`insert into workflow_jobs (kind, instance_id, run_at) values ('advance', ${instance!.id}, now() + interval '1 hour')
          returning id`,
    );
    const task = await createTaskAs(creator, { title: "Шаг процесса", assigneeId: fixture.managerA2.id });
    await context.handle.db.execute(sql`update tasks set workflow_instance_id = ${instance!.id} where id = ${task.id}`);
    const due = async () =>
      (
        await rows<{ due: boolean }>(
          context.handle.db,
          sql`select run_at <= now() as due from workflow_jobs where id = ${job!.id}`,
        )
      )[0]!.due;
    await move(assignee, task.id, "start");
    expect(await due()).toBe(false);
    await move(assignee, task.id, "complete");
    expect(await due()).toBe(true);
  });
});
