import { z } from "zod";
import { idSchema, pageSchema, pagingQuerySchema, text, versionSchema } from "./shared";
import { type LinkableEntity, linkableEntitySchema, personRefSchema } from "./tasks";

/** Who a step addresses: the record's owner, that owner's head, or a named user. */
export const workflowAssigneeSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("owner") }),
  z.strictObject({ kind: z.literal("owner_head") }),
  z.strictObject({ kind: z.literal("user"), userId: idSchema }),
]);
export type WorkflowAssignee = z.infer<typeof workflowAssigneeSchema>;

export const conditionOperators = ["eq", "ne", "gt", "gte", "lt", "lte", "empty", "not_empty"] as const;
/** Numbers within what an amount may be: a value is compared with or written to a record's field. */
export const workflowValueSchema = z.union([
  z.string().max(500),
  z.number().min(-1e15).max(1e15),
  z.boolean(),
  z.null(),
]);
export const workflowConditionSchema = z.strictObject({
  field: z.string().min(1).max(60),
  op: z.enum(conditionOperators),
  value: workflowValueSchema.optional(),
});
export type WorkflowCondition = z.infer<typeof workflowConditionSchema>;

/** A reference to the next step; null ends the workflow. */
const stepRef = z.string().max(40).nullable();
export const stepIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, "Expected 1–40 letters, digits, '-' or '_'");
export const defaultStallHours = 72;

const stepBase = {
  id: stepIdSchema,
  name: text(200),
  /** How long the step may take before the instance counts as stalled (DESIGN.md section 4). */
  stallHours: z.number().int().min(1).max(8760).optional(),
};

export const workflowStepSchema = z.discriminatedUnion("type", [
  z.strictObject({
    ...stepBase,
    type: z.literal("task"),
    title: text(300),
    description: z.string().max(5000).optional(),
    assignee: workflowAssigneeSchema,
    deadlineHours: z.number().int().min(1).max(8760).optional(),
    /** Wait until the task is done before going on. */
    waitForCompletion: z.boolean().default(false),
    next: stepRef,
  }),
  z.strictObject({
    ...stepBase,
    type: z.literal("activity"),
    activityTypeCode: z.string().min(1).max(60),
    subject: text(300),
    assignee: workflowAssigneeSchema,
    dueInHours: z.number().min(0).max(8760).default(0),
    next: stepRef,
  }),
  z.strictObject({
    ...stepBase,
    type: z.literal("notify"),
    recipient: workflowAssigneeSchema,
    message: text(1000),
    next: stepRef,
  }),
  z.strictObject({
    ...stepBase,
    type: z.literal("wait"),
    /** Wait this long; with a condition too, this is the time-out. */
    minutes: z.number().int().min(1).max(525_600).optional(),
    /** Wait until this holds on the record. */
    condition: workflowConditionSchema.optional(),
    next: stepRef,
  }),
  z.strictObject({
    ...stepBase,
    type: z.literal("approval"),
    approver: workflowAssigneeSchema,
    title: text(300),
    onApproved: stepRef,
    onRejected: stepRef,
  }),
  z.strictObject({
    ...stepBase,
    type: z.literal("set_field"),
    field: z.string().min(1).max(60),
    value: workflowValueSchema,
    next: stepRef,
  }),
  z.strictObject({
    ...stepBase,
    type: z.literal("branch"),
    condition: workflowConditionSchema,
    ifTrue: stepRef,
    ifFalse: stepRef,
  }),
]);
export type WorkflowStep = z.infer<typeof workflowStepSchema>;
export type WorkflowStepType = WorkflowStep["type"];
export const workflowStepTypes = ["task", "activity", "notify", "wait", "approval", "set_field", "branch"] as const;

export const workflowDefinitionSchema = z.strictObject({
  startStepId: stepIdSchema,
  steps: z.array(workflowStepSchema).min(1).max(100),
});
export type WorkflowDefinition = z.infer<typeof workflowDefinitionSchema>;

export type WorkflowFieldKind = "text" | "number" | "date" | "stage" | "user" | "stageSemantic";
export interface WorkflowField {
  kind: WorkflowFieldKind;
  /** A set_field step may write it. */
  settable: boolean;
}

/** The fields of each entity that conditions may read and set_field steps may write. */
export const workflowFields: Record<LinkableEntity, Record<string, WorkflowField>> = {
  deal: {
    title: { kind: "text", settable: true },
    amount: { kind: "number", settable: true },
    stageId: { kind: "stage", settable: true },
    stageSemantic: { kind: "stageSemantic", settable: false },
    expectedCloseDate: { kind: "date", settable: true },
    source: { kind: "text", settable: true },
    ownerId: { kind: "user", settable: true },
  },
  lead: {
    title: { kind: "text", settable: true },
    status: { kind: "text", settable: true },
    source: { kind: "text", settable: true },
    comment: { kind: "text", settable: true },
    ownerId: { kind: "user", settable: true },
  },
  company: {
    name: { kind: "text", settable: true },
    city: { kind: "text", settable: true },
    industry: { kind: "text", settable: true },
    address: { kind: "text", settable: true },
    ownerId: { kind: "user", settable: true },
  },
  contact: {
    name: { kind: "text", settable: true },
    position: { kind: "text", settable: true },
    ownerId: { kind: "user", settable: true },
  },
};

