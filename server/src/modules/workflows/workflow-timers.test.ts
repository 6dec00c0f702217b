import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app";
import { type DatabaseHandle, rows } from "../../platform/db/database";
import type { ApiApp } from "../../platform/http/api-app";
import { createAccessFixture } from "../../testing/factories";
import { type Client, login, loginEach, useTestApp } from "../../testing/test-app";
import { openTestDatabase } from "../../testing/test-database";
import {
  createDeal,
  createTemplate,
  instanceState,
  notificationsOf,
  runJobs,
  startInstance,
  templateBody,
} from "./workflow-test-kit";

const waitThenNotify = templateBody({
  steps: [
    { id: "first", name: "Пауза", type: "wait", minutes: 1, next: "tell" },
    {
      id: "tell",
      name: "Сообщить",
      type: "notify",
      recipient: { kind: "owner" },
      message: "Минута прошла",
      next: null,
    },
  ],
});

describe("workflow timers across a restart", () => {
  let handle: DatabaseHandle;
  let app: ApiApp | undefined;
  const open = async (workflowWorker: boolean) => {
    app = await buildApp({ db: handle.db, webDist: null, workflowWorker });
    await app.ready();
    return app;
  };

  beforeAll(async () => {
    handle = await openTestDatabase();
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  it("keeps a waiting step in the database and runs it in the next process once its time is due", async () => {
    const first = await open(false);
    const fixture = await createAccessFixture(handle.db);
    const [admin, manager] = [await login(first, "admin-user"), await login(first, "manager-a1")];
    const template = await createTemplate(admin, waitThenNotify);
    const deal = await createDeal(manager);
    const instance = await startInstance(manager, template.id, deal.id);
    await runJobs(handle.db);
    expect(await instanceState(handle.db, instance.id)).toMatchObject({ status: "running", currentStepId: "first" });
    const [job] = await rows<{ inSeconds: number }>(
      handle.db,
      sql`select extract(epoch from run_at - now())::int as "inSeconds" from workflow_jobs
          where instance_id = ${instance.id} and done_at is null`,
    );
    expect(job!.inSeconds).toBeGreaterThan(50);
    await first.close();

    // Two minutes pass while no server runs.
    await handle.db.execute(
      sql`update workflow_instances set step_started_at = step_started_at - interval '2 minutes' where id = ${instance.id}`,
    );
    await handle.db.execute(
      sql`update workflow_jobs set run_at = run_at - interval '2 minutes' where instance_id = ${instance.id}`,
    );
    await open(true);
    await expect
      .poll(async () => (await instanceState(handle.db, instance.id)).status, { timeout: 10_000, interval: 100 })
      .toBe("completed");
    expect(await notificationsOf(handle.db, fixture.managerA1.id, "workflow_notice")).toHaveLength(1);
  });
});

describe("stalled workflows", () => {
  const context = useTestApp({ workflowWorker: false });
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let admin: Client;
  let managerA1: Client;
  let headA: Client;

  beforeAll(async () => {
    fixture = await createAccessFixture(context.handle.db);
    [admin, managerA1, headA] = await loginEach(context.app, ["admin-user", "manager-a1", "head-a"]);
  });

  const approval = (stallHours?: number) =>
    templateBody({
      steps: [
        {
          id: "first",
          name: "Согласование",
          type: "approval",
          approver: { kind: "owner_head" },
          title: "Согласуйте",
          onApproved: null,
          onRejected: null,
          ...(stallHours ? { stallHours } : {}),
        },
      ],
    });

  const startedAgo = async (instanceId: string, minutes: number) => {
    await context.handle.db.execute(
      sql`update workflow_instances set step_started_at = now() - make_interval(mins => ${minutes}) where id = ${instanceId}`,
    );
  };

  const seenAsStalled = async (templateId: string, instanceId: string) => {
    const detail = (await managerA1.request("GET", `/api/v1/workflow-instances/${instanceId}`)).json();
    const listed = (await headA.request("GET", "/api/v1/workflow-instances?stalled=true")).json();
    const counts = (
      await headA.request("GET", `/api/v1/workflow-instances/counts?userId=${fixture.managerA1.id}`)
    ).json();
    const templates = (await admin.request("GET", "/api/v1/workflow-templates")).json().items;
    const template = templates.find((item: { id: string }) => item.id === templateId);
    const flags = [
      detail.stalled,
      listed.items.some((item: { id: string }) => item.id === instanceId),
      counts.items[0].stalled === 1,
      template.stalledCount === 1,
    ];
    expect(new Set(flags).size, `detail, list, counts and template agree: ${flags}`).toBe(1);
    return { stalled: flags[0] as boolean, detail };
  };

  it("flags an instance only when its step has waited longer than the step's limit", async () => {
    const template = await createTemplate(admin, approval(2));
    const deal = await createDeal(managerA1);
    const instance = await startInstance(managerA1, template.id, deal.id);
    await runJobs(context.handle.db);

    await startedAgo(instance.id, 2 * 60 - 1);
    const before = await seenAsStalled(template.id, instance.id);
    expect(before.stalled).toBe(false);
    expect(before.detail).toMatchObject({ stallHours: 2, waitingMinutes: 119 });

    await startedAgo(instance.id, 2 * 60 + 1);
    expect((await seenAsStalled(template.id, instance.id)).stalled).toBe(true);
    const notStalled = (await managerA1.request("GET", "/api/v1/workflow-instances?stalled=false")).json();
    expect(notStalled.items.map((item: { id: string }) => item.id)).not.toContain(instance.id);
    await managerA1.request("POST", `/api/v1/workflow-instances/${instance.id}/cancel`);
    expect((await seenAsStalled(template.id, instance.id)).stalled).toBe(false);
  });

  it("uses 72 hours when the step sets no limit", async () => {
    const template = await createTemplate(admin, approval());
    const deal = await createDeal(managerA1);
    const instance = await startInstance(managerA1, template.id, deal.id);
    await runJobs(context.handle.db);
    await startedAgo(instance.id, 72 * 60 - 1);
    const before = await seenAsStalled(template.id, instance.id);
    expect(before).toMatchObject({ stalled: false, detail: { stallHours: 72 } });
    await startedAgo(instance.id, 72 * 60 + 1);
    expect((await seenAsStalled(template.id, instance.id)).stalled).toBe(true);
  });
});
