import { Badge, Button, Group, Paper, Skeleton, Stack, Text } from "@mantine/core";
import { IconBriefcase } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { AnchorLink } from "../../lib/links";
import { problemText } from "../../lib/notify";
import { StageBadge } from "../crm/stage-badge";
import { TaskCompactList } from "../tasks/planned-tasks";
import { taskListQuery } from "../tasks/tasks-api";
import { formatMoney } from "./head-cabinet-format";
import { hangingDealsQuery } from "./meeting-api";

/**
 * The person's «подвисшие» deals (open, nothing done for the company's number of days), longest
 * idle first, each opening its card; and the way to all their open deals.
 */
export function HangingDealsPanel({
  userId,
  openDeals,
  onOpenDeals,
}: {
  userId: string;
  /** How many open deals the person has (the cabinet's «Сделок в работе»), while loading undefined. */
  openDeals: number | undefined;
  onOpenDeals: () => void;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const query = useQuery(hangingDealsQuery(userId));
  const data = query.data;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={titleId}>
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Group gap="xs">
            <Text fw={600} size="sm" id={titleId}>
              {t("meeting.hanging.title")}
            </Text>
            {data && data.total > 0 && (
              <Badge color="orange" variant="filled" size="sm">
                {data.total}
              </Badge>
            )}
          </Group>
          <Button
            size="compact-xs"
            variant="subtle"
            leftSection={<IconBriefcase size={14} />}
            onClick={onOpenDeals}
            disabled={openDeals === undefined}
          >
            {t("meeting.hanging.openDeals", { count: openDeals ?? 0 })}
          </Button>
        </Group>
        {data && (
          <Text size="xs" c="dimmed">
            {t("meeting.hanging.hint", { count: data.days })}
          </Text>
        )}
        {query.error ? (
          <Text size="sm" c="red">
            {problemText(query.error)}
          </Text>
        ) : !data ? (
          <Skeleton h={60} />
        ) : data.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("meeting.hanging.empty")}
          </Text>
        ) : (
          <Stack gap={6} component="ul" m={0} p={0} style={{ listStyle: "none" }}>
            {data.items.map((deal) => (
              <Group component="li" key={deal.id} gap="xs" wrap="nowrap" justify="space-between" align="flex-start">
                <Stack gap={0} miw={0}>
                  <AnchorLink to="/crm/deals/$dealId" params={{ dealId: deal.id }} size="sm" fw={500} lineClamp={2}>
                    {deal.title}
                  </AnchorLink>
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {[deal.company?.name, formatMoney(deal.amount)].filter(Boolean).join(" · ")}
                  </Text>
                </Stack>
                <Stack gap={2} align="flex-end" style={{ flexShrink: 0 }}>
                  <Text size="xs" c="orange.8" fw={500}>
                    {t("meeting.hanging.idle", { count: deal.idleDays })}
                  </Text>
                  <StageBadge stage={{ ...deal.stage, semantic: "open" }} size="xs" />
                </Stack>
              </Group>
            ))}
            {data.total > data.items.length && (
              <Text size="xs" c="dimmed">
                {t("meeting.hanging.more", { shown: data.items.length, total: data.total })}
              </Text>
            )}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

const overdueShown = 8;

/** The person's overdue tasks, the oldest deadline first, with the way to all their tasks. */
export function OverdueTasksPanel({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const titleId = useId();
  const query = useQuery(taskListQuery({ view: "my", userId, overdue: "true", sort: "deadline", limit: overdueShown }));
  const total = query.data?.total ?? 0;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={titleId}>
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Group gap="xs">
            <Text fw={600} size="sm" id={titleId}>
              {t("meeting.tasks.title")}
            </Text>
            {total > 0 && (
              <Badge color="red" variant="filled" size="sm">
                {total}
              </Badge>
            )}
          </Group>
          <AnchorLink to="/tasks" search={{ userId }} size="xs">
            {t("meeting.tasks.all")}
          </AnchorLink>
        </Group>
        {query.error ? (
          <Text size="sm" c="red">
            {problemText(query.error)}
          </Text>
        ) : !query.data ? (
          <Skeleton h={60} />
        ) : query.data.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("meeting.tasks.empty")}
          </Text>
        ) : (
          <TaskCompactList tasks={query.data.items} />
        )}
      </Stack>
    </Paper>
  );
}
