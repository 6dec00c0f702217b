import { ActionIcon, Button, Group, Paper, Stack, Table, Text, Tooltip, VisuallyHidden } from "@mantine/core";
import type { Activity } from "@planerka/common";
import { IconArrowBackUp, IconCalendarTime, IconCheck, IconPencil, IconTrash } from "@tabler/icons-react";
import { Fragment, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { inZone } from "../../lib/dates";
import { zonedNow } from "./activity-time";
import { ActivityTypeIcon } from "./activity-type-icon";
import { PathLink } from "./path-link";

export interface ActivityActions {
  onComplete: (activity: Activity) => void;
  onReschedule: (activity: Activity) => void;
  onEdit: (activity: Activity) => void;
  onDelete: (activity: Activity) => void;
  onReopen: (activity: Activity) => void;
}

interface ActivityListProps extends ActivityActions {
  activities: Activity[];
  timeZone: string;
  /** Only the time of day (the «Сегодня» tab), not the date. */
  timeOnly: boolean;
  showOwner: boolean;
  compact: boolean;
}

/** Active black, overdue red, completed grey and struck through. */
function stateStyle(activity: Activity) {
  if (activity.state === "completed") return { c: "dimmed", td: "line-through" } as const;
  if (activity.state === "overdue") return { c: "red.7" } as const;
  return {} as const;
}

function useWhen(timeZone: string, timeOnly: boolean) {
  const { t } = useTranslation();
  const today = zonedNow(timeZone).startOf("day");
  return (iso: string) => {
    const value = inZone(iso, timeZone);
    const time = value.format("HH:mm");
    if (timeOnly) return time;
    const days = value.startOf("day").diff(today, "day");
    if (days === 0) return `${t("activities.page.today")}, ${time}`;
    if (days === 1) return `${t("activities.page.tomorrow")}, ${time}`;
    if (days === -1) return `${t("activities.page.yesterday")}, ${time}`;
    const sameYear = value.year() === today.year();
    return `${value.format(sameYear ? "D MMM" : "D MMM YYYY")}, ${time}`;
  };
}

function Links({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const items: ReactNode[] = [];
  if (activity.deal)
    items.push(
      <PathLink key="deal" href={`/crm/deals/${activity.deal.id}`} size="sm" title={t("activities.page.dealPrefix")}>
        {activity.deal.name}
      </PathLink>,
    );
  if (activity.company)
    items.push(
      <PathLink
        key="company"
        href={`/crm/companies/${activity.company.id}`}
        size="sm"
        title={t("activities.page.companyPrefix")}
      >
        {activity.company.name}
      </PathLink>,
    );
  if (activity.contact)
    items.push(
      <PathLink
        key="contact"
        href={`/crm/contacts/${activity.contact.id}`}
        size="sm"
        title={t("activities.page.contactPrefix")}
      >
        {activity.contact.name}
      </PathLink>,
    );
  if (activity.lead)
    items.push(
      <PathLink key="lead" href={`/crm/leads/${activity.lead.id}`} size="sm" title={t("activities.page.leadPrefix")}>
        {activity.lead.name}
      </PathLink>,
    );
  if (items.length === 0) return null;
  return (
    <Text size="sm" component="div" style={{ lineHeight: 1.35 }}>
      {items.map((item, index) => (
        <Fragment key={(item as { key: string }).key}>
          {index > 0 && (
            <Text span c="dimmed">
              {" · "}
            </Text>
          )}
          {item}
        </Fragment>
      ))}
    </Text>
  );
}

function RowActions({ activity, ...actions }: ActivityActions & { activity: Activity }) {
  const { t } = useTranslation();
  const done = activity.state === "completed";
  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      {done ? (
        <Tooltip label={t("activities.page.actions.reopen")} withArrow>
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={t("activities.page.actions.reopen")}
            onClick={() => actions.onReopen(activity)}
          >
            <IconArrowBackUp size={18} stroke={1.6} />
          </ActionIcon>
        </Tooltip>
      ) : (
        <>
          <Button
            size="compact-sm"
            variant="light"
            color="teal"
            leftSection={<IconCheck size={14} />}
            onClick={() => actions.onComplete(activity)}
          >
            {t("activities.page.actions.complete")}
          </Button>
          <Tooltip label={t("activities.page.actions.reschedule")} withArrow>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t("activities.page.actions.reschedule")}
              onClick={() => actions.onReschedule(activity)}
            >
              <IconCalendarTime size={18} stroke={1.6} />
            </ActionIcon>
          </Tooltip>
        </>
      )}
      <Tooltip label={t("activities.page.actions.edit")} withArrow>
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={t("activities.page.actions.edit")}
          onClick={() => actions.onEdit(activity)}
        >
          <IconPencil size={18} stroke={1.6} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label={t("activities.page.actions.delete")} withArrow>
        <ActionIcon
          variant="subtle"
          color="red"
          aria-label={t("activities.page.actions.delete")}
          onClick={() => actions.onDelete(activity)}
        >
          <IconTrash size={18} stroke={1.6} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}

function Subject({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  return (
    <>
      <Text size="sm" fw={500} {...stateStyle(activity)} style={{ overflowWrap: "anywhere" }}>
        {activity.subject}
      </Text>
      {activity.state === "completed" && activity.result && (
        <Text size="xs" c="dimmed" lineClamp={2}>
          {t("activities.page.result", { result: activity.result })}
        </Text>
      )}
    </>
  );
}

export function ActivityList({ activities, timeZone, timeOnly, showOwner, compact, ...actions }: ActivityListProps) {
  const { t } = useTranslation();
  const when = useWhen(timeZone, timeOnly);
  const whenFull = useWhen(timeZone, false);
  const anyOpen = activities.some((activity) => activity.state !== "completed");
  const completedText = (iso: string) =>
    t("activities.page.completedAt", { date: whenFull(iso).replace(/^./, (first) => first.toLowerCase()) });

  if (compact) {
    return (
      <Stack gap={0}>
        {activities.map((activity, index) => (
          <Paper
            key={activity.id}
            px="sm"
            py="xs"
            radius={0}
            style={index > 0 ? { borderTop: "1px solid var(--mantine-color-default-border)" } : undefined}
            data-state={activity.state}
          >
            <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
              <Text size="sm" fw={600} {...stateStyle(activity)} style={{ whiteSpace: "nowrap" }}>
                {when(activity.dueAt)}
              </Text>
              <Group gap={4} wrap="nowrap" miw={0}>
                <ActivityTypeIcon category={activity.type.category} size={14} />
                <Text size="xs" c="dimmed" truncate>
                  {activity.type.name}
                </Text>
              </Group>
            </Group>
            <Subject activity={activity} />
            {activity.completedAt && (
              <Text size="xs" c="dimmed">
                {completedText(activity.completedAt)}
              </Text>
            )}
            <Links activity={activity} />
            {showOwner && (
              <Text size="xs" c="dimmed">
                {activity.ownerName}
              </Text>
            )}
            <Group justify="flex-end" mt={4}>
              <RowActions activity={activity} {...actions} />
            </Group>
          </Paper>
        ))}
      </Stack>
    );
  }

  return (
    <Table.ScrollContainer minWidth={860}>
      <Table verticalSpacing="xs" highlightOnHover layout="fixed">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={timeOnly && anyOpen ? 76 : 150}>{t("activities.page.columns.when")}</Table.Th>
            <Table.Th w={180}>{t("activities.page.columns.type")}</Table.Th>
            <Table.Th w="27%">{t("activities.page.columns.subject")}</Table.Th>
            <Table.Th>{t("activities.page.columns.links")}</Table.Th>
            <Table.Th w={anyOpen ? 252 : 112}>
              <VisuallyHidden>{t("common.actions")}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {activities.map((activity) => (
            <Table.Tr key={activity.id} data-state={activity.state}>
              <Table.Td>
                <Text size="sm" fw={600} {...stateStyle(activity)} style={{ whiteSpace: "nowrap" }}>
                  {when(activity.dueAt)}
                </Text>
                {activity.completedAt && (
                  <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                    {completedText(activity.completedAt)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <ActivityTypeIcon category={activity.type.category} />
                  <Text size="sm" lineClamp={2}>
                    {activity.type.name}
                  </Text>
                </Group>
              </Table.Td>
              <Table.Td>
                <Subject activity={activity} />
                {showOwner && (
                  <Text size="xs" c="dimmed" mt={2}>
                    {activity.ownerName}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Links activity={activity} />
              </Table.Td>
              <Table.Td>
                <RowActions activity={activity} {...actions} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
