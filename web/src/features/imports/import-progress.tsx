import { Alert, Button, Group, Loader, Paper, Progress, SimpleGrid, Stack, Table, Text } from "@mantine/core";
import type { ImportJob } from "@planerka/common";
import { IconAlertTriangle, IconCircleCheck } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { importRowErrorText } from "./import-messages";

function Stat({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <Paper withBorder radius="md" p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" c={value > 0 ? color : undefined}>
        {value.toLocaleString("ru-RU")}
      </Text>
    </Paper>
  );
}

export function ImportStats({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="sm">
      <Stat label={t("activities.imports.stats.total")} value={job.total} />
      <Stat label={t("activities.imports.stats.created")} value={job.created} color="teal.7" />
      <Stat label={t("activities.imports.stats.updated")} value={job.updated} color="blue.7" />
      <Stat label={t("activities.imports.stats.unchanged")} value={job.unchanged} />
      <Stat label={t("activities.imports.stats.failed")} value={job.failed} color="red.7" />
    </SimpleGrid>
  );
}

/** Step 3: the bar fills as the server reports `processed` of `total`. */
export function ImportProgress({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const percent = job.total > 0 ? Math.min(100, Math.round((job.processed / job.total) * 100)) : 0;
  return (
    <Stack gap="md">
      <Group gap="xs">
        <Loader size="xs" />
        <Text size="sm" fw={500} aria-live="polite">
          {t("activities.imports.running", { processed: job.processed, total: job.total })}
        </Text>
      </Group>
      <Progress
        value={percent}
        size="xl"
        radius="xl"
        striped
        animated
        aria-label={t("activities.imports.progressLabel")}
      />
      <ImportStats job={job} />
      <Text size="xs" c="dimmed">
        {t("activities.imports.runningHint")}
      </Text>
    </Stack>
  );
}

const shownErrors = 200;

/** Step 4: what happened to the rows, and which rows failed and why. */
export function ImportResult({ job, onAgain }: { job: ImportJob; onAgain: () => void }) {
  const { t } = useTranslation();
  const failed = job.status === "failed";
  return (
    <Stack gap="md">
      <Alert
        color={failed ? "red" : job.failed > 0 ? "yellow" : "teal"}
        icon={failed || job.failed > 0 ? <IconAlertTriangle size={18} /> : <IconCircleCheck size={18} />}
        title={failed ? t("activities.imports.failedTitle") : t("activities.imports.doneTitle")}
        role="status"
      >
        {job.fileName}
      </Alert>
      <ImportStats job={job} />
      {job.errors.length > 0 && (
        <Stack gap={6}>
          <Text fw={600} size="sm">
            {t("activities.imports.errorsTitle")}
          </Text>
          <Table.ScrollContainer minWidth={360} mah={360}>
            <Table withTableBorder striped verticalSpacing={4} fz="sm" stickyHeader>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={90}>{t("activities.imports.errorRow")}</Table.Th>
                  <Table.Th>{t("activities.imports.errorMessage")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {job.errors.slice(0, shownErrors).map((error, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a row may hold several errors.
                  <Table.Tr key={`${error.row}-${index}`}>
                    <Table.Td>{error.row}</Table.Td>
                    <Table.Td style={{ overflowWrap: "anywhere" }}>{importRowErrorText(error)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {job.errors.length > shownErrors && (
            <Text size="xs" c="dimmed">
              {t("activities.imports.moreErrors", { count: job.errors.length - shownErrors })}
            </Text>
          )}
        </Stack>
      )}
      <Group justify="flex-end">
        <Button onClick={onAgain}>{t("activities.imports.again")}</Button>
      </Group>
    </Stack>
  );
}
