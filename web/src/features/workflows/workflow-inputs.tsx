import { Group, NumberInput, Select, TextInput } from "@mantine/core";
import {
  conditionOperators,
  type LinkableEntity,
  leadStatuses,
  stageSemantics,
  type WorkflowAssignee,
  type WorkflowCondition,
  type WorkflowFieldKind,
  type WorkflowStep,
  workflowFields,
} from "@planerka/common";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { pipelinesQuery } from "../crm/crm-api";
import { UserPicker } from "../org/user-picker";
import { userQuery } from "../org/users-api";
import type { DraftErrors } from "./template-draft";

type Value = string | number | boolean | null | undefined;

/** The sentinel for «завершить процесс»: a Select cannot hold null as an option's value. */
const endValue = "__end";

/** Where a step goes next: another step, or the end of the workflow. */
export function StepRefSelect({
  label,
  value,
  onChange,
  steps,
  error,
}: {
  label: string;
  value: string | null;
  onChange: (value: string | null) => void;
  steps: WorkflowStep[];
  error?: string;
}) {
  const { t } = useTranslation();
  const options = [
    ...steps.map((step, index) => ({
      value: step.id,
      label: t("workflows.editor.stepLabel", { number: index + 1, name: step.name || "…" }),
    })),
    { value: endValue, label: t("workflows.editor.finish") },
  ];
  // A reference to a step that is gone still shows, so the error next to it makes sense.
  if (value !== null && !steps.some((step) => step.id === value)) options.unshift({ value, label: value });
  return (
    <Select
      label={label}
      data={options}
      value={value ?? endValue}
      onChange={(next) => onChange(next === null || next === endValue ? null : next)}
      allowDeselect={false}
      error={error}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

/** Who a step addresses: the record's owner, their head, or a named employee. */
export function AssigneeInput({
  label,
  value,
  onChange,
  errors,
  prefix,
}: {
  label: string;
  value: WorkflowAssignee;
  onChange: (value: WorkflowAssignee) => void;
  errors: DraftErrors;
  /** The field's name in the step, for its errors: `assignee`, `recipient`, `approver`. */
  prefix: string;
}) {
  const { t } = useTranslation();
  const userId = value.kind === "user" ? value.userId : null;
  const named = useQuery({ ...userQuery(userId ?? ""), enabled: Boolean(userId) }).data;
  return (
    <Group gap="xs" align="flex-start" wrap="wrap">
      <Select
        label={label}
        data={(["owner", "owner_head", "user"] as const).map((kind) => ({
          value: kind,
          label: t(`workflows.editor.assigneeKinds.${kind}`),
        }))}
        value={value.kind}
        onChange={(kind) => {
          if (kind === "owner" || kind === "owner_head") onChange({ kind });
          // An employee is picked next; until then the id is empty and the check says so.
          else if (kind === "user") onChange({ kind, userId: userId ?? "" });
        }}
        allowDeselect={false}
        error={errors[prefix] ?? errors[`${prefix}.kind`]}
        style={{ flex: "1 1 200px" }}
      />
      {value.kind === "user" && (
        <UserPicker
          label={t("workflows.editor.employee")}
          value={value.userId || null}
          onChange={(next) => onChange({ kind: "user", userId: next ?? "" })}
          initialOption={named ? { id: named.id, name: named.name } : null}
          error={errors[`${prefix}.userId`]}
          style={{ flex: "1 1 220px" }}
        />
      )}
    </Group>
  );
}

/** A field's name as people read it; a contact's `name` is a person's name. */
export function useFieldLabel() {
  const { t } = useTranslation();
  return (entity: LinkableEntity, field: string): string => {
    if (!(field in workflowFields[entity])) return field;
    if (entity === "contact" && field === "name") return t("workflows.editor.fields.personName");
    return t(`workflows.editor.fields.${field as "title"}`);
  };
}

/** A value typed the way its field reads it: a stage, an employee, a number, a date or text. */
export function ValueInput({
  entity,
  field,
  value,
  onChange,
  label,
  error,
}: {
  entity: LinkableEntity;
  field: string;
  value: Value;
  onChange: (value: string | number | null) => void;
  label: string;
  error?: string;
}) {
  const { t } = useTranslation();
  const kind: WorkflowFieldKind = workflowFields[entity][field]?.kind ?? "text";
  const pipelines = useQuery({ ...pipelinesQuery, enabled: kind === "stage" }).data ?? [];
  const userId = kind === "user" && typeof value === "string" && value ? value : null;
  const named = useQuery({ ...userQuery(userId ?? ""), enabled: Boolean(userId) }).data;
  const text = typeof value === "string" ? value : value === null || value === undefined ? "" : String(value);
  const style = { flex: "1 1 200px" };

  if (kind === "stage") {
    return (
      <Select
        label={label}
        data={pipelines.map((pipeline) => ({
          group: pipeline.name,
          items: [...pipeline.stages]
            .sort((a, b) => a.sort - b.sort)
            .map((stage) => ({ value: stage.id, label: stage.name })),
        }))}
        value={text || null}
        onChange={(next) => onChange(next)}
        error={error}
        searchable
        style={style}
      />
    );
  }
  if (kind === "user") {
    return (
      <UserPicker
        label={label}
        value={text || null}
        onChange={(next) => onChange(next)}
        initialOption={named ? { id: named.id, name: named.name } : null}
        error={error}
        style={style}
      />
    );
  }
  if (kind === "stageSemantic") {
    return (
      <Select
        label={label}
        data={stageSemantics.map((semantic) => ({
          value: semantic,
          label: t(`workflows.editor.semantics.${semantic}`),
        }))}
        value={text || null}
        onChange={(next) => onChange(next)}
        error={error}
        style={style}
      />
    );
  }
  if (entity === "lead" && field === "status") {
    return (
      <Select
        label={label}
        data={leadStatuses.map((status) => ({ value: status, label: t(`crm.leadStatuses.${status}`) }))}
        value={text || null}
        onChange={(next) => onChange(next)}
        error={error}
        style={style}
      />
    );
  }
  if (kind === "number") {
    return (
      <NumberInput
        label={label}
        value={typeof value === "number" ? value : ""}
        onChange={(next) => onChange(typeof next === "number" ? next : null)}
        error={error}
        thousandSeparator=" "
        decimalSeparator=","
        style={style}
      />
    );
  }
  return (
    <TextInput
      label={label}
      type={kind === "date" ? "date" : "text"}
      value={text}
      onChange={(event) =>
        onChange(event.currentTarget.value === "" && kind === "date" ? null : event.currentTarget.value)
      }
      error={error}
      maxLength={500}
      style={style}
    />
  );
}

const comparing = new Set(["gt", "gte", "lt", "lte"]);

/** A condition on the record: field, operator and, unless it asks for emptiness, a value. */
export function ConditionInput({
  entity,
  value,
  onChange,
  errors,
  prefix,
}: {
  entity: LinkableEntity;
  value: WorkflowCondition;
  onChange: (value: WorkflowCondition) => void;
  errors: DraftErrors;
  prefix: string;
}) {
  const { t } = useTranslation();
  const fieldLabel = useFieldLabel();
  const fields = Object.keys(workflowFields[entity]);
  const kind = workflowFields[entity][value.field]?.kind;
  const ordered = kind === "number" || kind === "date";
  const operators = conditionOperators.filter((op) => ordered || !comparing.has(op));
  const needsValue = value.op !== "empty" && value.op !== "not_empty";
  const fieldOptions = fields.map((field) => ({ value: field, label: fieldLabel(entity, field) }));
  if (value.field && !fields.includes(value.field)) fieldOptions.unshift({ value: value.field, label: value.field });

  return (
    <Group gap="xs" align="flex-start" wrap="wrap">
      <Select
        label={t("workflows.editor.field")}
        data={fieldOptions}
        value={value.field || null}
        onChange={(field) => {
          if (!field) return;
          const nextKind = workflowFields[entity][field]?.kind;
          const keepsOrder = nextKind === "number" || nextKind === "date";
          const op = comparing.has(value.op) && !keepsOrder ? "eq" : value.op;
          onChange({ field, op, ...(op === "empty" || op === "not_empty" ? {} : { value: null }) });
        }}
        allowDeselect={false}
        error={errors[`${prefix}.field`] ?? errors[prefix]}
        style={{ flex: "1 1 180px" }}
      />
      <Select
        label={t("workflows.editor.operator")}
        data={operators.map((op) => ({ value: op, label: t(`workflows.editor.operators.${op}`) }))}
        value={value.op}
        onChange={(op) => {
          if (!op) return;
          const next = op as WorkflowCondition["op"];
          if (next === "empty" || next === "not_empty") onChange({ field: value.field, op: next });
          else onChange({ ...value, op: next, value: value.value ?? null });
        }}
        allowDeselect={false}
        error={errors[`${prefix}.op`]}
        w={150}
      />
      {needsValue && (
        <ValueInput
          entity={entity}
          field={value.field}
          value={value.value}
          onChange={(next) => onChange({ ...value, value: next })}
          label={t("workflows.editor.value")}
          error={errors[`${prefix}.value`]}
        />
      )}
    </Group>
  );
}
