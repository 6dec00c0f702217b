import {
  type LinkableEntity,
  validateWorkflowDefinition,
  type WorkflowDefinition,
  workflowDefinitionSchema,
} from "@planerka/common";
import { sql } from "drizzle-orm";
import { type Database, type Executor, rows } from "../../platform/db/database";

interface BuiltinTemplate {
  name: string;
  description: string;
  entity: LinkableEntity;
  trigger: "manual" | "created" | "stage";
  triggerStageId: string | null;
  definition: WorkflowDefinition;
}

interface Setup {
  /** The default pipeline's stages in order. */
  stages: { id: string; name: string; semantic: string }[];
  activityTypes: { code: string; category: string; direction: string | null }[];
}

export const proposalApprovalThreshold = 5_000_000;

function leadQualification(): BuiltinTemplate {
  return {
    name: "Квалификация нового лида за сутки",
    description:
      "Ответственный за новый лид получает задачу квалифицировать его за 24 часа. Если и через сутки после задачи " +
      "статус лида остаётся «Новый», об этом узнают руководитель и ответственный.",
    entity: "lead",
    trigger: "created",
    triggerStageId: null,
    definition: workflowDefinitionSchema.parse({
      startStepId: "qualify",
      steps: [
        {
          id: "qualify",
          name: "Квалифицировать лид",
          type: "task",
          title: "Квалифицировать лид",
          description:
            "Свяжитесь с клиентом, уточните потребность и смените статус лида: «В работе» или «Некачественный».",
          assignee: { kind: "owner" },
          deadlineHours: 24,
          waitForCompletion: true,
          stallHours: 24,
          next: "await_status",
        },
        {
          id: "await_status",
          name: "Ждать смены статуса",
          type: "wait",
          condition: { field: "status", op: "ne", value: "new" },
          minutes: 24 * 60,
          stallHours: 25,
          next: "still_new",
        },
        {
          id: "still_new",
          name: "Лид всё ещё новый?",
          type: "branch",
          condition: { field: "status", op: "eq", value: "new" },
          ifTrue: "tell_head",
          ifFalse: null,
        },
        {
          id: "tell_head",
          name: "Сообщить руководителю",
          type: "notify",
          recipient: { kind: "owner_head" },
          message: "Лид не квалифицирован за сутки: статус по-прежнему «Новый»",
          next: "tell_owner",
        },
        {
          id: "tell_owner",
          name: "Напомнить ответственному",
          type: "notify",
          recipient: { kind: "owner" },
          message: "Лид не квалифицирован за сутки, руководитель уведомлён. Смените статус лида.",
          next: null,
        },
      ],
    }),
  };
}

/** Deal enters the proposal stage; a large one waits for the head's approval. */
function proposalApproval(setup: Setup): BuiltinTemplate | null {
  const index = setup.stages.findIndex((stage) => /коммерческ|предложени/i.test(stage.name));
  const proposal = setup.stages[index];
  if (proposal?.semantic !== "open") return null;
  const previous = setup.stages
    .slice(0, index)
    .reverse()
    .find((stage) => stage.semantic === "open");
  const rejectedMessage = previous
    ? `Коммерческое предложение не согласовано руководителем, сделка возвращена на этап «${previous.name}»`
    : "Коммерческое предложение не согласовано руководителем";
  const steps: unknown[] = [
    {
      id: "check_amount",
      name: "Сумма больше 5 000 000 ₸?",
      type: "branch",
      condition: { field: "amount", op: "gt", value: proposalApprovalThreshold },
      ifTrue: "approve",
      ifFalse: null,
    },
    {
      id: "approve",
      name: "Согласование руководителем",
      type: "approval",
      approver: { kind: "owner_head" },
      title: "Согласуйте коммерческое предложение на сумму свыше 5 000 000 ₸",
      stallHours: 24,
      onApproved: "tell_approved",
      onRejected: previous ? "return_stage" : "tell_rejected",
    },
    {
      id: "tell_approved",
      name: "Сообщить о согласовании",
      type: "notify",
      recipient: { kind: "owner" },
      message: "Коммерческое предложение согласовано руководителем",
      next: null,
    },
    ...(previous
      ? [
          {
            id: "return_stage",
            name: `Вернуть на этап «${previous.name}»`,
            type: "set_field",
            field: "stageId",
            value: previous.id,
            next: "tell_rejected",
          },
        ]
      : []),
    {
      id: "tell_rejected",
      name: "Сообщить об отказе",
      type: "notify",
      recipient: { kind: "owner" },
      message: rejectedMessage,
      next: null,
    },
  ];
  return {
    name: "Согласование КП свыше 5 000 000 ₸",
    description:
      "Сделка переходит на этап «Коммерческое предложение»: если сумма больше 5 000 000 ₸, предложение согласует " +
      "руководитель ответственного. При отказе сделка возвращается на предыдущий этап.",
    entity: "deal",
    trigger: "stage",
    triggerStageId: proposal.id,
    definition: workflowDefinitionSchema.parse({ startStepId: "check_amount", steps }),
  };
}

