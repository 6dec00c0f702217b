import type { LinkableEntity, PersonRef, TaskDetail, TaskPatch, TaskPriority } from "@planerka/common";
import { joinInstant, splitInstant } from "../crm/activity-time";
import type { TaskFormInitial } from "./task-form-dialog";

/** The task form's values, and how they come from a task and go back as a PATCH. */
export interface TaskFormValues extends Record<string, unknown> {
  title: string;
  description: string;
  assigneeId: string | null;
  coassignees: PersonRef[];
  observers: PersonRef[];
  /** `YYYY-MM-DD HH:mm:ss` on the company's wall clock, as the picker gives it. */
  deadline: string | null;
  priority: TaskPriority;
  plannedHours: number | string;
  plannedMinutes: number | string;
  requiresControl: boolean;
  /** Lines of the new checklist, each with a key that survives removing the lines above it. */
  checklist: { key: number; text: string }[];
  entityType: LinkableEntity | null;
  entityId: string | null;
  entityTitle: string | null;
  parentId: string | null;
  groupId: string | null;
  groupName: string | null;
}

export function toPicker(iso: string | null, timeZone: string): string | null {
  if (!iso) return null;
  const { date, time } = splitInstant(iso, timeZone);
  return `${date} ${time}:00`;
}

export function fromPicker(value: string | null, timeZone: string): string | null {
  if (!value) return null;
  const [date = "", time = "00:00"] = value.split(" ");
  return joinInstant(date, time.slice(0, 5), timeZone);
}

export function plannedOf(values: TaskFormValues): number | null {
  const hours = Number(values.plannedHours) || 0;
  const minutes = Number(values.plannedMinutes) || 0;
  const total = Math.round(hours * 60 + minutes);
  return total > 0 ? total : null;
}

export function valuesOf(
  task: TaskDetail | undefined,
  initial: TaskFormInitial | undefined,
  me: PersonRef,
  zone: string,
): TaskFormValues {
  if (task) {
    return {
      title: task.title,
      description: task.description,
      assigneeId: task.assignee.id,
      coassignees: task.coassignees,
      observers: task.observers,
      deadline: toPicker(task.deadline, zone),
      priority: task.priority,
      plannedHours: task.plannedMinutes ? Math.floor(task.plannedMinutes / 60) : "",
      plannedMinutes: task.plannedMinutes ? task.plannedMinutes % 60 : "",
      requiresControl: task.requiresControl,
      checklist: [],
      entityType: task.link?.entityType ?? null,
      entityId: task.link?.entityId ?? null,
      entityTitle: task.link?.title ?? null,
      parentId: task.parent?.id ?? null,
      groupId: task.group?.id ?? null,
      groupName: task.group?.name ?? null,
    };
  }
  return {
    title: "",
    description: "",
    assigneeId: initial?.assignee?.id ?? me.id,
    coassignees: [],
    observers: [],
    deadline: null,
    priority: "normal",
    plannedHours: "",
    plannedMinutes: "",
    requiresControl: false,
    checklist: [{ key: 0, text: "" }],
    entityType: initial?.link?.entityType ?? null,
    entityId: initial?.link?.entityId ?? null,
    entityTitle: initial?.link?.title ?? null,
    parentId: initial?.parent?.id ?? null,
    groupId: initial?.group?.id ?? null,
    groupName: initial?.group?.name ?? null,
  };
}

const sameIds = (a: PersonRef[], b: PersonRef[]) =>
  a.length === b.length && a.every((person, index) => person.id === b[index]?.id);

/** Only what changed goes into the PATCH, so two people editing different fields do not collide. */
export function patchOf(task: TaskDetail, values: TaskFormValues, zone: string): Omit<TaskPatch, "version"> {
  const patch: Omit<TaskPatch, "version"> = {};
  const title = values.title.trim();
  if (title !== task.title) patch.title = title;
  if (values.description !== task.description) patch.description = values.description;
  if (values.priority !== task.priority) patch.priority = values.priority;
  // Compared as the picker shows it, to the minute: a deadline with seconds (a workflow's «in 24 hours»)
  // is not moved back to its minute when some other field is edited.
  const deadline = fromPicker(values.deadline, zone);
  if (deadline !== fromPicker(toPicker(task.deadline, zone), zone)) patch.deadline = deadline;
  const planned = plannedOf(values);
  if (planned !== task.plannedMinutes) patch.plannedMinutes = planned;
  if (values.requiresControl !== task.requiresControl) patch.requiresControl = values.requiresControl;
  if (values.assigneeId && values.assigneeId !== task.assignee.id) patch.assigneeId = values.assigneeId;
  if (!sameIds(values.coassignees, task.coassignees)) patch.coassigneeIds = values.coassignees.map((p) => p.id);
  if (!sameIds(values.observers, task.observers)) patch.observerIds = values.observers.map((p) => p.id);
  const linkId = values.entityType ? values.entityId : null;
  if (linkId !== (task.link?.entityId ?? null) || (linkId && values.entityType !== task.link?.entityType)) {
    patch.entityType = linkId ? values.entityType : null;
    patch.entityId = linkId;
  }
  if (values.groupId !== (task.group?.id ?? null)) patch.groupId = values.groupId;
  return patch;
}
