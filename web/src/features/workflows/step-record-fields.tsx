import { Checkbox, Group, NumberInput, Select, Stack, Text } from "@mantine/core";
import { workflowFields } from "@planerka/common";
import { useTranslation } from "react-i18next";
import { NextSelect, optionalNumber, type StepFieldsProps, type StepOf } from "./step-form-kit";
import { ConditionInput, StepRefSelect, useFieldLabel, ValueInput } from "./workflow-inputs";

// The forms of the steps that read or write the record: wait (for a time or a condition), set a
// field, branch on a condition.

export type WaitUnit = "minutes" | "hours" | "days";
const unitMinutes: Record<WaitUnit, number> = { minutes: 1, hours: 60, days: 1440 };

/** The largest unit that shows the duration whole: 2880 minutes read as 2 days. */
function unitOf(minutes: number | undefined): WaitUnit {
  if (minutes === undefined) return "hours";
  if (minutes % 1440 === 0) return "days";
  if (minutes % 60 === 0) return "hours";
  return "minutes";
}

export function WaitFields(props: StepFieldsProps<StepOf<"wait">>) {
  const { t } = useTranslation();
  const { step, onChange, errors, entity } = props;
  const unit = unitOf(step.minutes);
  const amount = step.minutes === undefined ? "" : step.minutes / unitMinutes[unit];
  const setDuration = (value: number | undefined, inUnit: WaitUnit) => {
    onChange({ ...step, minutes: value === undefined ? undefined : Math.round(value * unitMinutes[inUnit]) });
  };
  return (
    <Stack gap="xs">
      <Checkbox
        label={t("workflows.editor.waitTime")}
        checked={step.minutes !== undefined}
        onChange={(event) => setDuration(event.currentTarget.checked ? 1 : undefined, "days")}
      />
      {step.minutes !== undefined && (
        <Group gap="xs" align="flex-start">
          <NumberInput
            label={t("workflows.editor.waitAmount")}
            value={amount}
            onChange={(value) => setDuration(optionalNumber(value), unit)}
            min={1}
            allowDecimal={false}
            error={errors.minutes}
            w={130}
          />
          <Select
            label={t("workflows.editor.waitUnit")}
            data={(["minutes", "hours", "days"] as const).map((value) => ({
              value,
              label: t(`workflows.editor.units.${value}`),
            }))}
            value={unit}
            onChange={(value) => value && setDuration(typeof amount === "number" ? amount : 1, value as WaitUnit)}
            allowDeselect={false}
            w={130}
          />
        </Group>
      )}
      {step.minutes === undefined && errors.minutes && (
        <Text size="xs" c="red">
          {errors.minutes}
        </Text>
      )}
      <Checkbox
        label={t("workflows.editor.waitCondition")}
        description={t("workflows.editor.waitConditionHint")}
        checked={step.condition !== undefined}
        onChange={(event) =>
          onChange({
            ...step,
            condition: event.currentTarget.checked
              ? { field: entity === "deal" ? "stageId" : "ownerId", op: "not_empty" }
              : undefined,
          })
        }
      />
      {step.condition && (
        <ConditionInput
          entity={entity}
          value={step.condition}
          onChange={(condition) => onChange({ ...step, condition })}
          errors={errors}
          prefix="condition"
        />
      )}
      <NextSelect step={step} onChange={(next) => onChange({ ...step, next })} errors={errors} steps={props.steps} />
    </Stack>
  );
}

export function SetFieldFields(props: StepFieldsProps<StepOf<"set_field">>) {
  const { t } = useTranslation();
  const { step, onChange, errors, entity } = props;
  const fieldLabel = useFieldLabel();
  const settable = Object.entries(workflowFields[entity])
    .filter(([, field]) => field.settable)
    .map(([field]) => ({ value: field, label: fieldLabel(entity, field) }));
  if (step.field && !settable.some((option) => option.value === step.field)) {
    settable.unshift({ value: step.field, label: step.field });
  }
  return (
    <Stack gap="xs">
      <Group gap="xs" align="flex-start" wrap="wrap">
        <Select
          label={t("workflows.editor.setField")}
          data={settable}
          value={step.field || null}
          onChange={(field) => field && onChange({ ...step, field, value: null })}
          allowDeselect={false}
          error={errors.field}
          required
          style={{ flex: "1 1 200px" }}
        />
        {step.field && (
          <ValueInput
            entity={entity}
            field={step.field}
            value={step.value}
            onChange={(value) => onChange({ ...step, value })}
            label={t("workflows.editor.setValue")}
            error={errors.value}
          />
        )}
      </Group>
      <NextSelect step={step} onChange={(next) => onChange({ ...step, next })} errors={errors} steps={props.steps} />
    </Stack>
  );
}

export function BranchFields({ step, onChange, errors, steps, entity }: StepFieldsProps<StepOf<"branch">>) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        {t("workflows.editor.condition")}
      </Text>
      <ConditionInput
        entity={entity}
        value={step.condition}
        onChange={(condition) => onChange({ ...step, condition })}
        errors={errors}
        prefix="condition"
      />
      <Group gap="xs" grow wrap="wrap">
        <StepRefSelect
          label={t("workflows.editor.ifTrue")}
          value={step.ifTrue}
          onChange={(ifTrue) => onChange({ ...step, ifTrue })}
          steps={steps}
          error={errors.ifTrue}
        />
        <StepRefSelect
          label={t("workflows.editor.ifFalse")}
          value={step.ifFalse}
          onChange={(ifFalse) => onChange({ ...step, ifFalse })}
          steps={steps}
          error={errors.ifFalse}
        />
      </Group>
    </Stack>
  );
}
