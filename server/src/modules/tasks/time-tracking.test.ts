import { addDays, dayInTimeZone } from "@planerka/common";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { createTaskAs, errorPaths } from "./task-testing";

describe("the timer and manual time entries", () => {
  const context = useTestApp();
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let creator: Client;
  let worker: Client;
  let observer: Client;
  let first: string;
  let second: string;
  const today = dayInTimeZone(new Date(), "Asia/Almaty");
  const running = async (userId: string) =>
    rows<{ taskId: string }>(
      context.handle.db,
      sql`select task_id as "taskId" from task_time_entries where user_id = ${userId} and ended_at is null`,
    );
  const backdate = (entryId: string, minutes: number) =>
    context.handle.db.execute(
      sql`update task_time_entries set started_at = now() - make_interval(mins => ${minutes}::int) where id = ${entryId}`,
    );

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [creator, worker, observer] = await loginEach(context.app, ["manager-a1", "manager-a2", "head-b"]);
    const people = { assigneeId: fixture.managerA2.id, observerIds: [fixture.headB.id] };
    first = (await createTaskAs(creator, { title: "Первая", plannedMinutes: 120, ...people })).id;
    second = (await createTaskAs(creator, { title: "Вторая", ...people })).id;
  });

  it("runs one timer per person: starting another stops the first, and stopping counts the minutes", async () => {
    const started = await worker.request("POST", `/api/v1/tasks/${first}/timer/start`);
    expect(started.statusCode, started.body).toBe(201);
    const entry = started.json();
    expect(entry).toMatchObject({ taskId: first, taskTitle: "Первая", source: "timer", endedAt: null, minutes: 0 });
    const again = await worker.request("POST", `/api/v1/tasks/${first}/timer/start`);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(entry.id);
    expect((await worker.request("GET", "/api/v1/timer")).json().entry.id).toBe(entry.id);
    expect((await worker.request("GET", `/api/v1/tasks/${first}`)).json().timerRunning).toBe(true);
    expect((await creator.request("GET", `/api/v1/tasks/${first}`)).json().timerRunning).toBe(false);
    // Starting the clock on a new task starts the work on it.
    expect((await creator.request("GET", `/api/v1/tasks/${first}`)).json().status).toBe("in_progress");

    await backdate(entry.id, 90);
    expect((await creator.request("GET", `/api/v1/tasks/${first}`)).json().spentMinutes).toBe(90);
    const switched = await worker.request("POST", `/api/v1/tasks/${second}/timer/start`);
    expect(switched.statusCode).toBe(201);
    expect(await running(fixture.managerA2.id)).toEqual([{ taskId: second }]);
    const [stoppedFirst] = await rows<{ minutes: number; ended: boolean }>(
      context.handle.db,
      sql`select minutes, ended_at is not null as ended from task_time_entries where id = ${entry.id}`,
    );
    expect(stoppedFirst).toEqual({ minutes: 90, ended: true });

    await backdate(switched.json().id, 25);
    const stopped = await worker.request("POST", `/api/v1/tasks/${second}/timer/stop`);
    expect(stopped.json()).toMatchObject({ id: switched.json().id, minutes: 25 });
    expect(stopped.json().endedAt).not.toBeNull();
    const nothing = await worker.request("POST", `/api/v1/tasks/${second}/timer/stop`);
    expect(nothing.statusCode).toBe(422);
    expect(errorPaths(nothing)).toEqual(["timer"]);
    expect((await worker.request("GET", "/api/v1/timer")).json()).toEqual({ entry: null });
  });

  it("keeps one timer running when two starts race, and the database refuses a second one", async () => {
    const [a, b] = await Promise.all([
      worker.request("POST", `/api/v1/tasks/${first}/timer/start`),
      worker.request("POST", `/api/v1/tasks/${second}/timer/start`),
    ]);
    expect([a!.statusCode, b!.statusCode].sort()).toEqual([201, 201]);
    expect(await running(fixture.managerA2.id)).toHaveLength(1);
    await expect(
      context.handle.db.execute(
        sql`insert into task_time_entries (task_id, user_id, source, started_at) values (${first}, ${fixture.managerA2.id}, 'timer', now())`,
      ),
    ).rejects.toThrow();
    const [current] = await running(fixture.managerA2.id);
    await worker.request("POST", `/api/v1/tasks/${current!.taskId}/timer/stop`);
  });

  it("stops the timers on a task when it is done and starts none on a done task", async () => {
    const task = await createTaskAs(creator, { title: "Закрыть сделку", assigneeId: fixture.managerA2.id });
    await worker.request("POST", `/api/v1/tasks/${task.id}/timer/start`);
    // The timer moved the task to «in progress» (version 2).
    const completed = await worker.request("POST", `/api/v1/tasks/${task.id}/status`, {
      version: 2,
      action: "complete",
    });
    expect(completed.statusCode, completed.body).toBe(200);
    expect(await running(fixture.managerA2.id)).toEqual([]);
    const refused = await worker.request("POST", `/api/v1/tasks/${task.id}/timer/start`);
    expect(refused.statusCode).toBe(422);
    expect(errorPaths(refused)).toEqual(["status"]);
    const forObserver = await observer.request("POST", `/api/v1/tasks/${first}/timer/start`);
    expect(forObserver.statusCode).toBe(403);
    expect(await running(fixture.headB.id)).toEqual([]);
  });

  it("writes manual time for a company day, lists it and lets only its author delete it", async () => {
    const yesterday = addDays(today, -1);
    const before = (await worker.request("GET", `/api/v1/tasks/${first}/time-entries`)).json().total;
    const added = await worker.request("POST", `/api/v1/tasks/${first}/time-entries`, {
      day: yesterday,
      minutes: 120,
      comment: "  Выезд на объект ",
    });
    expect(added.statusCode, added.body).toBe(201);
    // Midnight in Almaty (UTC+5) is 19:00 UTC the evening before.
    expect(added.json()).toMatchObject({
      source: "manual",
      minutes: 120,
      comment: "Выезд на объект",
      startedAt: `${addDays(yesterday, -1)}T19:00:00.000Z`,
      endedAt: `${addDays(yesterday, -1)}T21:00:00.000Z`,
    });
    const list = (await creator.request("GET", `/api/v1/tasks/${first}/time-entries?limit=1`)).json();
    expect(list.total).toBe(before + 1);
    expect(list.items).toHaveLength(1);
    const own = (
      await creator.request("POST", `/api/v1/tasks/${first}/time-entries`, { day: today, minutes: 15 })
    ).json();
    const entryUrl = (id: string) => `/api/v1/tasks/${first}/time-entries/${id}`;
    expect((await worker.request("DELETE", entryUrl(own.id))).statusCode).toBe(403);
    expect((await creator.request("DELETE", entryUrl(own.id))).statusCode).toBe(204);
    expect((await creator.request("DELETE", entryUrl(own.id))).statusCode).toBe(404);
    const spent = (await creator.request("GET", `/api/v1/tasks/${first}`)).json();
    expect(spent).toMatchObject({ plannedMinutes: 120 });
    const sum = await rows<{ minutes: number }>(
      context.handle.db,
      sql`select coalesce(sum(minutes), 0)::int as minutes from task_time_entries where task_id = ${first}`,
    );
    expect(spent.spentMinutes).toBe(sum[0]!.minutes);

    const cases: [Record<string, unknown>, number, string][] = [
      [{ day: addDays(today, 2), minutes: 10 }, 422, "day"],
      [{ day: "2026-02-30", minutes: 10 }, 400, "body.day"],
      [{ day: today, minutes: 0 }, 400, "body.minutes"],
      [{ day: today, minutes: 24 * 60 + 1 }, 400, "body.minutes"],
      [{ day: today, minutes: 1.5 }, 400, "body.minutes"],
      [{ day: today, minutes: 10, source: "timer" }, 400, "body"],
    ];
    const count = (await creator.request("GET", `/api/v1/tasks/${first}/time-entries`)).json().total;
    for (const [body, status, path] of cases) {
      const response = await worker.request("POST", `/api/v1/tasks/${first}/time-entries`, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(status);
      expect(errorPaths(response).some((error) => error.startsWith(path))).toBe(true);
    }
    expect((await creator.request("GET", `/api/v1/tasks/${first}/time-entries`)).json().total).toBe(count);
  });
});
