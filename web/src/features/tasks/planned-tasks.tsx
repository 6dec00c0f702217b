import { Group, Paper, Stack, Text } from "@mantine/core";
import type { TaskSummary } from "@planerka/common";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { AnchorLink } from "../../lib/links";
import { zonedNow } from "../crm/activity-time";
import { DeadlineText, StatusBadge, TaskLinkAnchor } from "./task-badges";
import { type TaskListParams, taskListQuery } from "./tasks-api";

/** Tasks still to be done count as planned work; done ones are history, not plans. */
const openStatuses = "new,in_progress,waiting_control,deferred";

/** The caller's tasks whose deadline falls in a tab of «Мои дела». */
function periodParams(tab: string, timeZone: string): TaskListParams | null {
  const today = zonedNow(timeZone).startOf("day");
  switch (tab) {
    case "overdue":
      return { view: "my", overdue: "true", sort: "deadline" };
    case "today":
      return {
        view: "my",
        status: openStatuses,
        deadlineFrom: today.toISOString(),
        deadlineTo: today.add(1, "day").toISOString(),
        sort: "deadline",
      };
    case "upcoming":
      return { view: "my", status: openStatuses, deadlineFrom: today.add(1, "day").toISOString(), sort: "deadline" };
    default:
      return null;
  }
}

interface PlannedTasksProps {
  /** The tab of «Мои дела»: overdue, today, upcoming, completed. */
  tab: string;
  /** Whose activities the page shows; tasks appear on one's own page only. */
  ownerId: string;
}

/** «Задачи со сроком» among the owner's planned activities: each row opens the task. */
export function PlannedTasks({ tab, ownerId }: PlannedTasksProps) {
  const { t } = useTranslation();
  const me = useMe();
  const params = ownerId === me.id ? periodParams(tab, me.timeZone) : null;
  const query = useQuery({ ...taskListQuery({ ...params, limit: 20 }), enabled: params !== null });
  const tasks = params ? (query.data?.items ?? []) : [];
  if (tasks.length === 0) return null;
  const title = tab === "overdue" ? t("tasks.planned.overdueTitle") : t("tasks.planned.title");
  return (
    <Paper withBorder radius="md" p="sm" component="section" aria-label={title}>
      <Text fw={600} size="sm" mb="xs">
        {title} · {query.data?.total ?? tasks.length}
      </Text>
      <TaskCompactList tasks={tasks} />
    </Paper>
  );
}

/** Tasks as short rows: title (to the card), the linked record, deadline and status. */
export function TaskCompactList({ tasks }: { tasks: TaskSummary[] }) {
  const me = useMe();
  return (
    <Stack gap={6} component="ul" m={0} p={0} style={{ listStyle: "none" }}>
      {tasks.map((task) => (
        <Group component="li" key={task.id} gap="xs" wrap="nowrap" justify="space-between" align="flex-start">
          <Stack gap={0} miw={0}>
            <AnchorLink to="/tasks/$taskId" params={{ taskId: task.id }} size="sm" fw={500} lineClamp={2}>
              {task.title}
            </AnchorLink>
            <TaskLinkAnchor link={task.link} size="xs" />
          </Stack>
          <Stack gap={2} align="flex-end" style={{ flexShrink: 0 }}>
            <DeadlineText task={task} timeZone={me.timeZone} size="xs" />
            <StatusBadge status={task.status} size="xs" />
          </Stack>
        </Group>
      ))}
    </Stack>
  );
}
