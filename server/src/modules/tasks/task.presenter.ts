import type { ChecklistItem, TaskDetail, TaskFile, TaskSummary } from "@planerka/common";
import { toIso, toIsoOrNull } from "../../platform/db/sql-values";
import type { ChecklistRow, FileRow, MemberRow, TaskDetailRow, TaskSummaryRow } from "./task.queries";
import { abilitiesOf } from "./task-access";

export function presentTaskSummary(row: TaskSummaryRow): TaskSummary {
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    priority: row.priority,
    deadline: toIsoOrNull(row.deadline),
    overdue: row.overdue,
    creator: { id: row.creatorId, name: row.creatorName },
    assignee: { id: row.assigneeId, name: row.assigneeName },
    parentId: row.parentId,
    link:
      row.entityType && row.entityId
        ? { entityType: row.entityType, entityId: row.entityId, title: row.linkTitle ?? null }
        : null,
    group: row.group,
    checklistTotal: row.checklistTotal,
    checklistDone: row.checklistDone,
    commentCount: row.commentCount,
    subtaskCount: row.subtaskCount,
    plannedMinutes: row.plannedMinutes,
    spentMinutes: row.spentMinutes,
    timerRunning: row.timerRunning,
    completedAt: toIsoOrNull(row.completedAt),
    version: row.version,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
  };
}

export function presentChecklistItem(row: ChecklistRow): ChecklistItem {
  return { id: row.id, title: row.title, done: row.done, sort: row.sort };
}

export function presentTaskFile(row: FileRow): TaskFile {
  return {
    id: row.id,
    name: row.name,
    mimeType: row.mimeType,
    size: row.size,
    uploadedBy: { id: row.uploadedById, name: row.uploadedByName },
    createdAt: toIso(row.createdAt),
  };
}

export function presentTaskDetail(
  row: TaskDetailRow,
  parts: { members: MemberRow[]; subtasks: TaskSummaryRow[]; checklist: ChecklistRow[]; files: FileRow[] },
): TaskDetail {
  const people = (role: MemberRow["role"]) =>
    parts.members.filter((member) => member.role === role).map((member) => ({ id: member.userId, name: member.name }));
  return {
    ...presentTaskSummary(row),
    description: row.description,
    requiresControl: row.requiresControl,
    coassignees: people("coassignee"),
    observers: people("observer"),
    parent: row.parentId && row.parentTitle !== null ? { id: row.parentId, title: row.parentTitle } : null,
    subtasks: parts.subtasks.map(presentTaskSummary),
    checklist: parts.checklist.map(presentChecklistItem),
    files: parts.files.map(presentTaskFile),
    workflowInstanceId: row.workflowInstanceId,
    abilities: abilitiesOf(row),
  };
}
