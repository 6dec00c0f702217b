import { Badge, Button, Group, Stack, Table, Text } from "@mantine/core";
import type { ImportJob } from "@planerka/common";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../lib/dates";

const statusColors: Record<ImportJob["status"], string> = {
  uploaded: "gray",
  running: "blue",
  done: "teal",
  failed: "red",
};

interface RecentImportsProps {
  jobs: ImportJob[];
  timeZone: string;
  currentId?: string;
  compact?: boolean;
  onOpen: (job: ImportJob) => void;
}

function ResultLine({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  if (job.status === "running") {
    return (
      <Text size="xs" c="dimmed">
        {job.processed} / {job.total}
      </Text>
    );
  }
  if (job.status !== "done" && job.status !== "failed") return null;
  return (
    <Text size="xs" c="dimmed">
      {t("activities.imports.stats.created")}: {job.created} · {t("activities.imports.stats.updated")}: {job.updated} ·{" "}
      {t("activities.imports.stats.unchanged")}: {job.unchanged} ·{" "}
      <Text span size="xs" c={job.failed > 0 ? "red.7" : undefined}>
        {t("activities.imports.stats.failed")}: {job.failed}
      </Text>
    </Text>
  );
}

export function RecentImports({ jobs, timeZone, currentId, compact, onOpen }: RecentImportsProps) {
  const { t } = useTranslation();
  if (jobs.length === 0) {
    return (
      <Text c="dimmed" size="sm" p="md">
        {t("activities.imports.recentEmpty")}
      </Text>
    );
  }
  if (compact) {
    return (
      <Stack gap={0}>
        {jobs.map((job, index) => (
          <Group
            key={job.id}
            justify="space-between"
            wrap="nowrap"
            align="flex-start"
            px="sm"
            py="xs"
            bg={job.id === currentId ? "var(--mantine-color-blue-light)" : undefined}
            style={index > 0 ? { borderTop: "1px solid var(--mantine-color-default-border)" } : undefined}
          >
            <Stack gap={2} miw={0}>
              <Text size="sm" fw={500} style={{ overflowWrap: "anywhere" }}>
                {job.fileName}
              </Text>
              <Group gap={6}>
                <Text size="xs" c="dimmed">
                  {formatDateTime(job.createdAt, timeZone)} · {t(`activities.imports.entities.${job.entity}`)}
                </Text>
                <Badge size="xs" variant="light" color={statusColors[job.status]}>
                  {t(`activities.imports.statuses.${job.status}`)}
                </Badge>
              </Group>
              <ResultLine job={job} />
            </Stack>
            <Button variant="subtle" size="compact-sm" onClick={() => onOpen(job)} style={{ flexShrink: 0 }}>
              {t("activities.imports.open")}
            </Button>
          </Group>
        ))}
      </Stack>
    );
  }
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table verticalSpacing="xs" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={150}>{t("activities.imports.columns.date")}</Table.Th>
            <Table.Th>{t("activities.imports.columns.file")}</Table.Th>
            <Table.Th w={110}>{t("activities.imports.columns.entity")}</Table.Th>
            <Table.Th w={150}>{t("activities.imports.columns.status")}</Table.Th>
            <Table.Th w={320}>{t("activities.imports.columns.result")}</Table.Th>
            <Table.Th w={100} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {jobs.map((job) => (
            <Table.Tr key={job.id} bg={job.id === currentId ? "var(--mantine-color-blue-light)" : undefined}>
              <Table.Td>
                <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                  {formatDateTime(job.createdAt, timeZone)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                  {job.fileName}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{t(`activities.imports.entities.${job.entity}`)}</Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={statusColors[job.status]}>
                  {t(`activities.imports.statuses.${job.status}`)}
                </Badge>
              </Table.Td>
              <Table.Td>
                <ResultLine job={job} />
              </Table.Td>
              <Table.Td>
                <Button variant="subtle" size="compact-sm" onClick={() => onOpen(job)}>
                  {t("activities.imports.open")}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
