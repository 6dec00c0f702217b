import {
  type Activity,
  type ActivityCategory,
  type ActivityType,
  activityCategories,
  activityWriteSchema,
  type PersonRef,
} from "@planerka/common";
import type { TFunction } from "i18next";
import { formErrors } from "../../lib/form-validation";
import type { ActivityInput } from "./activities-api";
import { isTime, joinInstant, nextHalfHour, splitInstant } from "./activity-time";

/** What a new activity starts with, from where it is created (a deal card, a plan's cell). */
export interface ActivityFormInitial {
  dealId?: string;
  companyId?: string;
  contactId?: string;
  leadId?: string;
  ownerId?: string;
  typeId?: string;
  dueAt?: string;
  /** Offer only the types of this category (a deal card's Звонок or Встреча). */
  category?: ActivityCategory;
  /** …and of this direction (an outgoing or an incoming call). */
  direction?: "in" | "out";
  /** The type chosen first when it exists, by code (e.g. `call_out_deal`). */
  typeCode?: string;
  /** Logged as already done at its time (an incoming call), rather than planned. */
  completed?: boolean;
}

/** The form's fields: the due instant as the company's date and wall-clock time. */
export interface ActivityFormValues {
  [key: string]: unknown;
  typeId: string | null;
  subject: string;
  dueDate: string | null;
  dueTime: string;
  durationMinutes: number | string;
  ownerId: string | null;
  dealId: string | null;
  companyId: string | null;
  contactId: string | null;
  description: string;
  /** A new meeting's participants: they are invited, and the meeting stands in their calendars. */
  participants: PersonRef[];
}

/** Server paths that are not form fields of the same name. */
export const activityFieldAliases: Record<string, string> = { dueAt: "dueDate", participantIds: "participants" };

/** The fields of an activity being edited, or of a new one: due at the next half hour, owned by me. */
export function activityFormValues(
  activity: Activity | undefined,
  initial: ActivityFormInitial | undefined,
  timeZone: string,
  meId: string,
): ActivityFormValues {
  if (activity) {
    const due = splitInstant(activity.dueAt, timeZone);
    return {
      typeId: activity.typeId,
      subject: activity.subject,
      dueDate: due.date,
      dueTime: due.time,
      durationMinutes: activity.durationMinutes,
      ownerId: activity.ownerId,
      dealId: activity.dealId,
      companyId: activity.companyId,
      contactId: activity.contactId,
      description: activity.description ?? "",
      participants: [],
    };
  }
  const due = initial?.dueAt ? splitInstant(initial.dueAt, timeZone) : nextHalfHour(timeZone);
  return {
    typeId: initial?.typeId ?? null,
    subject: "",
    dueDate: due.date,
    dueTime: due.time,
    durationMinutes: 30,
    ownerId: initial?.ownerId ?? meId,
    dealId: initial?.dealId ?? null,
    companyId: initial?.companyId ?? null,
    contactId: initial?.contactId ?? null,
    description: "",
    participants: [],
  };
}

interface InputContext {
  /** The type shown: the one chosen, else the one offered first. */
  typeId: string | null;
  timeZone: string;
  meId: string;
  /** A new activity logged as done at its due time. */
  completed?: boolean;
  /** The chosen type is a meeting and the activity is new: participants go with it. */
  meeting?: boolean;
}

/** The API body from the form; an empty date or type stays empty, for the check to name it. */
export function activityInput(values: ActivityFormValues, context: InputContext): ActivityInput {
  const dueAt = values.dueDate ? joinInstant(values.dueDate, values.dueTime, context.timeZone) : "";
  const description = values.description.trim();
  return {
    typeId: context.typeId ?? "",
    subject: values.subject.trim(),
    description: description === "" ? null : description,
    dueAt,
    ...(context.completed ? { completedAt: dueAt } : {}),
    durationMinutes: Number(values.durationMinutes),
    ownerId: values.ownerId ?? context.meId,
    dealId: values.dealId,
    companyId: values.companyId,
    contactId: values.contactId,
    ...(context.meeting && values.participants.length > 0
      ? { participantIds: values.participants.map((person) => person.id) }
      : {}),
  };
}

/** The server's checks of the body, and the form's own of what the body cannot show. */
export function activityErrors(values: ActivityFormValues, input: ActivityInput, t: TFunction): Record<string, string> {
  const invalidDuration = () => t("activities.form.invalidDuration");
  const errors = formErrors(activityWriteSchema, input, t, {
    texts: { durationMinutes: invalidDuration },
    fields: activityFieldAliases,
  });
  // The time is typed as text; a bad one would go as midnight.
  if (!isTime(values.dueTime)) errors.dueTime = t("activities.form.invalidTime");
  // An emptied duration would go as 0 minutes.
  if (values.durationMinutes === "") errors.durationMinutes = invalidDuration();
  return errors;
}

/** Only what changed, so a concurrent edit of another field is not overwritten. */
export function activityPatch(base: Activity, input: ActivityInput): Partial<ActivityInput> {
  const before: ActivityInput = {
    typeId: base.typeId,
    subject: base.subject,
    description: base.description,
    dueAt: base.dueAt,
    durationMinutes: base.durationMinutes,
    ownerId: base.ownerId,
    dealId: base.dealId,
    companyId: base.companyId,
    contactId: base.contactId,
  };
  const patch: Partial<ActivityInput> = {};
  for (const key of Object.keys(input) as (keyof ActivityInput)[]) {
    if (input[key] !== before[key]) (patch as Record<string, unknown>)[key] = input[key];
  }
  // The same instant written differently (Z vs. offset) is not a change.
  if (patch.dueAt && new Date(patch.dueAt).getTime() === new Date(base.dueAt).getTime()) delete patch.dueAt;
  return patch;
}

/** The types a new activity offers: a deal card's Звонок or Встреча only those of its kind. */
export function offeredTypes(
  types: readonly ActivityType[],
  category: ActivityCategory | undefined,
  direction: "in" | "out" | undefined,
): ActivityType[] {
  return types.filter(
    (type) =>
      (!category || type.category === category) &&
      (!direction || type.direction === null || type.direction === direction),
  );
}

/** The type picker's groups by category; a type removed since still shows on the activity that uses it. */
export function typeGroups(
  offered: readonly ActivityType[],
  all: readonly ActivityType[] | undefined,
  current: Activity["type"] | undefined,
  categoryLabel: (category: ActivityCategory) => string,
): { group: string; items: { value: string; label: string }[] }[] {
  const list: Pick<ActivityType, "id" | "name" | "category">[] = [...offered];
  if (current && all && !all.some((type) => type.id === current.id)) list.push(current);
  return activityCategories
    .map((category) => ({
      group: categoryLabel(category),
      items: list.filter((type) => type.category === category).map((type) => ({ value: type.id, label: type.name })),
    }))
    .filter((group) => group.items.length > 0);
}