export interface DefinitionProblem {
  path: string;
  message: string;
}

/** The steps a step may go to, with the name of the field holding each reference. */
export function stepExits(step: WorkflowStep): { field: string; target: string | null }[] {
  switch (step.type) {
    case "approval":
      return [
        { field: "onApproved", target: step.onApproved },
        { field: "onRejected", target: step.onRejected },
      ];
    case "branch":
      return [
        { field: "ifTrue", target: step.ifTrue },
        { field: "ifFalse", target: step.ifFalse },
      ];
    default:
      return [{ field: "next", target: step.next }];
  }
}

/** A step that holds the instance until time passes or a person acts; cycles need one. */
export function stepWaits(step: WorkflowStep): boolean {
  return step.type === "wait" || step.type === "approval" || (step.type === "task" && step.waitForCompletion);
}

function checkCondition(
  entity: LinkableEntity,
  condition: WorkflowCondition,
  path: string,
  problems: DefinitionProblem[],
): void {
  const field = workflowFields[entity][condition.field];
  if (!field) {
    problems.push({ path: `${path}.field`, message: `Unknown field "${condition.field}" for ${entity}` });
    return;
  }
  const needsValue = condition.op !== "empty" && condition.op !== "not_empty";
  if (needsValue && (condition.value === undefined || condition.value === null)) {
    problems.push({ path: `${path}.value`, message: "Expected a value to compare with" });
  }
  if (["gt", "gte", "lt", "lte"].includes(condition.op) && field.kind !== "number" && field.kind !== "date") {
    problems.push({ path: `${path}.op`, message: `"${condition.op}" compares numbers or dates only` });
  }
  if (needsValue && field.kind === "number" && condition.value !== undefined && typeof condition.value !== "number") {
    problems.push({ path: `${path}.value`, message: "Expected a number" });
  }
}

/**
 * Checks what the schema cannot: references to existing steps, known fields, and no cycle that
 * could run forever without waiting. Returns every problem with the path of the field at fault.
 */
export function validateWorkflowDefinition(
  entity: LinkableEntity,
  definition: WorkflowDefinition,
): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const indexById = new Map<string, number>();
  definition.steps.forEach((step, index) => {
    if (indexById.has(step.id)) problems.push({ path: `steps.${index}.id`, message: `Duplicate step id "${step.id}"` });
    else indexById.set(step.id, index);
  });
  if (!indexById.has(definition.startStepId)) {
    problems.push({ path: "startStepId", message: `No step with id "${definition.startStepId}"` });
  }
  definition.steps.forEach((step, index) => {
    const path = `steps.${index}`;
    for (const exit of stepExits(step)) {
      if (exit.target !== null && !indexById.has(exit.target)) {
        problems.push({ path: `${path}.${exit.field}`, message: `No step with id "${exit.target}"` });
      }
    }
    if (step.type === "branch") checkCondition(entity, step.condition, `${path}.condition`, problems);
    if (step.type === "wait") {
      if (step.minutes === undefined && step.condition === undefined) {
        problems.push({ path: `${path}.minutes`, message: "A wait needs a duration, a condition or both" });
      }
      if (step.condition) checkCondition(entity, step.condition, `${path}.condition`, problems);
    }
    if (step.type === "set_field") {
      const field = workflowFields[entity][step.field];
      if (!field) problems.push({ path: `${path}.field`, message: `Unknown field "${step.field}" for ${entity}` });
      else if (!field.settable) problems.push({ path: `${path}.field`, message: `"${step.field}" cannot be set` });
      else if (field.kind === "number" && typeof step.value !== "number") {
        problems.push({ path: `${path}.value`, message: "Expected a number" });
      } else if ((field.kind === "stage" || field.kind === "user") && typeof step.value !== "string") {
        problems.push({ path: `${path}.value`, message: "Expected an id" });
      }
    }
  });
  if (problems.length === 0) problems.push(...findInstantCycles(definition, indexById));
  return problems;
}

/** A cycle made only of steps that do not wait would spin forever: refuse it. */
function findInstantCycles(definition: WorkflowDefinition, indexById: Map<string, number>): DefinitionProblem[] {
  const state = new Map<string, "visiting" | "done">();
  const problems: DefinitionProblem[] = [];
  const visit = (id: string, trail: string[]): void => {
    const index = indexById.get(id)!;
    const step = definition.steps[index]!;
    if (stepWaits(step)) return;
    if (state.get(id) === "visiting") {
      const cycle = [...trail.slice(trail.indexOf(id)), id];
      problems.push({
        path: `steps.${index}`,
        message: `Steps ${cycle.join(" → ")} form a cycle with no wait, approval or awaited task`,
      });
      return;
    }
    if (state.get(id) === "done") return;
    state.set(id, "visiting");
    for (const exit of stepExits(step)) if (exit.target !== null) visit(exit.target, [...trail, id]);
    state.set(id, "done");
  };
  for (const step of definition.steps) if (!state.has(step.id)) visit(step.id, []);
  return problems.slice(0, 1);
}

