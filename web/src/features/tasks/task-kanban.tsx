import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { type TaskStatus, type TaskSummary, taskStatuses } from "@planerka/common";
import { useQueries, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { Board, type BoardCard, BoardSkeleton } from "../../lib/board/board";
import { BoardCardMenu } from "../../lib/board/board-card-menu";
import { withMoves } from "../../lib/board/board-moves";
import { AnchorLink } from "../../lib/links";
import { problemText } from "../../lib/notify";
import { DeadlineText, PriorityMark } from "./task-badges";
import { actionForMove, statusColors } from "./task-status";
import { changeTaskStatus, refreshTaskViews, type TaskListParams, taskListQuery } from "./tasks-api";

const perColumn = 30;
/** Columns in the order work flows through them. */
const columnOrder: TaskStatus[] = ["new", "in_progress", "waiting_control", "deferred", "done"];

const statusColor = (status: TaskStatus) => `var(--mantine-color-${statusColors[status]}-5)`;

interface TaskCard extends BoardCard {
  task: TaskSummary;
}

interface TaskKanbanProps {
  /** The list's filters (view, person, search), without status, paging and sort. */
  params: TaskListParams;
}

/** Tasks by status: drag a card (or use its menu) to start, pause, defer, complete, accept or renew it. */
export function TaskKanban({ params }: TaskKanbanProps) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [limits, setLimits] = useState<Record<string, number>>({});
  const [moved, setMoved] = useState<Map<string, TaskStatus>>(new Map());
  const [pending, setPending] = useState<Set<string>>(new Set());

  const columns = useQueries({
    queries: columnOrder.map((status) =>
      taskListQuery({ ...params, status, sort: "deadline", limit: limits[status] ?? perColumn, offset: 0 }),
    ),
  });
  const error = columns.find((column) => column.error)?.error;
  if (error) return <Alert color="red">{problemText(error)}</Alert>;
  if (columns.some((column) => !column.data)) return <BoardSkeleton columns={columnOrder.length} />;

  // The columns as the server sent them, with the moves still on their way shown where they were dropped.
  const board = withMoves(
    columnOrder.map((status, index) => {
      const loaded = columns[index]?.data;
      return { id: status, status, cards: loaded?.items ?? [], count: loaded?.total ?? 0 };
    }),
    moved,
  ).map((column, index) => ({ ...column, loaded: columns[index]?.data?.items.length ?? 0 }));
  const all = board.flatMap((column) => column.cards);
  const statusOf = (task: TaskSummary) => moved.get(task.id) ?? task.status;

  const move = async (task: TaskSummary, to: TaskStatus) => {
    const from = statusOf(task);
    if (from === to || pending.has(task.id)) return;
    const action = actionForMove(from, to);
    if (!action) {
      notifications.show({
        color: "yellow",
        message: t("tasks.kanban.noMove", { from: t(`tasks.status.${from}`), to: t(`tasks.status.${to}`) }),
      });
      return;
    }
    setMoved((current) => new Map(current).set(task.id, to));
    setPending((current) => new Set(current).add(task.id));
    try {
      const updated = await changeTaskStatus(task.id, task.version, action);
      notifications.show({
        color: "teal",
        message: t("tasks.kanban.moved", { title: task.title, status: t(`tasks.status.${updated.status}`) }),
        autoClose: 2500,
      });
    } catch (caught) {
      notifications.show({ color: "red", title: t("tasks.kanban.moveFailed"), message: problemText(caught) });
    }
    // The server decides where the card lands (a task under control goes to «Ждёт контроля»).
    refreshTaskViews(queryClient, task.id);
    await queryClient.refetchQueries({ queryKey: ["tasks", "list"], type: "active" });
    setMoved((current) => {
      const next = new Map(current);
      next.delete(task.id);
      return next;
    });
    setPending((current) => {
      const next = new Set(current);
      next.delete(task.id);
      return next;
    });
  };

  const fetching = columns.some((column) => column.isPlaceholderData);
  return (
    <Board<TaskCard>
      label={t("tasks.kanban.label")}
      // Five columns share a laptop's width; a phone keeps the deals' swipeable full-width columns.
      fill
      dimmed={fetching}
      emptyText={t("tasks.kanban.empty")}
      dropText={t("tasks.kanban.dropHere")}
      columns={board.map((column) => ({
        id: column.status,
        title: t(`tasks.status.${column.status}`),
        color: statusColor(column.status),
        count: column.count,
        data: { "data-status": column.status },
        cards: column.cards.map((task) => ({ id: task.id, label: task.title, pending: pending.has(task.id), task })),
        footer: column.count > column.loaded && (
          <Button
            variant="subtle"
            size="xs"
            onClick={() =>
              setLimits((current) => ({
                ...current,
                [column.status]: (current[column.status] ?? perColumn) + perColumn,
              }))
            }
          >
            {t("tasks.kanban.loadMore")}
          </Button>
        ),
      }))}
      renderCard={(card, column) => (
        <KanbanCard
          task={card.task}
          status={column.id as TaskStatus}
          timeZone={me.timeZone}
          pending={card.pending === true}
          onMove={(to) => void move(card.task, to)}
        />
      )}
      onMove={(cardId, _from, to) => {
        const task = all.find((item) => item.id === cardId);
        if (task) void move(task, to as TaskStatus);
      }}
    />
  );
}

interface KanbanCardProps {
  task: TaskSummary;
  status: TaskStatus;
  timeZone: string;
  pending: boolean;
  onMove: (status: TaskStatus) => void;
}

/** A task's card on the board (the board draws its frame): priority, title, deadline, assignee, checklist. */
function KanbanCard({ task, status, timeZone, pending, onMove }: KanbanCardProps) {
  const { t } = useTranslation();
  const targets = taskStatuses.filter((to) => actionForMove(status, to) !== null);
  return (
    <Stack gap={4}>
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap={4}>
        <Group gap={4} wrap="nowrap" align="flex-start" miw={0}>
          <PriorityMark priority={task.priority} />
          <AnchorLink
            to="/tasks/$taskId"
            params={{ taskId: task.id }}
            size="sm"
            fw={600}
            draggable={false}
            lineClamp={3}
            c="var(--mantine-color-text)"
          >
            {task.title}
          </AnchorLink>
        </Group>
        <BoardCardMenu
          label={t("tasks.kanban.cardMenu", { title: task.title })}
          title={t("tasks.kanban.moveTo")}
          pending={pending}
          targets={targets.flatMap((to) => {
            const action = actionForMove(status, to);
            return action
              ? [
                  {
                    id: to,
                    label: `${t(`tasks.actions.${action}`)} → ${t(`tasks.status.${to}`)}`,
                    color: statusColor(to),
                  },
                ]
              : [];
          })}
          onMove={(to) => onMove(to as TaskStatus)}
        />
      </Group>
      <DeadlineText task={task} timeZone={timeZone} size="xs" />
      <Group justify="space-between" wrap="nowrap" gap={4}>
        <Text size="xs" c="dimmed" truncate>
          {task.assignee.name}
        </Text>
        {task.checklistTotal > 0 && (
          <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
            ☑ {t("tasks.checklist.progress", { done: task.checklistDone, total: task.checklistTotal })}
          </Text>
        )}
      </Group>
    </Stack>
  );
}
