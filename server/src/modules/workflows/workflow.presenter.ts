import type {
  LinkableEntity,
  WorkflowApproval,
  WorkflowDefinition,
  WorkflowInstance,
  WorkflowStepRun,
  WorkflowStepType,
  WorkflowTemplate,
} from "@planerka/common";
import type { InstanceRow } from "./workflow-instance.queries";

const iso = (value: Date | string) => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null) => (value === null ? null : iso(value));

export function presentInstance(row: InstanceRow): WorkflowInstance {
  return {
    id: row.id,
    templateId: row.templateId,
    templateName: row.templateName,
    entity: row.entity,
    entityId: row.entityId,
    entityTitle: row.entityTitle,
    owner: row.ownerId && row.ownerName !== null ? { id: row.ownerId, name: row.ownerName } : null,
    status: row.status,
    currentStep:
      row.status === "running" && row.currentStepId && row.currentStepType
        ? { id: row.currentStepId, name: row.currentStepName ?? "", type: row.currentStepType }
        : null,
    stepStartedAt: row.status === "running" ? isoOrNull(row.stepStartedAt) : null,
    waitingMinutes: row.waitingMinutes === null ? null : Math.max(0, Number(row.waitingMinutes)),
    stallHours: row.stallHours === null ? null : Number(row.stallHours),
    stalled: row.stalled === true,
    error: row.error,
    createdAt: iso(row.createdAt),
    finishedAt: isoOrNull(row.finishedAt),
  };
}

export interface StepRunRow {
  seq: number;
  stepId: string;
  stepName: string;
  stepType: WorkflowStepType;
  status: WorkflowStepRun["status"];
  outcome: string | null;
  detail: Record<string, unknown> | null;
  startedAt: Date | string;
  finishedAt: Date | string | null;
  actorId: string | null;
  actorName: string | null;
}

export function presentStepRun(row: StepRunRow): WorkflowStepRun {
  return {
    seq: Number(row.seq),
    stepId: row.stepId,
    stepName: row.stepName,
    stepType: row.stepType,
    status: row.status,
    outcome: row.outcome,
    detail: row.detail ?? {},
    startedAt: iso(row.startedAt),
    finishedAt: isoOrNull(row.finishedAt),
    actor: row.actorId && row.actorName !== null ? { id: row.actorId, name: row.actorName } : null,
  };
}

export interface ApprovalRow {
  id: string;
  instanceId: string;
  templateName: string;
  entity: LinkableEntity;
  entityId: string;
  entityTitle: string | null;
  approverId: string;
  approverName: string;
  title: string;
  decision: "approved" | "rejected" | null;
  comment: string | null;
  createdAt: Date | string;
  decidedAt: Date | string | null;
}

export function presentApproval(row: ApprovalRow): WorkflowApproval {
  return {
    id: row.id,
    instanceId: row.instanceId,
    templateName: row.templateName,
    entity: row.entity,
    entityId: row.entityId,
    entityTitle: row.entityTitle,
    approver: { id: row.approverId, name: row.approverName },
    title: row.title,
    decision: row.decision,
    comment: row.comment,
    createdAt: iso(row.createdAt),
    decidedAt: isoOrNull(row.decidedAt),
  };
}

export interface TemplateRow {
  id: string;
  name: string;
  description: string;
  entity: LinkableEntity;
  trigger: WorkflowTemplate["trigger"];
  triggerStageId: string | null;
  definition: WorkflowDefinition;
  active: boolean;
  builtinKey: string | null;
  runningCount: number | null;
  stalledCount: number | null;
  version: number;
  createdAt: Date | string;
  updatedAt: Date | string;
}

export function presentTemplate(row: TemplateRow): WorkflowTemplate {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    entity: row.entity,
    trigger: row.trigger,
    triggerStageId: row.triggerStageId,
    definition: row.definition,
    active: row.active,
    builtinKey: row.builtinKey,
    runningCount: Number(row.runningCount ?? 0),
    stalledCount: Number(row.stalledCount ?? 0),
    version: row.version,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}