export const workflowTriggers = ["manual", "created", "stage"] as const;
export const workflowTemplateWriteSchema = z.strictObject({
  name: text(200),
  description: z.string().max(2000).optional(),
  entity: linkableEntitySchema,
  trigger: z.enum(workflowTriggers),
  /** Required for the `stage` trigger (deals only). */
  triggerStageId: idSchema.nullable().optional(),
  definition: workflowDefinitionSchema,
  active: z.boolean().optional(),
});
export type WorkflowTemplateInput = z.infer<typeof workflowTemplateWriteSchema>;
export const workflowTemplatePatchSchema = workflowTemplateWriteSchema.partial().extend({ version: versionSchema });

export const workflowTemplateSchema = z.object({
  id: idSchema,
  name: z.string(),
  description: z.string(),
  entity: linkableEntitySchema,
  trigger: z.enum(workflowTriggers),
  triggerStageId: idSchema.nullable(),
  definition: workflowDefinitionSchema,
  active: z.boolean(),
  builtinKey: z.string().nullable(),
  runningCount: z.number().int(),
  stalledCount: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WorkflowTemplate = z.infer<typeof workflowTemplateSchema>;
export const workflowTemplateListQuerySchema = z.object({
  entity: linkableEntitySchema.optional(),
  trigger: z.enum(workflowTriggers).optional(),
  active: z.enum(["true", "false"]).optional(),
});
export const workflowTemplateListSchema = z.object({ items: z.array(workflowTemplateSchema) });

export const workflowInstanceStatuses = ["running", "completed", "failed", "cancelled"] as const;
export const workflowStepRunSchema = z.object({
  seq: z.number().int(),
  stepId: z.string(),
  stepName: z.string(),
  stepType: z.enum(workflowStepTypes),
  status: z.enum(["running", "done", "failed", "cancelled"]),
  outcome: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  actor: personRefSchema.nullable(),
});
export type WorkflowStepRun = z.infer<typeof workflowStepRunSchema>;

export const workflowInstanceSchema = z.object({
  id: idSchema,
  templateId: idSchema,
  templateName: z.string(),
  entity: linkableEntitySchema,
  entityId: idSchema,
  entityTitle: z.string().nullable(),
  /** The record's responsible user. */
  owner: personRefSchema.nullable(),
  status: z.enum(workflowInstanceStatuses),
  currentStep: z.object({ id: z.string(), name: z.string(), type: z.enum(workflowStepTypes) }).nullable(),
  stepStartedAt: z.string().nullable(),
  /** Minutes the current step has waited so far. */
  waitingMinutes: z.number().int().nullable(),
  stallHours: z.number().int().nullable(),
  stalled: z.boolean(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type WorkflowInstance = z.infer<typeof workflowInstanceSchema>;

export const workflowApprovalSchema = z.object({
  id: idSchema,
  instanceId: idSchema,
  templateName: z.string(),
  entity: linkableEntitySchema,
  entityId: idSchema,
  entityTitle: z.string().nullable(),
  approver: personRefSchema,
  title: z.string(),
  decision: z.enum(["approved", "rejected"]).nullable(),
  comment: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type WorkflowApproval = z.infer<typeof workflowApprovalSchema>;

export const workflowInstanceDetailSchema = workflowInstanceSchema.extend({
  history: z.array(workflowStepRunSchema),
  pendingApproval: workflowApprovalSchema.nullable(),
  abilities: z.object({ cancel: z.boolean(), decide: z.boolean() }),
});
export type WorkflowInstanceDetail = z.infer<typeof workflowInstanceDetailSchema>;

export const workflowInstanceListQuerySchema = pagingQuerySchema.extend({
  entity: linkableEntitySchema.optional(),
  entityId: idSchema.optional(),
  templateId: idSchema.optional(),
  /** Instances on records this user is responsible for (the cabinets' lists). */
  userId: idSchema.optional(),
  status: z.enum(["running", "finished", ...workflowInstanceStatuses]).optional(),
  stalled: z.enum(["true", "false"]).optional(),
});
export const workflowInstancePageSchema = pageSchema(workflowInstanceSchema);
export const workflowStartSchema = z.strictObject({ templateId: idSchema, entityId: idSchema });
export const workflowDecisionSchema = z.strictObject({
  decision: z.enum(["approved", "rejected"]),
  comment: z.string().trim().max(2000).optional(),
});
export const workflowApprovalListSchema = z.object({ items: z.array(workflowApprovalSchema) });
/** Per user: running and stalled instances on their records (the head cabinet's badge). */
export const workflowCountsQuerySchema = z.object({ userId: z.union([idSchema, z.array(idSchema)]).optional() });
export const workflowCountsSchema = z.object({
  items: z.array(z.object({ userId: idSchema, running: z.number().int(), stalled: z.number().int() })),
});
