import {
  type LinkableEntity,
  stepExits,
  validateWorkflowDefinition,
  type WorkflowStep,
  type WorkflowStepType,
  type WorkflowTemplate,
  type WorkflowTemplateInput,
  workflowTemplateWriteSchema,
} from "@planerka/common";
import type { WorkflowTrigger } from "./workflows-api";

/** What the editor holds: the template's fields, with its definition flattened. */
export interface TemplateDraft {
  name: string;
  description: string;
  entity: LinkableEntity;
  trigger: WorkflowTrigger;
  triggerStageId: string | null;
  active: boolean;
  startStepId: string;
  steps: WorkflowStep[];
}

/** Field errors keyed by the path inside the template: `name`, `startStepId`, `steps.2.next`. */
export type DraftErrors = Record<string, string>;

export function draftOf(template: WorkflowTemplate): TemplateDraft {
  return {
    name: template.name,
    description: template.description,
    entity: template.entity,
    trigger: template.trigger,
    triggerStageId: template.triggerStageId,
    active: template.active,
    startStepId: template.definition.startStepId,
    steps: template.definition.steps,
  };
}

export function emptyDraft(): TemplateDraft {
  return {
    name: "",
    description: "",
    entity: "deal",
    trigger: "manual",
    triggerStageId: null,
    active: true,
    startStepId: "",
    steps: [],
  };
}

export function inputOf(draft: TemplateDraft): WorkflowTemplateInput {
  return {
    name: draft.name.trim(),
    description: draft.description.trim(),
    entity: draft.entity,
    trigger: draft.trigger,
    triggerStageId: draft.trigger === "stage" ? draft.triggerStageId : null,
    definition: { startStepId: draft.startStepId, steps: draft.steps },
    active: draft.active,
  };
}

export function sameDraft(a: TemplateDraft, b: TemplateDraft): boolean {
  return JSON.stringify(inputOf(a)) === JSON.stringify(inputOf(b));
}

/** `body.definition.steps.2.next`, `definition.steps.2.next` and `steps.2.next` name the same field. */
export function normalisePath(path: string): string {
  return path.replace(/^body\.?/, "").replace(/^definition\.?/, "");
}

export function errorsOf(problems: { path: string; message: string }[]): DraftErrors {
  const errors: DraftErrors = {};
  for (const problem of problems) {
    const path = normalisePath(problem.path);
    errors[path] = errors[path] ? `${errors[path]}; ${problem.message}` : problem.message;
  }
  return errors;
}

/**
 * The checks the server runs too: the shape (zod) first, then references, fields and cycles.
 * `required` words the commonest problem, an empty field, in the user's language.
 */
export function checkDraft(draft: TemplateDraft, required: string): DraftErrors {
  const input = inputOf(draft);
  const parsed = workflowTemplateWriteSchema.safeParse(input, { reportInput: true });
  const problems = parsed.success
    ? validateWorkflowDefinition(input.entity, parsed.data.definition)
    : parsed.error.issues.map((issue) => ({
        path: issue.path.join("."),
        message: isEmptyIssue(issue) ? required : issue.message,
      }));
  const errors = errorsOf(problems);
  if (draft.trigger === "stage" && !draft.triggerStageId) errors.triggerStageId ??= required;
  return errors;
}

/** A missing value, an empty text, or one of blanks only (the schema trims). */
function isEmptyIssue(issue: { code: string; input?: unknown; minimum?: unknown; origin?: unknown }): boolean {
  if (issue.code === "invalid_type" && issue.input === undefined) return true;
  if (issue.input === "") return true;
  return issue.code === "too_small" && issue.origin === "string" && issue.minimum === 1;
}

/** A fresh id, not used by any step. */
export function newStepId(steps: WorkflowStep[]): string {
  const taken = new Set(steps.map((step) => step.id));
  let number = steps.length + 1;
  while (taken.has(`step-${number}`)) number += 1;
  return `step-${number}`;
}

