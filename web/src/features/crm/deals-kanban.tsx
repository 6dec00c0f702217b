import { ActionIcon, Alert, Box, Button, Group, Menu, Paper, Skeleton, Stack, Text, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import type { Deal, Stage } from "@planerka/common";
import { IconArrowsExchange, IconClock } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type CSSProperties, type DragEvent, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { AnchorLink } from "../../lib/links";
import { isStaleVersion, problemText } from "../../lib/notify";
import classes from "./crm.module.css";
import { crmListQuery, type Kanban, kanbanPerStage, kanbanQuery, type QueryParams, updateRecord } from "./crm-api";
import { canDoOn, daysSince, money, moneyWhole } from "./crm-common";

interface Column {
  stage: Stage;
  count: number;
  amount: number;
  items: Deal[];
}

interface Board {
  pipelineId: string;
  columns: Column[];
}

function toBoard(kanban: Kanban): Board {
  return {
    pipelineId: kanban.pipeline.id,
    columns: kanban.columns.map((column) => ({ ...column, items: [...column.items] })),
  };
}

/** Moves a card between columns (counts and sums follow); the card goes on top, as the server orders them. */
function moveCard(board: Board, deal: Deal, toStageId: string, replacement?: Deal): Board {
  const target = board.columns.find((column) => column.stage.id === toStageId);
  if (!target) return board;
  const moved: Deal = replacement ?? {
    ...deal,
    stageId: target.stage.id,
    stage: { id: target.stage.id, name: target.stage.name, color: target.stage.color, semantic: target.stage.semantic },
    stageChangedAt: new Date().toISOString(),
  };
  return {
    ...board,
    columns: board.columns.map((column) => {
      let items = column.items.filter((item) => item.id !== deal.id);
      let { count, amount } = column;
      if (column.stage.id === deal.stageId) {
        count -= 1;
        amount -= deal.amount;
      }
      if (column.stage.id === toStageId) {
        items = [moved, ...items];
        count += 1;
        amount += moved.amount;
      }
      return { ...column, items, count: Math.max(0, count), amount };
    }),
  };
}

function replaceCard(board: Board, deal: Deal): Board {
  return {
    ...board,
    columns: board.columns.map((column) => ({
      ...column,
      items: column.items.map((item) => (item.id === deal.id ? deal : item)),
    })),
  };
}

interface DealsKanbanProps {
  /** The list's filters (without paging and sort). */
  params: QueryParams;
  pipelineId: string | undefined;
  onTotals?: (totals: { count: number; amount: number } | null) => void;
}

/** Deals by stage: drag a card (or use its menu) to change its stage; counts and sums cover every matching deal. */
export function DealsKanban({ params, pipelineId, onTotals }: DealsKanbanProps) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const query = useQuery(kanbanQuery({ ...params, pipelineId }));
  const [board, setBoard] = useState<Board | null>(null);
  const [pending, setPending] = useState<Set<string>>(new Set());
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState<string | null>(null);
  const draggingRef = useRef<Deal | null>(null);

  useEffect(() => {
    if (query.data) setBoard(toBoard(query.data));
  }, [query.data]);

  useEffect(() => {
    if (!onTotals) return;
    if (!board) return onTotals(null);
    onTotals({
      count: board.columns.reduce((sum, column) => sum + column.count, 0),
      amount: board.columns.reduce((sum, column) => sum + column.amount, 0),
    });
  }, [board, onTotals]);

  const findDeal = (id: string): Deal | undefined => {
    for (const column of board?.columns ?? []) {
      const deal = column.items.find((item) => item.id === id);
      if (deal) return deal;
    }
    return undefined;
  };

  const move = async (deal: Deal, toStageId: string) => {
    if (deal.stageId === toStageId || pending.has(deal.id)) return;
    const target = board?.columns.find((column) => column.stage.id === toStageId);
    if (!target) return;
    setBoard((current) => (current ? moveCard(current, deal, toStageId) : current));
    setPending((current) => new Set(current).add(deal.id));
    try {
      const updated = await updateRecord("deals", deal.id, { stageId: toStageId, version: deal.version });
      setBoard((current) => (current ? replaceCard(current, updated) : current));
      queryClient.setQueryData(["crm", "deals", "one", deal.id], updated);
      // Lists and cards elsewhere are stale now; the board itself stays as the user arranged it.
      void queryClient.invalidateQueries({ queryKey: ["crm", "deals"], refetchType: "none" });
      void queryClient.invalidateQueries({ queryKey: ["crm", "deals", "timeline", deal.id] });
      notifications.show({
        color: "teal",
        message: t("crm.kanban.moved", { title: deal.title, stage: target.stage.name }),
        autoClose: 2500,
      });
    } catch (error) {
      setBoard((current) => {
        if (!current) return current;
        const now = current.columns.flatMap((column) => column.items).find((item) => item.id === deal.id);
        return moveCard(current, now ?? { ...deal, stageId: toStageId }, deal.stageId, deal);
      });
      notifications.show({
        color: "red",
        title: t("crm.kanban.moveFailed"),
        message: problemText(error),
        autoClose: 8000,
      });
      if (isStaleVersion(error)) void query.refetch();
    } finally {
      setPending((current) => {
        const next = new Set(current);
        next.delete(deal.id);
        return next;
      });
    }
  };

  const loadMore = async (column: Column) => {
    setLoadingMore(column.stage.id);
    try {
      const page = await queryClient.fetchQuery({
        ...crmListQuery("deals", {
          ...params,
          pipelineId: board?.pipelineId,
          stageId: column.stage.id,
          sort: "-stageChangedAt",
          limit: kanbanPerStage,
          offset: column.items.length,
        }),
        staleTime: 0,
      });
      setBoard((current) =>
        current
          ? {
              ...current,
              columns: current.columns.map((item) => {
                if (item.stage.id !== column.stage.id) return item;
                const known = new Set(item.items.map((deal) => deal.id));
                return { ...item, items: [...item.items, ...page.items.filter((deal) => !known.has(deal.id))] };
              }),
            }
          : current,
      );
    } catch (error) {
      notifications.show({ color: "red", message: problemText(error) });
    } finally {
      setLoadingMore(null);
    }
  };

  if (query.error) return <Alert color="red">{problemText(query.error)}</Alert>;
  if (!board) {
    return (
      <div className={classes.board}>
        {[0, 1, 2, 3].map((index) => (
          <Skeleton key={index} className={classes.column} h={360} />
        ))}
      </div>
    );
  }

  const onDrop = (event: DragEvent<HTMLElement>, stageId: string) => {
    event.preventDefault();
    setOver(null);
    setDragging(null);
    const id = event.dataTransfer.getData("text/plain") || draggingRef.current?.id;
    draggingRef.current = null;
    const deal = id ? findDeal(id) : undefined;
    if (deal) void move(deal, stageId);
  };

  return (
    <div className={classes.board} style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}>
      {board.columns.map((column) => {
        const canDrop = dragging !== null;
        return (
          <section
            key={column.stage.id}
            aria-label={column.stage.name}
            className={`${classes.column} ${over === column.stage.id ? classes.columnOver : ""}`}
            style={{ "--stage-color": column.stage.color } as CSSProperties}
            onDragOver={(event) => {
              if (!canDrop && !event.dataTransfer.types.includes("text/plain")) return;
              event.preventDefault();
              event.dataTransfer.dropEffect = "move";
              if (over !== column.stage.id) setOver(column.stage.id);
            }}
            onDragLeave={(event) => {
              if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(null);
            }}
            onDrop={(event) => onDrop(event, column.stage.id)}
          >
            <div className={classes.columnHeader}>
              <Group justify="space-between" wrap="nowrap" gap={4}>
                <Text fw={600} size="sm" truncate title={column.stage.name}>
                  {column.stage.name}
                </Text>
                <Text size="xs" c="dimmed" fw={600}>
                  {column.count}
                </Text>
              </Group>
              <Text size="xs" c="dimmed">
                {moneyWhole(column.amount)}
              </Text>
            </div>
            <div className={classes.columnBody}>
              {column.items.length === 0 && (
                <Text size="xs" c="dimmed" ta="center" py="md">
                  {dragging ? t("crm.kanban.dropHere") : t("crm.kanban.empty")}
                </Text>
              )}
              {column.items.map((deal) => (
                <KanbanCard
                  key={deal.id}
                  deal={deal}
                  stages={board.columns.map((item) => item.stage)}
                  pending={pending.has(deal.id)}
                  dragging={dragging === deal.id}
                  movable={canDoOn(me, "deals", "write", deal.ownerId)}
                  onDragStart={(event) => {
                    event.dataTransfer.setData("text/plain", deal.id);
                    event.dataTransfer.effectAllowed = "move";
                    draggingRef.current = deal;
                    setDragging(deal.id);
                  }}
                  onDragEnd={() => {
                    setDragging(null);
                    setOver(null);
                    draggingRef.current = null;
                  }}
                  onMove={(stageId) => void move(deal, stageId)}
                />
              ))}
              {column.count > column.items.length && (
                <Button
                  variant="subtle"
                  size="xs"
                  loading={loadingMore === column.stage.id}
                  onClick={() => void loadMore(column)}
                >
                  {t("crm.kanban.loadMore", { count: column.count - column.items.length })}
                </Button>
              )}
            </div>
          </section>
        );
      })}
    </div>
  );
}

