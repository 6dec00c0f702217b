import { validateWorkflowDefinition, workflowDefinitionSchema } from "@planerka/common";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../platform/db/database";
import { createAccessFixture } from "../../testing/factories";
import { type Client, loginEach, useTestApp } from "../../testing/test-app";
import { installBuiltinWorkflowTemplates } from "./workflow-builtin";
import { createTemplate, pipelineStages, templateBody } from "./workflow-test-kit";

describe("workflow templates", () => {
  const context = useTestApp({ workflowWorker: false });
  let admin: Client;
  let managerA1: Client;
  let stages: Awaited<ReturnType<typeof pipelineStages>>;
  const db = () => context.handle.db;
  const templateCount = async () =>
    (await rows<{ count: number }>(db(), sql`select count(*)::int as count from workflow_templates`))[0]!.count;

  beforeAll(async () => {
    await createAccessFixture(db());
    [admin, managerA1] = await loginEach(context.app, ["admin-user", "manager-a1"]);
    stages = await pipelineStages(db());
  });

  const notify = (id: string, next: string | null) => ({
    id,
    name: `Шаг ${id}`,
    type: "notify",
    recipient: { kind: "owner" },
    message: "Сообщение",
    next,
  });

  it("creates, reads, updates with a version and deletes a template; only admins configure", async () => {
    const created = await createTemplate(admin, templateBody({ active: false, description: "Для проверки" }));
    expect(created).toMatchObject({ active: false, version: 1, builtinKey: null, runningCount: 0, stalledCount: 0 });
    const read = await admin.request("GET", `/api/v1/workflow-templates/${created.id}`);
    expect(read.json().definition.steps[0].id).toBe("first");
    expect((await managerA1.request("POST", "/api/v1/workflow-templates", templateBody())).statusCode).toBe(403);
    expect((await managerA1.request("GET", `/api/v1/workflow-templates/${created.id}`)).statusCode).toBe(403);

    const renamed = await admin.request("PATCH", `/api/v1/workflow-templates/${created.id}`, {
      name: "Переименован",
      active: true,
      version: 1,
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: "Переименован", active: true, version: 2 });
    const stale = await admin.request("PATCH", `/api/v1/workflow-templates/${created.id}`, { name: "x", version: 1 });
    expect(stale.statusCode).toBe(409);

    const deleted = await admin.request("DELETE", `/api/v1/workflow-templates/${created.id}`);
    expect(deleted.statusCode).toBe(204);
    expect((await admin.request("GET", `/api/v1/workflow-templates/${created.id}`)).statusCode).toBe(404);
    const list = (await admin.request("GET", "/api/v1/workflow-templates")).json().items;
    expect(list.map((item: { id: string }) => item.id)).not.toContain(created.id);
  });

  it("lists active templates to employees and every template with counts to admins", async () => {
    const active = await createTemplate(admin, templateBody({ name: "Активный" }));
    const inactive = await createTemplate(admin, templateBody({ name: "Выключенный", active: false }));
    const forManager = (await managerA1.request("GET", "/api/v1/workflow-templates")).json().items;
    const managerIds = forManager.map((item: { id: string }) => item.id);
    expect(managerIds).toContain(active.id);
    expect(managerIds).not.toContain(inactive.id);
    const forAdmin = (await admin.request("GET", "/api/v1/workflow-templates?active=false")).json().items;
    expect(forAdmin.map((item: { id: string }) => item.id)).toContain(inactive.id);
    expect(forAdmin.every((item: { active: boolean }) => !item.active)).toBe(true);
  });

  const refusals: [string, () => Record<string, unknown>, string][] = [
    [
      "a cycle with no wait",
      () => templateBody({ steps: [notify("first", "second"), notify("second", "first")] }),
      "definition.steps.0",
    ],
    [
      "a step missing its title",
      () =>
        templateBody({
          steps: [{ id: "first", name: "Задача", type: "task", assignee: { kind: "owner" }, next: null }],
        }),
      "definition.steps.0.title",
    ],
    [
      "a condition on an unknown field",
      () =>
        templateBody({
          steps: [
            {
              id: "first",
              name: "Развилка",
              type: "branch",
              condition: { field: "colour", op: "eq", value: "red" },
              ifTrue: null,
              ifFalse: null,
            },
          ],
        }),
      "definition.steps.0.condition.field",
    ],
    [
      "a missing step reference",
      () => templateBody({ steps: [notify("first", "nowhere")] }),
      "definition.steps.0.next",
    ],
    ["a stage trigger without a stage", () => templateBody({ trigger: "stage" }), "triggerStageId"],
    [
      "a stage trigger on leads",
      () =>
        templateBody({
          entity: "lead",
          trigger: "stage",
          triggerStageId: stages[1]!.id,
        }),
      "entity",
    ],
    [
      "a stage that does not exist",
      () =>
        templateBody({
          steps: [
            {
              id: "first",
              name: "Этап",
              type: "set_field",
              field: "stageId",
              value: "7b0c8f0e-0000-4000-8000-000000000000",
              next: null,
            },
          ],
        }),
      "definition.steps.0.value",
    ],
    [
      "an unknown activity type",
      () =>
        templateBody({
          steps: [
            {
              id: "first",
              name: "Дело",
              type: "activity",
              activityTypeCode: "telepathy",
              subject: "Связаться",
              assignee: { kind: "owner" },
              next: null,
            },
          ],
        }),
      "definition.steps.0.activityTypeCode",
    ],
    [
      "an unknown user",
      () =>
        templateBody({
          steps: [
            {
              ...notify("first", null),
              recipient: { kind: "user", userId: "7b0c8f0e-0000-4000-8000-000000000001" },
            },
          ],
        }),
      "definition.steps.0.recipient.userId",
    ],
  ];

  it.each(refusals)("refuses %s with 422 naming the field, storing nothing", async (_name, body, path) => {
    const before = await templateCount();
    const response = await admin.request("POST", "/api/v1/workflow-templates", body());
    expect(response.statusCode, response.body).toBe(422);
    expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(path);
    expect(await templateCount()).toBe(before);
  });

  it("refuses a patch that breaks the definition and keeps the template as it was", async () => {
    const created = await createTemplate(admin, templateBody());
    const response = await admin.request("PATCH", `/api/v1/workflow-templates/${created.id}`, {
      definition: { startStepId: "first", steps: [notify("first", "gone")] },
      version: 1,
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors[0].path).toBe("definition.steps.0.next");
    const after = (await admin.request("GET", `/api/v1/workflow-templates/${created.id}`)).json();
    expect(after).toMatchObject({ version: 1, definition: { steps: [{ next: null }] } });
  });

  it("installs the three shipped templates once, switched off, valid and ready to switch on", async () => {
    await installBuiltinWorkflowTemplates(db());
    await installBuiltinWorkflowTemplates(db());
    const listed = (await admin.request("GET", "/api/v1/workflow-templates")).json().items;
    const builtins = listed.filter((item: { builtinKey: string | null }) => item.builtinKey !== null);
    expect(builtins.map((item: { builtinKey: string }) => item.builtinKey).sort()).toEqual([
      "lead_qualification",
      "proposal_approval",
      "won_deal_follow_up",
    ]);
    const stored = await rows<{ count: number }>(
      db(),
      sql`select count(*)::int as count from workflow_templates where builtin_key is not null`,
    );
    expect(stored[0]!.count).toBe(3);
    const stageName = (id: string | null) => stages.find((stage) => stage.id === id)?.name;
    for (const template of builtins) {
      expect(template.active).toBe(false);
      const definition = workflowDefinitionSchema.parse(template.definition);
      expect(validateWorkflowDefinition(template.entity, definition)).toEqual([]);
      const switchedOn = await admin.request("PATCH", `/api/v1/workflow-templates/${template.id}`, {
        active: true,
        version: template.version,
      });
      expect(switchedOn.statusCode, switchedOn.body).toBe(200);
    }
    const byKey = (key: string) => builtins.find((item: { builtinKey: string }) => item.builtinKey === key);
    expect(byKey("lead_qualification")).toMatchObject({ entity: "lead", trigger: "created" });
    expect(stageName(byKey("proposal_approval").triggerStageId)).toBe("Коммерческое предложение");
    expect(stageName(byKey("won_deal_follow_up").triggerStageId)).toBe("Успешно");
    // Deleting a shipped template is final: it is not installed again.
    await admin.request("DELETE", `/api/v1/workflow-templates/${byKey("won_deal_follow_up").id}`);
    await installBuiltinWorkflowTemplates(db());
    expect(
      (
        await rows<{ count: number }>(
          db(),
          sql`select count(*)::int as count from workflow_templates where builtin_key is not null`,
        )
      )[0]!.count,
    ).toBe(3);
  });
});