/** A step of `type` with sensible defaults, keeping the id, name, stall limit and first exit of `base`. */
export function stepOfType(
  type: WorkflowStepType,
  base: { id: string; name: string; stallHours?: number },
  target: string | null,
  entity: LinkableEntity,
): WorkflowStep {
  const common = { id: base.id, name: base.name, ...(base.stallHours ? { stallHours: base.stallHours } : {}) };
  const owner = { kind: "owner" } as const;
  const condition = { field: entity === "deal" ? "stageId" : "ownerId", op: "not_empty" } as const;
  switch (type) {
    case "task":
      return { ...common, type, title: "", assignee: owner, waitForCompletion: false, next: target };
    case "activity":
      return { ...common, type, activityTypeCode: "", subject: "", assignee: owner, dueInHours: 24, next: target };
    case "notify":
      return { ...common, type, recipient: owner, message: "", next: target };
    case "wait":
      return { ...common, type, minutes: 60 * 24, next: target };
    case "approval":
      return { ...common, type, approver: { kind: "owner_head" }, title: "", onApproved: target, onRejected: null };
    case "set_field":
      return { ...common, type, field: "", value: null, next: target };
    case "branch":
      return { ...common, type, condition, ifTrue: target, ifFalse: null };
  }
}

/** The step's first exit: the way a plain chain goes on. */
export function firstExit(step: WorkflowStep): string | null {
  return stepExits(step)[0]?.target ?? null;
}

/** Points every exit that went to `from` at `to`. */
function redirect(step: WorkflowStep, from: string, to: string | null): WorkflowStep {
  const patch: Record<string, string | null> = {};
  for (const exit of stepExits(step)) if (exit.target === from) patch[exit.field] = to;
  return Object.keys(patch).length === 0 ? step : ({ ...step, ...patch } as WorkflowStep);
}

/**
 * Appends a step. When the last step ended the workflow through its only exit, it now leads to the
 * new one: adding steps one after another builds a chain, as people expect.
 */
export function appendStep(
  draft: TemplateDraft,
  type: WorkflowStepType,
  name: string,
): { draft: TemplateDraft; index: number } {
  const id = newStepId(draft.steps);
  const step = stepOfType(type, { id, name }, null, draft.entity);
  const last = draft.steps.at(-1);
  const steps = draft.steps.map((current) =>
    current === last && "next" in current && current.next === null
      ? ({ ...current, next: id } as WorkflowStep)
      : current,
  );
  return {
    draft: { ...draft, steps: [...steps, step], startStepId: draft.startStepId || id },
    index: steps.length,
  };
}

/** Removes a step; what led to it now leads where it went on, so a chain stays whole. */
export function removeStep(draft: TemplateDraft, index: number): TemplateDraft {
  const removed = draft.steps[index];
  if (!removed) return draft;
  const onward = firstExit(removed);
  const replacement = onward === removed.id ? null : onward;
  const steps = draft.steps.filter((_, at) => at !== index).map((step) => redirect(step, removed.id, replacement));
  const startStepId = draft.startStepId === removed.id ? (replacement ?? steps[0]?.id ?? "") : draft.startStepId;
  return { ...draft, steps, startStepId };
}

export function moveStep(draft: TemplateDraft, index: number, by: -1 | 1): TemplateDraft {
  const target = index + by;
  if (target < 0 || target >= draft.steps.length) return draft;
  const steps = [...draft.steps];
  [steps[index], steps[target]] = [steps[target] as WorkflowStep, steps[index] as WorkflowStep];
  return { ...draft, steps };
}

/** Changes a step's type in place: id, name, stall limit and the onward step stay. */
export function retypeStep(draft: TemplateDraft, index: number, type: WorkflowStepType): TemplateDraft {
  const step = draft.steps[index];
  if (!step || step.type === type) return draft;
  const next = stepOfType(type, step, firstExit(step), draft.entity);
  return { ...draft, steps: draft.steps.map((current, at) => (at === index ? next : current)) };
}

/** The errors of one step, without its prefix: `steps.2.next` becomes `next`. */
export function stepErrors(errors: DraftErrors, index: number): DraftErrors {
  const prefix = `steps.${index}`;
  const result: DraftErrors = {};
  for (const [path, message] of Object.entries(errors)) {
    if (path === prefix) result[""] = message;
    else if (path.startsWith(`${prefix}.`)) result[path.slice(prefix.length + 1)] = message;
  }
  return result;
}
