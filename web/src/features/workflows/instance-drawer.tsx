import {
  Alert,
  Badge,
  Button,
  Drawer,
  Group,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Timeline,
} from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import type { WorkflowInstanceDetail, WorkflowStepRun } from "@planerka/common";
import { IconPlayerStop } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { i18n } from "../../i18n";
import { useMe } from "../../lib/auth-context";
import { ConfirmModal } from "../../lib/confirm-modal";
import { formatDateTime } from "../../lib/dates";
import { notifySuccess, problemText } from "../../lib/notify";
import { DecisionButtons, DecisionModal, type DecisionTarget } from "./decision-modal";
import { InstanceState, RecordLink, StepTypeIcon, stepTypeColors, Waiting } from "./workflow-bits";
import { cancelWorkflow, instanceQuery, refreshWorkflows } from "./workflows-api";

/** One instance: where it stands, the approval it waits for, and every step it went through. */
export function InstanceDrawer({ instanceId, onClose }: { instanceId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const phone = useMediaQuery("(max-width: 48em)");
  return (
    <Drawer
      opened={instanceId !== null}
      onClose={onClose}
      position="right"
      size={phone ? "100%" : 560}
      title={<Text fw={600}>{t("workflows.instance.title")}</Text>}
    >
      {instanceId && <InstanceDetails instanceId={instanceId} />}
    </Drawer>
  );
}

function InstanceDetails({ instanceId }: { instanceId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const { data: instance, error } = useQuery(instanceQuery(instanceId));
  const [deciding, setDeciding] = useState<DecisionTarget | null>(null);
  const [cancelling, setCancelling] = useState(false);

  if (error) return <Alert color="red">{problemText(error)}</Alert>;
  if (!instance) return <Skeleton h={240} />;

  const running = instance.status === "running";
  const approval = instance.pendingApproval;

  return (
    <Stack gap="md" aria-label={instance.templateName} role="region">
      <Stack gap={4}>
        <Text fw={700} size="lg" style={{ overflowWrap: "anywhere" }}>
          {instance.templateName}
        </Text>
        <InstanceState instance={instance} />
      </Stack>

      <Table variant="vertical" layout="fixed" withRowBorders={false} verticalSpacing={4}>
        <Table.Tbody>
          <Row label={t("workflows.instance.record")}>
            <RecordLink entity={instance.entity} entityId={instance.entityId} title={instance.entityTitle} withType />
          </Row>
          <Row label={t("workflows.instance.owner")}>{instance.owner?.name ?? "—"}</Row>
          <Row label={t("workflows.instance.started")}>{formatDateTime(instance.createdAt, me.timeZone)}</Row>
          {instance.finishedAt && (
            <Row label={t("workflows.instance.finished")}>{formatDateTime(instance.finishedAt, me.timeZone)}</Row>
          )}
          {running && instance.currentStep && (
            <Row label={t("workflows.instance.currentStep")}>
              <Group gap={6} wrap="nowrap">
                <StepTypeIcon type={instance.currentStep.type} />
                <span>{instance.currentStep.name}</span>
              </Group>
            </Row>
          )}
          {running && (
            <Row label={t("workflows.instance.waiting")}>
              <Group gap="xs">
                <Waiting instance={instance} />
                {instance.stallHours !== null && (
                  <Text size="xs" c="dimmed">
                    {t("workflows.instance.stallLimit")}:{" "}
                    {t("workflows.instance.stallLimitValue", { hours: instance.stallHours })}
                  </Text>
                )}
              </Group>
            </Row>
          )}
        </Table.Tbody>
      </Table>

      {instance.error && (
        <Alert color="red" title={t("workflows.instance.error")}>
          {instance.error}
        </Alert>
      )}

      {approval && approval.decision === null && (
        <Paper withBorder radius="md" p="sm" bg="orange.0" aria-label={t("workflows.instance.pendingApproval")}>
          <Stack gap="xs">
            <Text size="sm" fw={600}>
              {t("workflows.instance.pendingApproval")}: {approval.title}
            </Text>
            <Text size="sm" c="dimmed">
              {t("workflows.instance.approver")}: {approval.approver.name} ·{" "}
              {t("workflows.approvals.requested", { date: formatDateTime(approval.createdAt, me.timeZone) })}
            </Text>
            {instance.abilities.decide && (
              <DecisionButtons approvalId={approval.id} title={approval.title} onDecide={setDeciding} />
            )}
          </Stack>
        </Paper>
      )}

      {running && instance.abilities.cancel && (
        <Group>
          <Button
            variant="light"
            color="red"
            leftSection={<IconPlayerStop size={16} />}
            onClick={() => setCancelling(true)}
          >
            {t("workflows.instance.cancel")}
          </Button>
        </Group>
      )}

      <History instance={instance} />

      <DecisionModal target={deciding} onClose={() => setDeciding(null)} />
      <ConfirmModal
        opened={cancelling}
        title={t("workflows.instance.cancelTitle")}
        message={t("workflows.instance.cancelMessage", { name: instance.templateName })}
        confirmLabel={t("workflows.instance.cancel")}
        onConfirm={async () => {
          await cancelWorkflow(instance.id);
          notifySuccess(t("workflows.instance.cancelled"));
          refreshWorkflows(queryClient);
        }}
        onClose={() => setCancelling(false)}
      />
    </Stack>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={130} bg="transparent" fw={400} c="dimmed" fz="sm" style={{ verticalAlign: "top" }}>
        {label}
      </Table.Th>
      <Table.Td fz="sm" style={{ overflowWrap: "anywhere" }}>
        {children}
      </Table.Td>
    </Table.Tr>
  );
}

/** An outcome the engine reports, in words when we know it, as is otherwise. */
export function outcomeText(outcome: string): string {
  const key = `workflows.outcomes.${outcome}`;
  return i18n.exists(key) ? (i18n.t(key as "workflows.outcomes.done") as string) : outcome;
}

const runColors = { running: "blue", done: "teal", failed: "red", cancelled: "gray" } as const;

function History({ instance }: { instance: WorkflowInstanceDetail }) {
  const { t } = useTranslation();
  const runs = [...instance.history].sort((a, b) => a.seq - b.seq);
  return (
    <Stack gap="xs" component="section" aria-label={t("workflows.instance.history")}>
      <Text fw={600} size="sm">
        {t("workflows.instance.history")}
      </Text>
      {runs.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("workflows.instance.noHistory")}
        </Text>
      ) : (
        <Timeline bulletSize={26} lineWidth={2} active={runs.length - 1}>
          {runs.map((run) => (
            <Timeline.Item
              key={run.seq}
              bullet={
                <ThemeIcon size={26} radius="xl" variant="light" color={stepTypeColors[run.stepType]}>
                  <StepTypeIcon type={run.stepType} size={14} />
                </ThemeIcon>
              }
              title={
                <Text size="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
                  {t("workflows.instance.seq", { seq: run.seq })} · {run.stepName}
                </Text>
              }
            >
              <HistoryEntry run={run} />
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Stack>
  );
}

function HistoryEntry({ run }: { run: WorkflowStepRun }) {
  const { t } = useTranslation();
  const me = useMe();
  const comment = typeof run.detail.comment === "string" ? run.detail.comment : null;
  const error = typeof run.detail.error === "string" ? run.detail.error : null;
  return (
    <Stack gap={2} data-step-run={run.seq} data-step-id={run.stepId}>
      <Group gap={6} wrap="wrap">
        <Badge size="xs" variant="light" color={runColors[run.status]}>
          {t(`workflows.runStatuses.${run.status}`)}
        </Badge>
        <Text size="xs" c="dimmed">
          {t(`workflows.stepTypes.${run.stepType}`)}
        </Text>
        {run.outcome && (
          <Text size="xs">
            {t("workflows.instance.outcome")}: <b>{outcomeText(run.outcome)}</b>
          </Text>
        )}
      </Group>
      <Text size="xs" c="dimmed">
        {t("workflows.instance.startedAt")}: {formatDateTime(run.startedAt, me.timeZone)}
        {run.finishedAt && ` · ${t("workflows.instance.finishedAt")}: ${formatDateTime(run.finishedAt, me.timeZone)}`}
      </Text>
      {run.actor && <Text size="xs">{t("workflows.instance.actor", { name: run.actor.name })}</Text>}
      {comment && (
        <Text size="xs" fs="italic" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
          {t("workflows.instance.comment")}: {comment}
        </Text>
      )}
      {error && (
        <Text size="xs" c="red" style={{ overflowWrap: "anywhere" }}>
          {error}
        </Text>
      )}
    </Stack>
  );
}