/** A week after a deal is won, the owner calls the client. */
function wonFollowUp(setup: Setup): BuiltinTemplate | null {
  const won = setup.stages.find((stage) => stage.semantic === "won");
  const call =
    setup.activityTypes.find((type) => type.code === "call_out_deal") ??
    setup.activityTypes.find((type) => type.category === "call" && type.direction === "out");
  if (!won || !call) return null;
  return {
    name: "Звонок клиенту через неделю после успешной сделки",
    description:
      "Через 7 дней после того, как сделка перешла в «Успешно», ответственному ставится звонок клиенту: " +
      "всё ли получено и как работает.",
    entity: "deal",
    trigger: "stage",
    triggerStageId: won.id,
    definition: workflowDefinitionSchema.parse({
      startStepId: "week",
      steps: [
        { id: "week", name: "Подождать 7 дней", type: "wait", minutes: 7 * 24 * 60, stallHours: 8 * 24, next: "call" },
        {
          id: "call",
          name: "Звонок после поставки",
          type: "activity",
          activityTypeCode: call.code,
          subject: "Звонок после поставки",
          assignee: { kind: "owner" },
          dueInHours: 24,
          next: null,
        },
      ],
    }),
  };
}

const builtins: Record<string, (setup: Setup) => BuiltinTemplate | null> = {
  lead_qualification: leadQualification,
  proposal_approval: proposalApproval,
  won_deal_follow_up: wonFollowUp,
};
export const builtinTemplateKeys = Object.keys(builtins);

async function loadSetup(executor: Executor): Promise<Setup> {
  const stages = await rows<Setup["stages"][number]>(
    executor,
    sql`select s.id, s.name, s.semantic from stages s
        where s.pipeline_id = (select id from pipelines order by is_default desc, sort, created_at limit 1)
        order by s.sort`,
  );
  const activityTypes = await rows<Setup["activityTypes"][number]>(
    executor,
    sql`select code, category, direction from activity_types order by sort`,
  );
  return { stages, activityTypes };
}

/**
 * The shipped templates, installed switched off and once each (keyed by `builtin_key`, which a
 * deleted one keeps, so deleting it is final). Costs one query when all are there; two processes
 * starting together insert each at most once.
 */
export async function installBuiltinWorkflowTemplates(db: Database): Promise<void> {
  const present = await rows<{ key: string }>(
    db,
    sql`select builtin_key as key from workflow_templates where builtin_key is not null`,
  );
  const missing = builtinTemplateKeys.filter((key) => !present.some((row) => row.key === key));
  if (missing.length === 0) return;
  await db.transaction(async (tx) => {
    const setup = await loadSetup(tx);
    for (const key of missing) {
      const template = builtins[key]!(setup);
      if (!template) continue;
      const problems = validateWorkflowDefinition(template.entity, template.definition);
      if (problems.length > 0)
        throw new Error(`Built-in workflow ${key}: ${problems[0]!.path} ${problems[0]!.message}`);
      await tx.execute(
        sql`insert into workflow_templates (name, description, entity, trigger, trigger_stage_id, definition, active, builtin_key)
            values (${template.name}, ${template.description}, ${template.entity}, ${template.trigger},
              ${template.triggerStageId}, ${JSON.stringify(template.definition)}::jsonb, false, ${key})
            on conflict (builtin_key) do nothing`,
      );
    }
  });
}