interface KanbanCardProps {
  deal: Deal;
  stages: Stage[];
  pending: boolean;
  dragging: boolean;
  movable: boolean;
  onDragStart: (event: DragEvent<HTMLElement>) => void;
  onDragEnd: () => void;
  onMove: (stageId: string) => void;
}

function KanbanCard({ deal, stages, pending, dragging, movable, onDragStart, onDragEnd, onMove }: KanbanCardProps) {
  const { t } = useTranslation();
  const age = daysSince(deal.stageChangedAt);
  const className = [classes.card, dragging ? classes.cardDragging : "", pending ? classes.cardPending : ""].join(" ");
  return (
    <Paper
      component="article"
      aria-label={deal.title}
      aria-busy={pending || undefined}
      withBorder
      radius="sm"
      p="xs"
      shadow="xs"
      className={className}
      style={{ "--stage-color": deal.stage.color, cursor: movable ? undefined : "default" } as CSSProperties}
      draggable={movable && !pending}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
    >
      <Stack gap={4}>
        <Group justify="space-between" wrap="nowrap" align="flex-start" gap={4}>
          <AnchorLink
            to="/crm/deals/$dealId"
            params={{ dealId: deal.id }}
            size="sm"
            fw={600}
            draggable={false}
            lineClamp={2}
            c="var(--mantine-color-text)"
          >
            {deal.title}
          </AnchorLink>
          {movable && (
            <Menu position="bottom-end" withinPortal shadow="md">
              <Menu.Target>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="sm"
                  aria-label={t("crm.kanban.cardMenu", { title: deal.title })}
                  disabled={pending}
                >
                  <IconArrowsExchange size={14} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{t("crm.kanban.moveTo")}</Menu.Label>
                {stages
                  .filter((stage) => stage.id !== deal.stageId)
                  .map((stage) => (
                    <Menu.Item
                      key={stage.id}
                      onClick={() => onMove(stage.id)}
                      leftSection={<Box w={10} h={10} style={{ borderRadius: 5, background: stage.color }} />}
                    >
                      {stage.name}
                    </Menu.Item>
                  ))}
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
        {deal.company && (
          <Text size="xs" c="dimmed" truncate>
            {deal.company.name}
          </Text>
        )}
        <Text size="sm" fw={600}>
          {money(deal.amount)}
        </Text>
        <Group justify="space-between" wrap="nowrap" gap={4}>
          <Text size="xs" c="dimmed" truncate>
            {deal.ownerName}
          </Text>
          <Tooltip label={t("crm.kanban.ageTitle")}>
            <Group gap={2} wrap="nowrap" c={age > 30 && deal.stage.semantic === "open" ? "orange.7" : "dimmed"}>
              <IconClock size={12} />
              <Text size="xs" style={{ whiteSpace: "nowrap" }}>
                {t("crm.kanban.age", { count: age })}
              </Text>
            </Group>
          </Tooltip>
        </Group>
      </Stack>
    </Paper>
  );
}
