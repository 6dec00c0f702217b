import { Badge, Box, Group, Paper, Stack, Text } from "@mantine/core";
import { stepExits, type WorkflowStep } from "@planerka/common";
import { useTranslation } from "react-i18next";
import { StepTypeIcon, stepTypeColors } from "./workflow-bits";

function DownArrow({ dashed = false }: { dashed?: boolean }) {
  return (
    <svg width="16" height="22" viewBox="0 0 16 22" aria-hidden style={{ display: "block", margin: "0 auto" }}>
      <line
        x1="8"
        y1="0"
        x2="8"
        y2="15"
        stroke="var(--mantine-color-gray-5)"
        strokeWidth="2"
        strokeDasharray={dashed ? "3 3" : undefined}
      />
      {!dashed && <polygon points="3,14 13,14 8,21" fill="var(--mantine-color-gray-5)" />}
    </svg>
  );
}

const exitColors: Record<string, string> = { onApproved: "teal", ifTrue: "teal", onRejected: "red", ifFalse: "red" };

/**
 * A read-only sketch of the template: steps top to bottom in their order, a plain arrow where a
 * step goes on to the one below, labelled jumps («согласовано → 4», «нет → конец») everywhere else.
 */
export function FlowPreview({ steps, startStepId }: { steps: WorkflowStep[]; startStepId: string }) {
  const { t } = useTranslation();
  const numberOf = new Map(steps.map((step, index) => [step.id, index + 1]));
  const exitLabel = (field: string) =>
    ({
      next: t("workflows.editor.next"),
      onApproved: t("workflows.outcomes.approved"),
      onRejected: t("workflows.outcomes.rejected"),
      ifTrue: t("workflows.editor.yes"),
      ifFalse: t("workflows.editor.no"),
    })[field] ?? field;
  const targetLabel = (target: string | null) => {
    if (target === null) return t("workflows.editor.previewEnd");
    const number = numberOf.get(target);
    return number ? t("workflows.editor.stepTitle", { number }) : `? ${target}`;
  };
  const startNumber = numberOf.get(startStepId);

  if (steps.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t("workflows.editor.previewEmpty")}
      </Text>
    );
  }

  return (
    <Stack gap={0} role="img" aria-label={t("workflows.editor.preview")} data-testid="flow-preview">
      <Group justify="center" gap={6}>
        <Badge color="green" variant="filled">
          {t("workflows.editor.previewStart")}
        </Badge>
        {startNumber !== 1 && (
          <Text size="xs" c="dimmed">
            → {startNumber ? t("workflows.editor.stepTitle", { number: startNumber }) : "?"}
          </Text>
        )}
      </Group>
      <DownArrow dashed={startNumber !== 1} />
      {steps.map((step, index) => {
        const exits = stepExits(step);
        const following = steps[index + 1]?.id ?? null;
        const plain = exits.length === 1 && exits[0]?.target === following;
        return (
          <Box key={step.id}>
            <Paper
              withBorder
              radius="sm"
              px="xs"
              py={6}
              style={{ borderLeft: `4px solid var(--mantine-color-${stepTypeColors[step.type]}-5)` }}
            >
              <Group gap={6} wrap="nowrap">
                <Text size="xs" c="dimmed" w={18} ta="right">
                  {index + 1}
                </Text>
                <StepTypeIcon type={step.type} size={14} />
                <Text size="sm" fw={500} style={{ overflowWrap: "anywhere", minWidth: 0 }}>
                  {step.name || t(`workflows.stepTypes.${step.type}`)}
                </Text>
              </Group>
              {!plain && (
                <Group gap={4} mt={4} ml={24} wrap="wrap">
                  {exits.map((exit) => (
                    <Badge
                      key={exit.field}
                      size="xs"
                      variant="light"
                      color={exitColors[exit.field] ?? "gray"}
                      style={{ textTransform: "none" }}
                    >
                      {exitLabel(exit.field)} → {targetLabel(exit.target)}
                    </Badge>
                  ))}
                </Group>
              )}
            </Paper>
            {index < steps.length - 1 && <DownArrow dashed={!plain} />}
          </Box>
        );
      })}
      <DownArrow dashed={stepExits(steps[steps.length - 1] as WorkflowStep).some((exit) => exit.target !== null)} />
      <Group justify="center">
        <Badge color="gray" variant="filled">
          {t("workflows.editor.previewEnd")}
        </Badge>
      </Group>
    </Stack>
  );
}
