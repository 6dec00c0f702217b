import { Badge, Group, Paper, Skeleton, Stack, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { AnchorLink } from "../../lib/links";
import { problemText } from "../../lib/notify";
import { byUrgency, CompactInstances } from "./compact-instances";
import { InstanceDrawer } from "./instance-drawer";
import { instancesQuery, workflowCountsQuery } from "./workflows-api";

const shownCount = 10;

/**
 * «Бизнес-процессы» of one employee for the cabinets: the running instances on their records,
 * stalled ones first and flagged, with the running and stalled counts and a link to the full list.
 */
export function UserWorkflows({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const { data, error } = useQuery(instancesQuery({ limit: 50, userId, status: "running" }));
  const counts = useQuery(workflowCountsQuery(userId)).data;
  const [openId, setOpenId] = useState<string | null>(null);
  const instances = [...(data?.items ?? [])].sort(byUrgency).slice(0, shownCount);
  const running = counts?.running ?? data?.total ?? 0;
  const stalled = counts?.stalled ?? instances.filter((instance) => instance.stalled).length;

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={t("workflows.user.title")}>
      <Group justify="space-between" mb="xs" gap="xs">
        <Group gap="xs">
          <Text fw={600} size="sm">
            {t("workflows.user.title")}
          </Text>
          <Badge variant="light" size="sm">
            {t("workflows.user.running", { count: running })}
          </Badge>
          {stalled > 0 && (
            <Badge color="red" variant="filled" size="sm" leftSection={<IconAlertTriangle size={12} />}>
              {t("workflows.user.stalledCount", { count: stalled })}
            </Badge>
          )}
        </Group>
        <AnchorLink to="/workflows" search={{ userId }} size="xs">
          {t("workflows.user.all")}
        </AnchorLink>
      </Group>
      {error ? (
        <Text size="sm" c="red">
          {problemText(error)}
        </Text>
      ) : !data ? (
        <Skeleton h={60} />
      ) : instances.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("workflows.user.empty")}
        </Text>
      ) : (
        <Stack gap={0}>
          <CompactInstances instances={instances} onOpen={setOpenId} showRecord label={t("workflows.user.title")} />
        </Stack>
      )}
      <InstanceDrawer instanceId={openId} onClose={() => setOpenId(null)} />
    </Paper>
  );
}
