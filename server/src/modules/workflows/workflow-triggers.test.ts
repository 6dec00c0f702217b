import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { installBuiltinWorkflowTemplates } from "./workflow-builtin";
import {
  createDeal,
  createTemplate,
  instanceState,
  notificationsOf,
  pipelineStages,
  runJobs,
  stepRuns,
  templateBody,
} from "./workflow-test-kit";

describe("workflow start triggers", () => {
  const context = useTestApp({ workflowWorker: false });
  let fixture: Awaited<ReturnType<typeof createAccessFixture>>;
  let admin: Client;
  let managerA1: Client;
  let stages: Awaited<ReturnType<typeof pipelineStages>>;
  const db = () => context.handle.db;
  const instancesOn = (entityId: string) =>
    rows<{ id: string; templateId: string; status: string }>(
      db(),
      sql`select id, template_id as "templateId", status from workflow_instances where entity_id = ${entityId} order by created_at`,
    );

  beforeAll(async () => {
    fixture = await createAccessFixture(db());
    [admin, managerA1] = await loginEach(context.app, ["admin-user", "manager-a1"]);
    stages = await pipelineStages(db());
  });

  it("starts an active template when a record is created, an inactive one never", async () => {
    const active = await createTemplate(admin, templateBody({ entity: "company", trigger: "created" }));
    await createTemplate(admin, templateBody({ entity: "company", trigger: "created", active: false }));
    const company = (await managerA1.request("POST", "/api/v1/companies", { name: "ТОО Сварка" })).json();
    await runJobs(db());
    const started = await instancesOn(company.id);
    expect(started).toEqual([{ id: started[0]!.id, templateId: active.id, status: "completed" }]);
    const [notice] = await notificationsOf(db(), fixture.managerA1.id, "workflow_notice");
    expect(notice).toMatchObject({ link: `/crm/companies/${company.id}`, body: "Тестовый процесс: ТОО Сварка" });
  });

  it("starts a stage template when a deal enters the stage, by creation or PATCH, and on no other change", async () => {
    const template = await createTemplate(
      admin,
      templateBody({ trigger: "stage", triggerStageId: stages[2]!.id, name: "На этапе КП" }),
    );
    const deal = await createDeal(managerA1);
    const toSecond = await managerA1.request("PATCH", `/api/v1/deals/${deal.id}`, {
      stageId: stages[1]!.id,
      version: 1,
    });
    expect(toSecond.statusCode).toBe(200);
    await runJobs(db());
    expect(await instancesOn(deal.id)).toEqual([]);

    await managerA1.request("PATCH", `/api/v1/deals/${deal.id}`, { stageId: stages[2]!.id, version: 2 });
    await runJobs(db());
    expect((await instancesOn(deal.id)).map((instance) => instance.templateId)).toEqual([template.id]);

    await managerA1.request("PATCH", `/api/v1/deals/${deal.id}`, { amount: 99, version: 3 });
    await managerA1.request("PATCH", `/api/v1/deals/${deal.id}`, { stageId: stages[3]!.id, version: 4 });
    await runJobs(db());
    expect(await instancesOn(deal.id)).toHaveLength(1);

    const bornThere = await createDeal(managerA1, { stageId: stages[2]!.id });
    await runJobs(db());
    expect(await instancesOn(bornThere.id)).toHaveLength(1);
  });

  it("runs the shipped lead template: a day's task, then the head hears of a lead still new", async () => {
    await installBuiltinWorkflowTemplates(db());
    const [builtin] = await rows<{ id: string }>(
      db(),
      sql`select id from workflow_templates where builtin_key = 'lead_qualification'`,
    );
    const switched = await admin.request("PATCH", `/api/v1/workflow-templates/${builtin!.id}`, {
      active: true,
      version: 1,
    });
    expect(switched.statusCode).toBe(200);

    const still = (await managerA1.request("POST", "/api/v1/leads", { title: "Лид без движения" })).json();
    const moved = (await managerA1.request("POST", "/api/v1/leads", { title: "Лид в работе" })).json();
    await runJobs(db());
    const tasks = await rows<{ id: string; title: string; assigneeId: string; entityId: string }>(
      db(),
      sql`select id, title, assignee_id as "assigneeId", entity_id as "entityId" from tasks
          where entity_id in (${still.id}, ${moved.id}) order by title`,
    );
    expect(tasks.map((task) => [task.title, task.assigneeId])).toEqual([
      ["Квалифицировать лид", fixture.managerA1.id],
      ["Квалифицировать лид", fixture.managerA1.id],
    ]);
    const [stillInstance] = await instancesOn(still.id);
    const [movedInstance] = await instancesOn(moved.id);
    const stillDetail = (await managerA1.request("GET", `/api/v1/workflow-instances/${stillInstance!.id}`)).json();
    expect(stillDetail).toMatchObject({ currentStep: { id: "qualify", type: "task" }, stallHours: 24 });

    // Finishing the task through the task service wakes the instance waiting on it.
    for (const task of tasks) {
      const current = (await managerA1.request("GET", `/api/v1/tasks/${task.id}`)).json();
      const done = await managerA1.request("POST", `/api/v1/tasks/${task.id}/status`, {
        version: current.version,
        action: "complete",
      });
      expect(done.statusCode, done.body).toBe(200);
    }
    const due = await rows<{ count: number }>(
      db(),
      sql`select count(*)::int as count from workflow_jobs where done_at is null and run_at <= now()`,
    );
    expect(due[0]!.count).toBe(2);
    await runJobs(db());
    expect(await instanceState(db(), stillInstance!.id)).toMatchObject({ currentStepId: "await_status" });

    // A change of status wakes the waiting instance through the leads table's trigger.
    const patched = await managerA1.request("PATCH", `/api/v1/leads/${moved.id}`, { status: "in_work", version: 1 });
    expect(patched.statusCode).toBe(200);
    await runJobs(db());
    expect((await instanceState(db(), movedInstance!.id)).status).toBe("completed");
    expect((await stepRuns(db(), movedInstance!.id)).map((run) => run.outcome)).toEqual([
      "completed",
      "condition",
      "false",
    ]);

    // A day passes for the lead that stayed new.
    await db().execute(
      sql`update workflow_instances set step_started_at = now() - interval '24 hours 1 minute' where id = ${stillInstance!.id}`,
    );
    await db().execute(
      sql`update workflow_jobs set run_at = now() where instance_id = ${stillInstance!.id} and done_at is null`,
    );
    await runJobs(db());
    expect((await instanceState(db(), stillInstance!.id)).status).toBe("completed");
    expect((await stepRuns(db(), stillInstance!.id)).map((run) => run.outcome)).toEqual([
      "completed",
      "timeout",
      "true",
      "sent",
      "sent",
    ]);
    const toHead = await notificationsOf(db(), fixture.headA.id, "workflow_notice");
    expect(toHead).toEqual([
      {
        title: "Лид не квалифицирован за сутки: статус по-прежнему «Новый»",
        body: "Квалификация нового лида за сутки: Лид без движения",
        link: `/crm/leads/${still.id}`,
      },
    ]);
  });

  it("runs the shipped proposal template: a large deal entering the stage waits for the head, rejected goes back", async () => {
    await installBuiltinWorkflowTemplates(db());
    const [builtin] = await rows<{ id: string; version: number }>(
      db(),
      sql`select id, version from workflow_templates where builtin_key = 'proposal_approval'`,
    );
    await admin.request("PATCH", `/api/v1/workflow-templates/${builtin!.id}`, {
      active: true,
      version: builtin!.version,
    });
    const proposal = stages.find((stage) => stage.name === "Коммерческое предложение")!;
    const large = await createDeal(managerA1, { amount: 5_000_000.01, stageId: stages[1]!.id });
    const small = await createDeal(managerA1, { amount: 5_000_000, stageId: stages[1]!.id });
    for (const deal of [large, small]) {
      await managerA1.request("PATCH", `/api/v1/deals/${deal.id}`, { stageId: proposal.id, version: 1 });
    }
    await runJobs(db());
    const onSmall = (await instancesOn(small.id)).filter((instance) => instance.templateId === builtin!.id);
    expect(onSmall.map((instance) => instance.status)).toEqual(["completed"]);
    const [headA] = await loginEach(context.app, ["head-a"]);
    const [approval] = (await headA.request("GET", "/api/v1/workflow-approvals")).json().items;
    expect(approval).toMatchObject({
      entityId: large.id,
      title: "Согласуйте коммерческое предложение на сумму свыше 5 000 000 ₸",
    });
    await headA.request("POST", `/api/v1/workflow-approvals/${approval.id}/decision`, { decision: "rejected" });
    await runJobs(db());
    const card = (await managerA1.request("GET", `/api/v1/deals/${large.id}`)).json();
    expect(card.stage.name).toBe("Квалификация");
    const [notice] = (await notificationsOf(db(), fixture.managerA1.id, "workflow_notice")).filter((item) =>
      item.title.startsWith("Коммерческое предложение не согласовано"),
    );
    expect(notice!.title).toBe(
      "Коммерческое предложение не согласовано руководителем, сделка возвращена на этап «Квалификация»",
    );
  });
});
