import {
  type LinkableEntity,
  validateWorkflowDefinition,
  type WorkflowAssignee,
  type WorkflowDefinition,
  type WorkflowStep,
  workflowDefinitionSchema,
} from "@planerka/common";
import { sql } from "drizzle-orm";
import { type Executor, rows } from "../../platform/db/database";
import { AppError } from "../../platform/errors/problem";

export interface TemplateShape {
  entity: LinkableEntity;
  trigger: "manual" | "created" | "stage";
  triggerStageId: string | null;
  definition: unknown;
}

interface Problem {
  path: string;
  message: string;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function personOf(step: WorkflowStep): { field: string; value: WorkflowAssignee } | undefined {
  if (step.type === "task" || step.type === "activity") return { field: "assignee", value: step.assignee };
  if (step.type === "notify") return { field: "recipient", value: step.recipient };
  if (step.type === "approval") return { field: "approver", value: step.approver };
  return undefined;
}

/** Every id or code a step names, with the path of the field naming it. */
function references(definition: WorkflowDefinition) {
  const users: { path: string; id: string }[] = [];
  const stages: { path: string; id: string }[] = [];
  const activityTypes: { path: string; code: string }[] = [];
  definition.steps.forEach((step: WorkflowStep, index) => {
    const path = `definition.steps.${index}`;
    const person = personOf(step);
    if (person?.value.kind === "user") users.push({ path: `${path}.${person.field}.userId`, id: person.value.userId });
    if (step.type === "activity") activityTypes.push({ path: `${path}.activityTypeCode`, code: step.activityTypeCode });
    if (step.type === "set_field" && typeof step.value === "string") {
      if (step.field === "stageId") stages.push({ path: `${path}.value`, id: step.value });
      if (step.field === "ownerId") users.push({ path: `${path}.value`, id: step.value });
    }
  });
  return { users, stages, activityTypes };
}

async function existing(executor: Executor, table: "users" | "stages", ids: string[]): Promise<Set<string>> {
  const valid = ids.filter((id) => uuidPattern.test(id));
  if (valid.length === 0) return new Set();
  const list = sql.join(
    valid.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const active = table === "users" ? sql`and active` : sql``;
  const found = await rows<{ id: string }>(
    executor,
    sql`select id from ${sql.identifier(table)} where id in (${list}) ${active}`,
  );
  return new Set(found.map((row) => row.id.toLowerCase()));
}

/** What only the database knows: the users, stages and activity types the steps name exist. */
async function referenceProblems(executor: Executor, definition: WorkflowDefinition): Promise<Problem[]> {
  const { users, stages, activityTypes } = references(definition);
  const problems: Problem[] = [];
  const knownUsers = await existing(
    executor,
    "users",
    users.map((entry) => entry.id),
  );
  for (const entry of users) {
    if (!knownUsers.has(entry.id.toLowerCase())) problems.push({ path: entry.path, message: "No such active user" });
  }
  const knownStages = await existing(
    executor,
    "stages",
    stages.map((entry) => entry.id),
  );
  for (const entry of stages) {
    if (!knownStages.has(entry.id.toLowerCase())) problems.push({ path: entry.path, message: "No such stage" });
  }
  if (activityTypes.length > 0) {
    const codes = await rows<{ code: string }>(executor, sql`select code from activity_types`);
    const knownCodes = new Set(codes.map((row) => row.code));
    for (const entry of activityTypes) {
      if (!knownCodes.has(entry.code)) problems.push({ path: entry.path, message: "No such activity type" });
    }
  }
  return problems;
}

async function triggerProblems(executor: Executor, shape: TemplateShape): Promise<Problem[]> {
  if (shape.trigger !== "stage") {
    return shape.triggerStageId ? [{ path: "triggerStageId", message: "Only the stage trigger names a stage" }] : [];
  }
  const problems: Problem[] = [];
  if (shape.entity !== "deal") problems.push({ path: "entity", message: "The stage trigger starts on deals only" });
  if (!shape.triggerStageId) problems.push({ path: "triggerStageId", message: "Choose the stage that starts it" });
  else if (!(await existing(executor, "stages", [shape.triggerStageId])).size) {
    problems.push({ path: "triggerStageId", message: "No such stage" });
  }
  return problems;
}

/**
 * The whole template checked at once, every problem with the path of its field: the definition's
 * shape (zod), its logic (`validateWorkflowDefinition`: references, fields, cycles without a wait)
 * and what it names in the database. 422 when anything is wrong; the parsed definition otherwise.
 */
export async function checkTemplateOrThrow(executor: Executor, shape: TemplateShape): Promise<WorkflowDefinition> {
  const problems = await triggerProblems(executor, shape);
  const parsed = workflowDefinitionSchema.safeParse(shape.definition);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ path: ["definition", ...issue.path.map(String)].join("."), message: issue.message });
    }
  } else {
    for (const problem of validateWorkflowDefinition(shape.entity, parsed.data)) {
      problems.push({ path: `definition.${problem.path}`, message: problem.message });
    }
    problems.push(...(await referenceProblems(executor, parsed.data)));
  }
  if (problems.length > 0 || !parsed.success) {
    throw new AppError(
      422,
      "Unprocessable Entity",
      problems.map((problem) => `${problem.path}: ${problem.message}`).join("; "),
      problems,
    );
  }
  return parsed.data;
}
