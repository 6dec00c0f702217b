import { Checkbox, Group, NumberInput, Select, Stack, Textarea, TextInput } from "@mantine/core";
import type { WorkflowStep } from "@planerka/common";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { activityTypesQuery } from "../crm/activities-api";
import { NextSelect, optionalNumber, type StepFieldsProps, type StepOf } from "./step-form-kit";
import { BranchFields, SetFieldFields, WaitFields } from "./step-record-fields";
import { AssigneeInput, StepRefSelect } from "./workflow-inputs";

/** The keys of a step's fields that the forms below show; any other error shows above them. */
export const shownKeys: Record<WorkflowStep["type"], string[]> = {
  task: ["title", "description", "assignee", "deadlineHours", "waitForCompletion", "next"],
  activity: ["activityTypeCode", "subject", "assignee", "dueInHours", "next"],
  notify: ["recipient", "message", "next"],
  wait: ["minutes", "condition", "next"],
  approval: ["approver", "title", "onApproved", "onRejected"],
  set_field: ["field", "value", "next"],
  branch: ["condition", "ifTrue", "ifFalse"],
};

/** The form of one step, by its type. */
export function StepFields(props: StepFieldsProps) {
  const { step } = props;
  const typed = <T extends WorkflowStep["type"]>() => props as unknown as StepFieldsProps<StepOf<T>>;
  switch (step.type) {
    case "task":
      return <TaskFields {...typed<"task">()} />;
    case "activity":
      return <ActivityFields {...typed<"activity">()} />;
    case "notify":
      return <NotifyFields {...typed<"notify">()} />;
    case "wait":
      return <WaitFields {...typed<"wait">()} />;
    case "approval":
      return <ApprovalFields {...typed<"approval">()} />;
    case "set_field":
      return <SetFieldFields {...typed<"set_field">()} />;
    case "branch":
      return <BranchFields {...typed<"branch">()} />;
  }
}

function TaskFields(props: StepFieldsProps<StepOf<"task">>) {
  const { t } = useTranslation();
  const { step, onChange, errors } = props;
  return (
    <Stack gap="xs">
      <TextInput
        label={t("workflows.editor.taskTitle")}
        value={step.title}
        onChange={(event) => onChange({ ...step, title: event.currentTarget.value })}
        error={errors.title}
        maxLength={300}
        required
      />
      <Textarea
        label={t("workflows.editor.taskDescription")}
        value={step.description ?? ""}
        onChange={(event) => onChange({ ...step, description: event.currentTarget.value || undefined })}
        error={errors.description}
        maxLength={5000}
        autosize
        minRows={2}
        maxRows={6}
      />
      <AssigneeInput
        label={t("workflows.editor.assignee")}
        value={step.assignee}
        onChange={(assignee) => onChange({ ...step, assignee })}
        errors={errors}
        prefix="assignee"
      />
      <Group gap="xs" align="flex-end" wrap="wrap">
        <NumberInput
          label={t("workflows.editor.deadlineHours")}
          placeholder={t("workflows.editor.deadlineHint")}
          value={step.deadlineHours ?? ""}
          onChange={(value) => onChange({ ...step, deadlineHours: optionalNumber(value) })}
          min={1}
          max={8760}
          allowDecimal={false}
          error={errors.deadlineHours}
          w={170}
        />
        <Checkbox
          label={t("workflows.editor.waitForCompletion")}
          checked={step.waitForCompletion}
          onChange={(event) => onChange({ ...step, waitForCompletion: event.currentTarget.checked })}
          mb={8}
        />
      </Group>
      <NextSelect step={step} onChange={(next) => onChange({ ...step, next })} errors={errors} steps={props.steps} />
    </Stack>
  );
}

function ActivityFields(props: StepFieldsProps<StepOf<"activity">>) {
  const { t } = useTranslation();
  const { step, onChange, errors } = props;
  const types = useQuery(activityTypesQuery).data ?? [];
  const options = types.map((type) => ({ value: type.code, label: type.name }));
  if (step.activityTypeCode && !types.some((type) => type.code === step.activityTypeCode)) {
    options.unshift({ value: step.activityTypeCode, label: step.activityTypeCode });
  }
  return (
    <Stack gap="xs">
      <Group gap="xs" align="flex-start" wrap="wrap">
        <Select
          label={t("workflows.editor.activityType")}
          data={options}
          value={step.activityTypeCode || null}
          onChange={(code) => onChange({ ...step, activityTypeCode: code ?? "" })}
          error={errors.activityTypeCode}
          searchable
          required
          style={{ flex: "1 1 220px" }}
        />
        <NumberInput
          label={t("workflows.editor.dueInHours")}
          value={step.dueInHours}
          onChange={(value) => onChange({ ...step, dueInHours: optionalNumber(value) ?? 0 })}
          min={0}
          max={8760}
          error={errors.dueInHours}
          w={170}
        />
      </Group>
      <TextInput
        label={t("workflows.editor.subject")}
        value={step.subject}
        onChange={(event) => onChange({ ...step, subject: event.currentTarget.value })}
        error={errors.subject}
        maxLength={300}
        required
      />
      <AssigneeInput
        label={t("workflows.editor.assignee")}
        value={step.assignee}
        onChange={(assignee) => onChange({ ...step, assignee })}
        errors={errors}
        prefix="assignee"
      />
      <NextSelect step={step} onChange={(next) => onChange({ ...step, next })} errors={errors} steps={props.steps} />
    </Stack>
  );
}

function NotifyFields(props: StepFieldsProps<StepOf<"notify">>) {
  const { t } = useTranslation();
  const { step, onChange, errors } = props;
  return (
    <Stack gap="xs">
      <AssigneeInput
        label={t("workflows.editor.recipient")}
        value={step.recipient}
        onChange={(recipient) => onChange({ ...step, recipient })}
        errors={errors}
        prefix="recipient"
      />
      <Textarea
        label={t("workflows.editor.message")}
        value={step.message}
        onChange={(event) => onChange({ ...step, message: event.currentTarget.value })}
        error={errors.message}
        maxLength={1000}
        autosize
        minRows={2}
        maxRows={6}
        required
      />
      <NextSelect step={step} onChange={(next) => onChange({ ...step, next })} errors={errors} steps={props.steps} />
    </Stack>
  );
}

function ApprovalFields({ step, onChange, errors, steps }: StepFieldsProps<StepOf<"approval">>) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <TextInput
        label={t("workflows.editor.approvalTitle")}
        value={step.title}
        onChange={(event) => onChange({ ...step, title: event.currentTarget.value })}
        error={errors.title}
        maxLength={300}
        required
      />
      <AssigneeInput
        label={t("workflows.editor.approver")}
        value={step.approver}
        onChange={(approver) => onChange({ ...step, approver })}
        errors={errors}
        prefix="approver"
      />
      <Group gap="xs" grow wrap="wrap">
        <StepRefSelect
          label={t("workflows.editor.onApproved")}
          value={step.onApproved}
          onChange={(onApproved) => onChange({ ...step, onApproved })}
          steps={steps}
          error={errors.onApproved}
        />
        <StepRefSelect
          label={t("workflows.editor.onRejected")}
          value={step.onRejected}
          onChange={(onRejected) => onChange({ ...step, onRejected })}
          steps={steps}
          error={errors.onRejected}
        />
      </Group>
    </Stack>
  );
}
