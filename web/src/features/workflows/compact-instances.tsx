import { Anchor, Group, Stack, Text } from "@mantine/core";
import type { WorkflowInstance } from "@planerka/common";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { CurrentStep, InstanceState, RecordLink, Waiting } from "./workflow-bits";

/** Stalled first, then running, then the rest; the newest first within each. */
export function byUrgency(a: WorkflowInstance, b: WorkflowInstance): number {
  const rank = (instance: WorkflowInstance) => (instance.stalled ? 0 : instance.status === "running" ? 1 : 2);
  return rank(a) - rank(b) || b.createdAt.localeCompare(a.createdAt);
}

/** Instances in a narrow column (a card's side, a cabinet): name, state, step and how long it waits. */
export function CompactInstances({
  instances,
  onOpen,
  showRecord = false,
  label,
}: {
  instances: WorkflowInstance[];
  onOpen: (id: string) => void;
  showRecord?: boolean;
  label: string;
}) {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <Stack gap={0} role="list" aria-label={label}>
      {instances.map((instance) => (
        <Stack
          key={instance.id}
          gap={2}
          py={6}
          role="listitem"
          aria-label={instance.templateName}
          data-instance-id={instance.id}
          data-status={instance.status}
          data-stalled={instance.stalled || undefined}
          style={{ borderBottom: "1px solid var(--mantine-color-gray-2)" }}
        >
          <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
            <Anchor
              component="button"
              type="button"
              size="sm"
              fw={600}
              ta="left"
              onClick={() => onOpen(instance.id)}
              aria-label={t("workflows.instance.open", { name: instance.templateName })}
              style={{ overflowWrap: "anywhere" }}
            >
              {instance.templateName}
            </Anchor>
            <InstanceState instance={instance} />
          </Group>
          {showRecord && (
            <RecordLink entity={instance.entity} entityId={instance.entityId} title={instance.entityTitle} withType />
          )}
          {instance.status === "running" ? (
            <Group gap="xs" wrap="wrap">
              <CurrentStep instance={instance} />
              <Text size="sm" c="dimmed">
                ·
              </Text>
              <Waiting instance={instance} />
            </Group>
          ) : (
            <Text size="xs" c="dimmed">
              {formatDateTime(instance.finishedAt ?? instance.createdAt, me.timeZone)}
            </Text>
          )}
        </Stack>
      ))}
    </Stack>
  );
}
