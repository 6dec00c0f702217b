import { Group, Stack, Text, Tooltip } from "@mantine/core";
import type { TaskSummary } from "@planerka/common";
import { IconClockPlay, IconMessage, IconSubtask } from "@tabler/icons-react";
import { useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { AnchorLink } from "../../lib/links";
import { type Column, CrmTable } from "../crm/list-kit";
import { DeadlineText, PriorityMark, StatusBadge, TaskLinkAnchor, TimeProgress } from "./task-badges";
import { formatMinutes } from "./task-status";

interface TaskTableProps {
  tasks: TaskSummary[];
  sort: string;
  onSort: (sort: string) => void;
}

const noSelection = new Set<string>();

/** The task list: sortable by title, priority and deadline (the server's allowlist); a row opens the card. */
export function TaskTable({ tasks, sort, onSort }: TaskTableProps) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const columns: Column<TaskSummary>[] = [
    {
      key: "title",
      label: t("tasks.list.columns.title"),
      sort: "title",
      minWidth: 220,
      render: (task) => <TitleCell task={task} timeZone={me.timeZone} />,
    },
    {
      key: "status",
      label: t("tasks.list.columns.status"),
      visibleFrom: "sm",
      render: (task) => <StatusBadge status={task.status} size="sm" />,
    },
    {
      key: "priority",
      label: t("tasks.list.columns.priority"),
      sort: "priority",
      visibleFrom: "xl",
      render: (task) => <PriorityMark priority={task.priority} withLabel />,
    },
    {
      key: "deadline",
      label: t("tasks.list.columns.deadline"),
      sort: "deadline",
      visibleFrom: "sm",
      render: (task) => <DeadlineText task={task} timeZone={me.timeZone} />,
    },
    {
      key: "assignee",
      label: t("tasks.list.columns.assignee"),
      visibleFrom: "md",
      render: (task) => <Text size="sm">{task.assignee.name}</Text>,
    },
    {
      key: "creator",
      label: t("tasks.list.columns.creator"),
      visibleFrom: "xl",
      render: (task) => <Text size="sm">{task.creator.name}</Text>,
    },
    {
      key: "checklist",
      label: t("tasks.list.columns.checklist"),
      visibleFrom: "md",
      render: (task) =>
        task.checklistTotal > 0 ? (
          <Text
            size="sm"
            c={task.checklistDone === task.checklistTotal ? "teal.7" : undefined}
            style={{ whiteSpace: "nowrap" }}
          >
            {t("tasks.checklist.progress", { done: task.checklistDone, total: task.checklistTotal })}
          </Text>
        ) : null,
    },
    {
      key: "time",
      label: t("tasks.list.columns.time"),
      visibleFrom: "md",
      render: (task) => <TimeProgress spentMinutes={task.spentMinutes} plannedMinutes={task.plannedMinutes} compact />,
    },
    {
      key: "link",
      label: t("tasks.list.columns.link"),
      visibleFrom: "lg",
      width: 170,
      render: (task) => <TaskLinkAnchor link={task.link} size="xs" />,
    },
  ];
  return (
    <CrmTable
      rows={tasks}
      columns={columns}
      sort={sort}
      onSort={onSort}
      selected={noSelection}
      onSelect={() => undefined}
      selectable={false}
      rowName={(task) => task.title}
      onOpen={(task) => void navigate({ to: "/tasks/$taskId", params: { taskId: task.id } })}
      trash={false}
    />
  );
}

/** The title with what a narrow screen hides in other columns, and small signs of activity. */
function TitleCell({ task, timeZone }: { task: TaskSummary; timeZone: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2}>
      <Group gap={6} wrap="nowrap" align="flex-start">
        <PriorityMark priority={task.priority} />
        <AnchorLink
          to="/tasks/$taskId"
          params={{ taskId: task.id }}
          size="sm"
          fw={500}
          lineClamp={2}
          c="var(--mantine-color-text)"
          td={task.status === "done" ? "line-through" : undefined}
          onClick={(event) => event.stopPropagation()}
        >
          {task.title}
        </AnchorLink>
      </Group>
      <Group gap={8} wrap="wrap">
        <Group gap={8} hiddenFrom="sm" wrap="wrap">
          <StatusBadge status={task.status} size="xs" />
          <DeadlineText task={task} timeZone={timeZone} size="xs" />
        </Group>
        {task.timerRunning && (
          <Tooltip label={t("tasks.list.timerRunning")}>
            <Group gap={2} c="teal.7" aria-label={t("tasks.list.timerRunning")}>
              <IconClockPlay size={14} />
            </Group>
          </Tooltip>
        )}
        {task.subtaskCount > 0 && (
          <Group gap={2} c="dimmed" aria-label={t("tasks.list.subtasks", { count: task.subtaskCount })}>
            <IconSubtask size={13} />
            <Text size="xs">{task.subtaskCount}</Text>
          </Group>
        )}
        {task.commentCount > 0 && (
          <Group gap={2} c="dimmed" aria-label={t("tasks.list.comments", { count: task.commentCount })}>
            <IconMessage size={13} />
            <Text size="xs">{task.commentCount}</Text>
          </Group>
        )}
        <Text size="xs" c="dimmed" hiddenFrom="md">
          {task.assignee.name}
        </Text>
        {(task.spentMinutes > 0 || task.plannedMinutes) && (
          <Text size="xs" c="dimmed" hiddenFrom="md">
            {task.plannedMinutes
              ? t("tasks.list.timeOf", {
                  spent: formatMinutes(task.spentMinutes),
                  planned: formatMinutes(task.plannedMinutes),
                })
              : formatMinutes(task.spentMinutes)}
          </Text>
        )}
      </Group>
    </Stack>
  );
}
