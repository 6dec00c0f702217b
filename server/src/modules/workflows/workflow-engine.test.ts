import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import {
  createDeal,
  createTemplate,
  instanceState,
  notificationsOf,
  pipelineStages,
  runJobs,
  startInstance,
  stepRuns,
  templateBody,
} from "./workflow-test-kit";
import { maxJobAttempts } from "./workflow-worker";

describe("workflow engine", () => {
  const context = useTestApp({ workflowWorker: false });
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let admin: Client;
  let managerA1: Client;
  let managerA2: Client;
  let headA: Client;
  let stages: Awaited<ReturnType<typeof pipelineStages>>;
  const db = () => context.handle.db;

  beforeAll(async () => {
    fixture = await createAccessFixture(db());
    [admin, managerA1, managerA2, headA] = await loginEach(context.app, [
      "admin-user",
      "manager-a1",
      "manager-a2",
      "head-a",
    ]);
    stages = await pipelineStages(db());
  });

  const approvalTemplate = () =>
    templateBody({
      name: "Согласование крупных сделок",
      startStepId: "check",
      steps: [
        {
          id: "check",
          name: "Крупная?",
          type: "branch",
          condition: { field: "amount", op: "gt", value: 5_000_000 },
          ifTrue: "approve",
          ifFalse: "small",
        },
        {
          id: "approve",
          name: "Согласование",
          type: "approval",
          approver: { kind: "owner_head" },
          title: "Согласуйте сделку",
          onApproved: "ok",
          onRejected: "back",
        },
        {
          id: "ok",
          name: "Согласовано",
          type: "notify",
          recipient: { kind: "owner" },
          message: "Согласовано",
          next: null,
        },
        { id: "back", name: "Назад", type: "set_field", field: "stageId", value: stages[1]!.id, next: "told" },
        { id: "told", name: "Отказ", type: "notify", recipient: { kind: "owner" }, message: "Отказано", next: null },
        { id: "small", name: "Мелкая", type: "notify", recipient: { kind: "owner" }, message: "Мелкая", next: null },
      ],
    });

  it("runs a branch into an approval; approved goes on to onApproved", async () => {
    const template = await createTemplate(admin, approvalTemplate());
    const deal = await createDeal(managerA1, { amount: 6_000_000, stageId: stages[2]!.id });
    const instance = await startInstance(managerA1, template.id, deal.id);
    await runJobs(db());
    expect(await instanceState(db(), instance.id)).toMatchObject({ status: "running", currentStepId: "approve" });

    const waiting = (await headA.request("GET", "/api/v1/workflow-approvals")).json().items;
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatchObject({ instanceId: instance.id, title: "Согласуйте сделку", decision: null });
    expect(waiting[0].approver.id).toBe(fixture.headA.id);
    const [notice] = await notificationsOf(db(), fixture.headA.id, "workflow_approval");
    expect(notice).toMatchObject({ title: "Согласуйте сделку", link: `/crm/deals/${deal.id}` });

    const asOwner = (await managerA1.request("GET", `/api/v1/workflow-instances/${instance.id}`)).json();
    expect(asOwner.pendingApproval.approver.id).toBe(fixture.headA.id);
    expect(asOwner.abilities).toEqual({ cancel: true, decide: false });
    const asHead = (await headA.request("GET", `/api/v1/workflow-instances/${instance.id}`)).json();
    expect(asHead.abilities.decide).toBe(true);

    const approvalId = waiting[0].id;
    const byOther = await managerA1.request("POST", `/api/v1/workflow-approvals/${approvalId}/decision`, {
      decision: "approved",
    });
    expect(byOther.statusCode).toBe(404);
    const decided = await headA.request("POST", `/api/v1/workflow-approvals/${approvalId}/decision`, {
      decision: "approved",
      comment: "Хорошая маржа",
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ decision: "approved", comment: "Хорошая маржа" });
    const again = await headA.request("POST", `/api/v1/workflow-approvals/${approvalId}/decision`, {
      decision: "rejected",
    });
    expect(again.statusCode).toBe(409);

    await runJobs(db());
    expect((await instanceState(db(), instance.id)).status).toBe("completed");
    const detail = (await managerA1.request("GET", `/api/v1/workflow-instances/${instance.id}`)).json();
    expect(detail.history.map((run: { stepId: string; outcome: string }) => [run.stepId, run.outcome])).toEqual([
      ["check", "true"],
      ["approve", "approved"],
      ["ok", "sent"],
    ]);
    expect(detail.history[1].actor.id).toBe(fixture.headA.id);
    expect(detail.history[1].detail.comment).toBe("Хорошая маржа");
    expect(detail.pendingApproval).toBeNull();
    expect((await notificationsOf(db(), fixture.managerA1.id, "workflow_notice")).at(-1)?.title).toBe("Согласовано");
    expect((await headA.request("GET", "/api/v1/workflow-approvals")).json().items).toHaveLength(0);
  });

  it("rejected goes on to onRejected, which moves the deal back a stage the deal service's way", async () => {
    const template = await createTemplate(admin, approvalTemplate());
    const deal = await createDeal(managerA1, { amount: 7_500_000, stageId: stages[2]!.id });
    const instance = await startInstance(managerA1, template.id, deal.id);
    await runJobs(db());
    const [approval] = (await headA.request("GET", "/api/v1/workflow-approvals")).json().items;
    const decided = await headA.request("POST", `/api/v1/workflow-approvals/${approval.id}/decision`, {
      decision: "rejected",
    });
    expect(decided.statusCode).toBe(200);
    await runJobs(db());
    expect((await stepRuns(db(), instance.id)).map((run) => [run.stepId, run.outcome])).toEqual([
      ["check", "true"],
      ["approve", "rejected"],
      ["back", "set"],
      ["told", "sent"],
    ]);
    const card = (await managerA1.request("GET", `/api/v1/deals/${deal.id}`)).json();
    expect(card).toMatchObject({ stageId: stages[1]!.id, version: 2, closedAt: null });
    const changes = await rows<{ fromStageId: string; toStageId: string; changedBy: string | null }>(
      db(),
      sql`select from_stage_id as "fromStageId", to_stage_id as "toStageId", changed_by as "changedBy"
          from deal_stage_changes where deal_id = ${deal.id} order by id`,
    );
    expect(changes.at(-1)).toEqual({ fromStageId: stages[2]!.id, toStageId: stages[1]!.id, changedBy: null });
    const history = (await managerA1.request("GET", `/api/v1/deals/${deal.id}/history`)).json().items;
    expect(history[0].changes).toContainEqual({ field: "stageId", old: stages[2]!.id, new: stages[1]!.id });
  });

  it("takes the other branch for a small deal without asking anyone", async () => {
    const template = await createTemplate(admin, approvalTemplate());
    const deal = await createDeal(managerA1, { amount: 5_000_000 });
    const instance = await startInstance(managerA1, template.id, deal.id);
    await runJobs(db());
    expect((await stepRuns(db(), instance.id)).map((run) => run.outcome)).toEqual(["false", "sent"]);
    expect((await instanceState(db(), instance.id)).status).toBe("completed");
  });

  it("sets the stage by the closedAt rule: won sets it, reopening clears it", async () => {
    const won = stages.find((stage) => stage.semantic === "won")!;
    const toWon = await createTemplate(
      admin,
      templateBody({
        steps: [{ id: "first", name: "Выиграна", type: "set_field", field: "stageId", value: won.id, next: null }],
      }),
    );
    const reopen = await createTemplate(
      admin,
      templateBody({
        steps: [
          { id: "first", name: "Вернуть", type: "set_field", field: "stageId", value: stages[3]!.id, next: null },
        ],
      }),
    );
    const deal = await createDeal(managerA1);
    await startInstance(managerA1, toWon.id, deal.id);
    await runJobs(db());
    const closed = (await managerA1.request("GET", `/api/v1/deals/${deal.id}`)).json();
    expect(closed).toMatchObject({ stageId: won.id, version: 2 });
    expect(Math.abs(Date.parse(closed.closedAt) - Date.now())).toBeLessThan(60_000);
    await startInstance(managerA1, reopen.id, deal.id);
    await runJobs(db());
    expect((await managerA1.request("GET", `/api/v1/deals/${deal.id}`)).json()).toMatchObject({
      stageId: stages[3]!.id,
      closedAt: null,
      version: 3,
    });
  });

  it("creates an escaped task, waits for it, then logs an activity of origin workflow", async () => {
    const template = await createTemplate(
      admin,
      templateBody({
        steps: [
          {
            id: "first",
            name: "Задача",
            type: "task",
            title: "Подготовить КП",
            description: "<b>Срочно</b> & с расчётом",
            assignee: { kind: "owner" },
            deadlineHours: 24,
            waitForCompletion: true,
            next: "call",
          },
          {
            id: "call",
            name: "Звонок",
            type: "activity",
            activityTypeCode: "call_out_deal",
            subject: "Звонок по КП",
            assignee: { kind: "owner_head" },
            next: null,
          },
        ],
      }),
    );
    const deal = await createDeal(managerA1);
    const instance = await startInstance(managerA1, template.id, deal.id);
    await runJobs(db());
    const [task] = await rows<{ id: string; description: string; assigneeId: string; deadline: Date }>(
      db(),
      sql`select id, description, assignee_id as "assigneeId", deadline from tasks where workflow_instance_id = ${instance.id}`,
    );
    expect(task).toMatchObject({
      description: "<p>&lt;b&gt;Срочно&lt;/b&gt; &amp; с расчётом</p>",
      assigneeId: fixture.managerA1.id,
    });
    expect(Math.abs(new Date(task!.deadline).getTime() - Date.now() - 86_400_000)).toBeLessThan(60_000);
    await runJobs(db());
    expect(await instanceState(db(), instance.id)).toMatchObject({ status: "running", currentStepId: "first" });

    await db().execute(sql`update tasks set status = 'done', completed_at = now() where id = ${task!.id}`);
    await db().execute(
      sql`update workflow_jobs set run_at = now() where instance_id = ${instance.id} and done_at is null`,
    );
    await runJobs(db());
    expect((await instanceState(db(), instance.id)).status).toBe("completed");
    const activities = await rows<{ origin: string; ownerId: string; subject: string; createdBy: string | null }>(
      db(),
      sql`select origin, owner_id as "ownerId", subject, created_by as "createdBy" from activities where deal_id = ${deal.id}`,
    );
    expect(activities).toEqual([
      { origin: "workflow", ownerId: fixture.headA.id, subject: "Звонок по КП", createdBy: null },
    ]);
  });

  it("retries a failing step with back-off and fails the instance after the last attempt", async () => {
    const template = await createTemplate(
      admin,
      templateBody({
        steps: [
          {
            id: "first",
            name: "Слишком длинно",
            type: "set_field",
            field: "title",
            value: "я".repeat(400),
            next: null,
          },
        ],
      }),
    );
    const deal = await createDeal(managerA1);
    const instance = await startInstance(managerA1, template.id, deal.id);
    for (let attempt = 1; attempt <= maxJobAttempts; attempt++) {
      await runJobs(db());
      const [job] = await rows<{ attempts: number; doneAt: Date | null; lastError: string; waitSeconds: number }>(
        db(),
        sql`select attempts, done_at as "doneAt", last_error as "lastError",
                   extract(epoch from run_at - now())::int as "waitSeconds"
            from workflow_jobs where instance_id = ${instance.id}`,
      );
      expect(job!.attempts).toBe(attempt);
      if (attempt < maxJobAttempts) {
        expect(job!.doneAt).toBeNull();
        expect(job!.waitSeconds).toBeGreaterThan(5);
        await db().execute(sql`update workflow_jobs set run_at = now() where instance_id = ${instance.id}`);
      } else expect(job!.doneAt).not.toBeNull();
    }
    const failed = (await managerA1.request("GET", `/api/v1/workflow-instances/${instance.id}`)).json();
    expect(failed).toMatchObject({ status: "failed", stalled: false });
    expect(failed.error).toContain("title");
    expect(failed.history).toEqual([]);
    expect((await managerA1.request("GET", `/api/v1/deals/${deal.id}`)).json().version).toBe(1);
    const other = await managerA2.request("GET", `/api/v1/workflow-instances/${instance.id}`);
    expect(other.statusCode).toBe(404);
  });
});
