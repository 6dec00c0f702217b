import { ActionIcon, Alert, Badge, Group, NumberInput, Paper, Select, Stack, TextInput, Tooltip } from "@mantine/core";
import { type LinkableEntity, type WorkflowStep, type WorkflowStepType, workflowStepTypes } from "@planerka/common";
import { IconArrowDown, IconArrowUp, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { StepFields, shownKeys } from "./step-fields";
import type { DraftErrors } from "./template-draft";
import { StepTypeIcon, stepTypeColors } from "./workflow-bits";

interface StepCardProps {
  step: WorkflowStep;
  index: number;
  count: number;
  isStart: boolean;
  steps: WorkflowStep[];
  entity: LinkableEntity;
  errors: DraftErrors;
  /** A step just added: its name is ready to type. */
  autoFocusName?: boolean;
  onChange: (step: WorkflowStep) => void;
  onRetype: (type: WorkflowStepType) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}

const headKeys = ["name", "type", "stallHours"];

/** Errors that no field of this step's form shows (a cycle, an unknown id): listed above the form. */
function otherErrors(step: WorkflowStep, errors: DraftErrors): string[] {
  const shown = [...headKeys, ...shownKeys[step.type]];
  return Object.entries(errors)
    .filter(([key]) => !shown.some((name) => key === name || key.startsWith(`${name}.`)))
    .map(([, message]) => message);
}

/** One step of the template: its type, name, the form of that type, where it goes next, its stall limit. */
export function StepCard({
  step,
  index,
  count,
  isStart,
  steps,
  entity,
  errors,
  autoFocusName = false,
  onChange,
  onRetype,
  onMove,
  onRemove,
}: StepCardProps) {
  const { t } = useTranslation();
  const label = t("workflows.editor.stepTitle", { number: index + 1 });
  const others = otherErrors(step, errors);
  const color = stepTypeColors[step.type];

  return (
    <Paper
      withBorder
      radius="md"
      p={{ base: "xs", sm: "sm" }}
      role="group"
      aria-label={label}
      data-step-id={step.id}
      style={{ borderLeft: `4px solid var(--mantine-color-${color}-5)` }}
    >
      <Stack gap="xs">
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Group gap={6} wrap="nowrap">
            <Badge variant="light" color={color} size="lg" radius="sm" leftSection={<StepTypeIcon type={step.type} />}>
              {index + 1}
            </Badge>
            {isStart && (
              <Badge variant="outline" color="green" size="sm">
                {t("workflows.editor.previewStart")}
              </Badge>
            )}
          </Group>
          <Group gap={2} wrap="nowrap">
            <Tooltip label={t("workflows.editor.moveUp")} withArrow>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={t("workflows.editor.moveUp")}
                disabled={index === 0}
                onClick={() => onMove(-1)}
              >
                <IconArrowUp size={16} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label={t("workflows.editor.moveDown")} withArrow>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={t("workflows.editor.moveDown")}
                disabled={index === count - 1}
                onClick={() => onMove(1)}
              >
                <IconArrowDown size={16} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label={t("workflows.editor.removeStep")} withArrow>
              <ActionIcon variant="subtle" color="red" aria-label={t("workflows.editor.removeStep")} onClick={onRemove}>
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>

        <Group gap="xs" align="flex-start" wrap="wrap">
          <Select
            label={t("workflows.editor.stepType")}
            data={workflowStepTypes.map((type) => ({ value: type, label: t(`workflows.stepTypes.${type}`) }))}
            value={step.type}
            onChange={(type) => type && onRetype(type as WorkflowStepType)}
            allowDeselect={false}
            error={errors.type}
            w={{ base: "100%", xs: 190 }}
          />
          <TextInput
            label={t("workflows.editor.stepName")}
            value={step.name}
            onChange={(event) => onChange({ ...step, name: event.currentTarget.value })}
            error={errors.name}
            maxLength={200}
            required
            autoFocus={autoFocusName}
            style={{ flex: "1 1 220px" }}
          />
        </Group>

        {others.length > 0 && (
          <Alert color="red" py={6} title={t("workflows.editor.stepProblems")} role="alert">
            {others.join("; ")}
          </Alert>
        )}

        <StepFields step={step} onChange={onChange} errors={errors} steps={steps} entity={entity} />

        <NumberInput
          label={t("workflows.editor.stallHours")}
          placeholder="72"
          description={t("workflows.editor.stallHoursHint")}
          value={step.stallHours ?? ""}
          onChange={(value) => onChange({ ...step, stallHours: typeof value === "number" ? value : undefined })}
          min={1}
          max={8760}
          allowDecimal={false}
          error={errors.stallHours}
          w={{ base: "100%", xs: 220 }}
        />
      </Stack>
    </Paper>
  );
}
