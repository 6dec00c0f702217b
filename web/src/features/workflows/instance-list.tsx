import { Anchor, Group, Paper, Stack, Table, Text, UnstyledButton } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import type { WorkflowInstance } from "@planerka/common";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDateTime } from "../../lib/dates";
import { CurrentStep, InstanceState, RecordLink, Waiting } from "./workflow-bits";

interface InstanceListProps {
  instances: WorkflowInstance[];
  onOpen: (id: string) => void;
}

/** The instances as a table on a wide screen and as cards on a phone; a row opens its history. */
export function InstanceList({ instances, onOpen }: InstanceListProps) {
  const phone = useMediaQuery("(max-width: 48em)");
  return phone ? (
    <InstanceCards instances={instances} onOpen={onOpen} />
  ) : (
    <InstanceTable instances={instances} onOpen={onOpen} />
  );
}

function OpenName({ instance, onOpen }: { instance: WorkflowInstance; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  return (
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
  );
}

function InstanceTable({ instances, onOpen }: InstanceListProps) {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <Table verticalSpacing="sm" highlightOnHover aria-label={t("workflows.page.tabInstances")}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("workflows.page.columns.template")}</Table.Th>
          <Table.Th>{t("workflows.page.columns.record")}</Table.Th>
          <Table.Th>{t("workflows.page.columns.owner")}</Table.Th>
          <Table.Th>{t("workflows.page.columns.status")}</Table.Th>
          <Table.Th>{t("workflows.page.columns.step")}</Table.Th>
          <Table.Th>{t("workflows.page.columns.waiting")}</Table.Th>
          <Table.Th>{t("workflows.page.columns.started")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {instances.map((instance) => (
          <Table.Tr
            key={instance.id}
            data-instance-id={instance.id}
            data-stalled={instance.stalled || undefined}
            bg={instance.stalled ? "red.0" : undefined}
          >
            <Table.Td maw={260}>
              <OpenName instance={instance} onOpen={onOpen} />
            </Table.Td>
            <Table.Td maw={260}>
              <RecordLink entity={instance.entity} entityId={instance.entityId} title={instance.entityTitle} withType />
            </Table.Td>
            <Table.Td>{instance.owner?.name ?? "—"}</Table.Td>
            <Table.Td>
              <InstanceState instance={instance} />
            </Table.Td>
            <Table.Td maw={220}>
              <CurrentStep instance={instance} />
            </Table.Td>
            <Table.Td style={{ whiteSpace: "nowrap" }}>
              <Waiting instance={instance} />
            </Table.Td>
            <Table.Td style={{ whiteSpace: "nowrap" }}>
              <Text size="sm">{formatDateTime(instance.createdAt, me.timeZone)}</Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function InstanceCards({ instances, onOpen }: InstanceListProps) {
  const { t } = useTranslation();
  return (
    <Stack gap={0}>
      {instances.map((instance) => (
        <Paper
          key={instance.id}
          p="sm"
          radius={0}
          data-instance-id={instance.id}
          data-stalled={instance.stalled || undefined}
          bg={instance.stalled ? "red.0" : undefined}
          style={{ borderBottom: "1px solid var(--mantine-color-gray-3)" }}
        >
          <Stack gap={4}>
            <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
              <OpenName instance={instance} onOpen={onOpen} />
              <InstanceState instance={instance} />
            </Group>
            <RecordLink entity={instance.entity} entityId={instance.entityId} title={instance.entityTitle} withType />
            <Text size="xs" c="dimmed">
              {t("workflows.page.columns.owner")}: {instance.owner?.name ?? "—"}
            </Text>
            {instance.status === "running" && (
              <UnstyledButton onClick={() => onOpen(instance.id)} aria-hidden tabIndex={-1}>
                <Group gap="xs" wrap="wrap">
                  <CurrentStep instance={instance} />
                  <Waiting instance={instance} />
                </Group>
              </UnstyledButton>
            )}
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
