import { Button, Group, Paper, Skeleton, Stack, Text } from "@mantine/core";
import { IconHistory, IconRubberStamp } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { problemText } from "../../lib/notify";
import { DecisionButtons, DecisionModal, type DecisionTarget } from "./decision-modal";
import { RecordLink } from "./workflow-bits";
import { myApprovalsQuery } from "./workflows-api";

/** «Ждут моего решения»: the approvals addressed to the caller, decided right here. */
export function ApprovalsList({ onOpenInstance }: { onOpenInstance: (instanceId: string) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const { data: approvals, error } = useQuery(myApprovalsQuery);
  const [deciding, setDeciding] = useState<DecisionTarget | null>(null);

  if (error) return <Text c="red">{problemText(error)}</Text>;
  if (!approvals) return <Skeleton h={160} />;
  if (approvals.length === 0) {
    return (
      <Paper withBorder radius="md" p="xl">
        <Stack align="center" gap="xs">
          <IconRubberStamp size={32} stroke={1.4} color="var(--mantine-color-dimmed)" />
          <Text c="dimmed">{t("workflows.approvals.empty")}</Text>
        </Stack>
      </Paper>
    );
  }

  return (
    <Stack gap="sm" role="list" aria-label={t("workflows.page.tabApprovals")}>
      {approvals.map((approval) => (
        <Paper
          key={approval.id}
          withBorder
          radius="md"
          p="sm"
          role="listitem"
          aria-label={approval.title}
          data-approval-id={approval.id}
        >
          <Group justify="space-between" align="flex-start" gap="sm">
            <Stack gap={2} style={{ flex: "1 1 280px", minWidth: 0 }}>
              <Text fw={600} style={{ overflowWrap: "anywhere" }}>
                {approval.title}
              </Text>
              <Text size="sm" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                {approval.templateName}
              </Text>
              <RecordLink entity={approval.entity} entityId={approval.entityId} title={approval.entityTitle} withType />
              <Text size="xs" c="dimmed">
                {t("workflows.approvals.requested", { date: formatDateTime(approval.createdAt, me.timeZone) })}
              </Text>
            </Stack>
            <Stack gap="xs" align="flex-end">
              <DecisionButtons approvalId={approval.id} title={approval.title} onDecide={setDeciding} />
              <Button
                variant="subtle"
                size="xs"
                leftSection={<IconHistory size={14} />}
                onClick={() => onOpenInstance(approval.instanceId)}
              >
                {t("workflows.approvals.openInstance")}
              </Button>
            </Stack>
          </Group>
        </Paper>
      ))}
      <DecisionModal target={deciding} onClose={() => setDeciding(null)} />
    </Stack>
  );
}
