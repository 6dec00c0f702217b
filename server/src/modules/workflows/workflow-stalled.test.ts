import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { notifyStalledApprovals } from "./workflow-stalled";
import { createDeal, createTemplate, runJobs, startInstance, templateBody } from "./workflow-test-kit";
import { startWorkflowWorker } from "./workflow-worker";

describe("a stalled approval", () => {
  const context = useTestApp({ workflowWorker: false });
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let admin: Client;
  let managerA1: Client;
  let template: { id: string };
  const db = () => context.handle.db;

  const stalledNotices = (userId: string) =>
    rows<{ title: string; body: string | null; link: string | null }>(
      db(),
      sql`select title, body, link from notifications where user_id = ${userId} and kind = 'workflow_stalled'
          order by created_at, id`,
    );
  /** The approval step began longer ago than its stall limit. */
  const stall = (instanceId: string) =>
    db().execute(
      sql`update workflow_instances set step_started_at = now() - make_interval(hours => stall_hours + 1)
          where id = ${instanceId}`,
    );
  const approvalOn = async (title: string) => {
    const deal = await createDeal(managerA1, { title });
    const instance = await startInstance(managerA1, template.id, deal.id);
    await runJobs(db());
    return instance;
  };

  beforeAll(async () => {
    fixture = await createAccessFixture(db());
    [admin, managerA1] = await loginEach(context.app, ["admin-user", "manager-a1"]);
    template = await createTemplate(
      admin,
      templateBody({
        name: "Согласование скидки",
        startStepId: "approve",
        steps: [
          {
            id: "approve",
            name: "Согласование",
            type: "approval",
            approver: { kind: "owner_head" },
            title: "Согласуйте скидку 15%",
            onApproved: null,
            onRejected: null,
          },
        ],
      }),
    );
  });

  it("tells the approver and the approver's head once, however many worker passes follow", async () => {
    const stalled = await approvalOn("Сделка с зависшим согласованием");
    await approvalOn("Сделка, где срок ещё не вышел");
    expect(await stalledNotices(fixture.headA.id)).toEqual([]);
    await stall(stalled.id);

    for (let pass = 0; pass < 3; pass++) {
      await notifyStalledApprovals(db());
      await runJobs(db());
    }
    // The real worker, checking on every pass, adds nothing either.
    const worker = startWorkflowWorker(db(), { pollMs: 10, stallCheckMs: 0 });
    await new Promise((resolve) => setTimeout(resolve, 400));
    await worker.stop();

    // The approver (A1's head) and the approver's own head (the region's).
    expect(await stalledNotices(fixture.headA.id)).toEqual([
      {
        title: "Согласуйте скидку 15%",
        body: "Согласование скидки: Сделка с зависшим согласованием",
        link: "/workflows?tab=approvals",
      },
    ]);
    const [toHead, ...more] = await stalledNotices(fixture.regionHead.id);
    expect(more).toEqual([]);
    expect(toHead).toMatchObject({ title: "Согласуйте скидку 15%" });
    expect(toHead!.body).toContain("head-a");
    expect(toHead!.body).toContain("Сделка с зависшим согласованием");
    expect(await stalledNotices(fixture.managerA1.id)).toEqual([]);
  });

  it("concurrent passes (two processes) notify each stalled approval exactly once", async () => {
    const instances = await Promise.all([approvalOn("Параллельная 1"), approvalOn("Параллельная 2")]);
    for (const instance of instances) await stall(instance.id);
    const before = (await stalledNotices(fixture.headA.id)).length;
    const marked = await Promise.all([1, 2, 3, 4].map(() => notifyStalledApprovals(db())));
    expect(marked.reduce((sum, count) => sum + count, 0)).toBe(2);
    expect((await stalledNotices(fixture.headA.id)).length).toBe(before + 2);
    const [count] = await rows<{ n: number }>(
      db(),
      sql`select count(*)::int as n from workflow_approvals where stall_notified_at is not null`,
    );
    expect(count!.n).toBe(3);
  });
});
