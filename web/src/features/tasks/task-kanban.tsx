import { ActionIcon, Alert, Box, Button, Group, Menu, Paper, Skeleton, Stack, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { type TaskStatus, type TaskSummary, taskStatuses } from "@planerka/common";
import { IconArrowsExchange } from "@tabler/icons-react";
import { useQueries, useQueryClient } from "@tanstack/react-query";
import { type CSSProperties, type DragEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { AnchorLink } from "../../lib/links";
import { problemText } from "../../lib/notify";
// The deals' kanban look (columns, cards, drop highlight), shared rather than copied.
import classes from "../crm/crm.module.css";
import { DeadlineText, PriorityMark } from "./task-badges";
import { actionForMove, statusColors } from "./task-status";
import { changeTaskStatus, refreshTaskViews, type TaskListParams, taskListQuery } from "./tasks-api";

const perColumn = 30;
/** Columns in the order work flows through them. */
const columnOrder: TaskStatus[] = ["new", "in_progress", "waiting_control", "deferred", "done"];

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
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOver] = useState<TaskStatus | null>(null);
  const draggingRef = useRef<TaskSummary | null>(null);
  const wide = useMediaQuery("(min-width: 48em)");

  const columns = useQueries({
    queries: columnOrder.map((status) =>
      taskListQuery({ ...params, status, sort: "deadline", limit: limits[status] ?? perColumn, offset: 0 }),
    ),
  });
  const error = columns.find((column) => column.error)?.error;
  if (error) return <Alert color="red">{problemText(error)}</Alert>;
  if (columns.some((column) => !column.data)) {
    return (
      <div className={classes.board}>
        {columnOrder.map((status) => (
          <Skeleton key={status} className={classes.column} h={360} />
        ))}
      </div>
    );
  }

  const all = columns.flatMap((column) => column.data?.items ?? []);
  const statusOf = (task: TaskSummary) => moved.get(task.id) ?? task.status;
  const board = columnOrder.map((status, index) => {
    const loaded = columns[index]?.data;
    const items = all.filter((task) => statusOf(task) === status);
    const movedIn = items.filter((task) => task.status !== status).length;
    const movedOut = (loaded?.items ?? []).filter((task) => statusOf(task) !== status).length;
    return { status, items, total: (loaded?.total ?? 0) + movedIn - movedOut, loaded: loaded?.items.length ?? 0 };
  });

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

  const onDrop = (event: DragEvent<HTMLElement>, status: TaskStatus) => {
    event.preventDefault();
    setOver(null);
    setDragging(null);
    const id = event.dataTransfer.getData("text/plain") || draggingRef.current?.id;
    draggingRef.current = null;
    const task = all.find((item) => item.id === id);
    if (task) void move(task, status);
  };

  const fetching = columns.some((column) => column.isPlaceholderData);
  // Five columns share a laptop's width; a phone keeps the deals' swipeable full-width columns.
  const columnStyle = wide ? { flex: "1 0 190px", width: "auto" } : undefined;
  return (
    <section className={classes.board} style={{ opacity: fetching ? 0.6 : 1 }} aria-label={t("tasks.kanban.label")}>
      {board.map((column) => (
        <section
          key={column.status}
          aria-label={t(`tasks.status.${column.status}`)}
          data-status={column.status}
          className={`${classes.column} ${over === column.status ? classes.columnOver : ""}`}
          style={
            {
              ...columnStyle,
              "--stage-color": `var(--mantine-color-${statusColors[column.status]}-5)`,
            } as CSSProperties
          }
          onDragOver={(event) => {
            if (dragging === null && !event.dataTransfer.types.includes("text/plain")) return;
            event.preventDefault();
            event.dataTransfer.dropEffect = "move";
            if (over !== column.status) setOver(column.status);
          }}
          onDragLeave={(event) => {
            if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(null);
          }}
          onDrop={(event) => onDrop(event, column.status)}
        >
          <div className={classes.columnHeader}>
            <Group justify="space-between" wrap="nowrap" gap={4}>
              <Text fw={600} size="sm" truncate>
                {t(`tasks.status.${column.status}`)}
              </Text>
              <Text size="xs" c="dimmed" fw={600}>
                {column.total}
              </Text>
            </Group>
          </div>
          <div className={classes.columnBody}>
            {column.items.length === 0 && (
              <Text size="xs" c="dimmed" ta="center" py="md">
                {dragging ? t("tasks.kanban.dropHere") : t("tasks.kanban.empty")}
              </Text>
            )}
            {column.items.map((task) => (
              <KanbanCard
                key={task.id}
                task={task}
                status={column.status}
                timeZone={me.timeZone}
                pending={pending.has(task.id)}
                dragging={dragging === task.id}
                onDragStart={(event) => {
                  event.dataTransfer.setData("text/plain", task.id);
                  event.dataTransfer.effectAllowed = "move";
                  draggingRef.current = task;
                  setDragging(task.id);
                }}
                onDragEnd={() => {
                  setDragging(null);
                  setOver(null);
                  draggingRef.current = null;
                }}
                onMove={(to) => void move(task, to)}
              />
            ))}
            {column.total > column.loaded && (
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
            )}
          </div>
        </section>
      ))}
    </section>
  );
}

interface KanbanCardProps {
  task: TaskSummary;
  status: TaskStatus;
  timeZone: string;
  pending: boolean;
  dragging: boolean;
  onDragStart: (event: DragEvent<HTMLElement>) => void;
  onDragEnd: () => void;
  onMove: (status: TaskStatus) => void;
}

function KanbanCard({ task, status, timeZone, pending, dragging, onDragStart, onDragEnd, onMove }: KanbanCardProps) {
  const { t } = useTranslation();
  const targets = taskStatuses.filter((to) => actionForMove(status, to) !== null);
  const className = [classes.card, dragging ? classes.cardDragging : "", pending ? classes.cardPending : ""].join(" ");
  return (
    <Paper
      component="article"
      aria-label={task.title}
      aria-busy={pending || undefined}
      withBorder
      radius="sm"
      p="xs"
      shadow="xs"
      className={className}
      style={{ "--stage-color": `var(--mantine-color-${statusColors[status]}-5)` } as CSSProperties}
      draggable={!pending}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
    >
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
          <Menu position="bottom-end" withinPortal shadow="md">
            <Menu.Target>
              <ActionIcon
                variant="subtle"
                color="gray"
                size="sm"
                aria-label={t("tasks.kanban.cardMenu", { title: task.title })}
                disabled={pending}
              >
                <IconArrowsExchange size={14} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{t("tasks.kanban.moveTo")}</Menu.Label>
              {targets.map((to) => {
                const action = actionForMove(status, to);
                return action ? (
                  <Menu.Item
                    key={to}
                    onClick={() => onMove(to)}
                    leftSection={
                      <Box
                        w={10}
                        h={10}
                        style={{ borderRadius: 5, background: `var(--mantine-color-${statusColors[to]}-5)` }}
                      />
                    }
                  >
                    {t(`tasks.actions.${action}`)} → {t(`tasks.status.${to}`)}
                  </Menu.Item>
                ) : null;
              })}
            </Menu.Dropdown>
          </Menu>
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
    </Paper>
  );
}
