import { Alert, Button, Group, Stack, Text, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import type { Deal, Stage } from "@planerka/common";
import { IconClock } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Board, type BoardCard, BoardSkeleton } from "../../lib/board/board";
import { BoardCardMenu } from "../../lib/board/board-card-menu";
import { moveCard } from "../../lib/board/board-moves";
import { AnchorLink } from "../../lib/links";
import { isStaleVersion, problemText } from "../../lib/notify";
import { crmListQuery, type Kanban, kanbanPerStage, kanbanQuery, type QueryParams, updateRecord } from "./crm-api";
import { daysSince, money, moneyWhole } from "./crm-common";

interface Column {
  /** The stage's id. */
  id: string;
  stage: Stage;
  count: number;
  /** The amount of every deal at the stage (loaded or not). */
  sum: number;
  cards: Deal[];
}

interface DealsBoard {
  pipelineId: string;
  columns: Column[];
}

function toBoard(kanban: Kanban): DealsBoard {
  return {
    pipelineId: kanban.pipeline.id,
    columns: kanban.columns.map((column) => ({
      id: column.stage.id,
      stage: column.stage,
      count: column.count,
      sum: column.amount,
      cards: [...column.items],
    })),
  };
}

const amountOf = (deal: Deal) => deal.amount;

/** Moves a card between columns (counts and sums follow); the card goes on top, as the server orders them. */
function moveDeal(board: DealsBoard, deal: Deal, toStageId: string, replacement?: Deal): DealsBoard {
  const target = board.columns.find((column) => column.id === toStageId);
  if (!target) return board;
  const placed: Deal = replacement ?? {
    ...deal,
    stageId: target.stage.id,
    stage: { id: target.stage.id, name: target.stage.name, color: target.stage.color, semantic: target.stage.semantic },
    stageChangedAt: new Date().toISOString(),
  };
  return {
    ...board,
    columns: moveCard(board.columns, deal, deal.stageId, toStageId, { placed, weight: amountOf }),
  };
}

function replaceCard(board: DealsBoard, deal: Deal): DealsBoard {
  return {
    ...board,
    columns: board.columns.map((column) => ({
      ...column,
      cards: column.cards.map((item) => (item.id === deal.id ? deal : item)),
    })),
  };
}

interface DealCard extends BoardCard {
  deal: Deal;
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
  const queryClient = useQueryClient();
  const query = useQuery(kanbanQuery({ ...params, pipelineId }));
  const [board, setBoard] = useState<DealsBoard | null>(null);
  const [pending, setPending] = useState<Set<string>>(new Set());
  const [loadingMore, setLoadingMore] = useState<string | null>(null);

  useEffect(() => {
    if (query.data) setBoard(toBoard(query.data));
  }, [query.data]);

  useEffect(() => {
    if (!onTotals) return;
    if (!board) return onTotals(null);
    onTotals({
      count: board.columns.reduce((sum, column) => sum + column.count, 0),
      amount: board.columns.reduce((sum, column) => sum + column.sum, 0),
    });
  }, [board, onTotals]);

  const findDeal = (id: string): Deal | undefined => {
    for (const column of board?.columns ?? []) {
      const deal = column.cards.find((item) => item.id === id);
      if (deal) return deal;
    }
    return undefined;
  };

  const move = async (deal: Deal, toStageId: string) => {
    if (deal.stageId === toStageId || pending.has(deal.id)) return;
    const target = board?.columns.find((column) => column.id === toStageId);
    if (!target) return;
    setBoard((current) => (current ? moveDeal(current, deal, toStageId) : current));
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
        const now = current.columns.flatMap((column) => column.cards).find((item) => item.id === deal.id);
        return moveDeal(current, now ?? { ...deal, stageId: toStageId }, deal.stageId, deal);
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
    setLoadingMore(column.id);
    try {
      const page = await queryClient.fetchQuery({
        ...crmListQuery("deals", {
          ...params,
          pipelineId: board?.pipelineId,
          stageId: column.id,
          sort: "-stageChangedAt",
          limit: kanbanPerStage,
          offset: column.cards.length,
        }),
        staleTime: 0,
      });
      setBoard((current) =>
        current
          ? {
              ...current,
              columns: current.columns.map((item) => {
                if (item.id !== column.id) return item;
                const known = new Set(item.cards.map((deal) => deal.id));
                return { ...item, cards: [...item.cards, ...page.items.filter((deal) => !known.has(deal.id))] };
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
  if (!board) return <BoardSkeleton columns={4} />;

  const stages = board.columns.map((column) => column.stage);
  return (
    <Board<DealCard>
      dimmed={query.isPlaceholderData}
      emptyText={t("crm.kanban.empty")}
      dropText={t("crm.kanban.dropHere")}
      columns={board.columns.map((column) => ({
        id: column.id,
        title: column.stage.name,
        color: column.stage.color,
        count: column.count,
        summary: moneyWhole(column.sum),
        cards: column.cards.map((deal) => ({
          id: deal.id,
          label: deal.title,
          movable: deal.abilities.edit,
          pending: pending.has(deal.id),
          deal,
        })),
        footer: column.count > column.cards.length && (
          <Button variant="subtle" size="xs" loading={loadingMore === column.id} onClick={() => void loadMore(column)}>
            {t("crm.kanban.loadMore", { count: column.count - column.cards.length })}
          </Button>
        ),
      }))}
      renderCard={(card) => (
        <KanbanCard
          deal={card.deal}
          stages={stages}
          pending={card.pending === true}
          movable={card.movable !== false}
          onMove={(stageId) => void move(card.deal, stageId)}
        />
      )}
      onMove={(cardId, _from, to) => {
        const deal = findDeal(cardId);
        if (deal) void move(deal, to);
      }}
    />
  );
}

interface KanbanCardProps {
  deal: Deal;
  stages: Stage[];
  pending: boolean;
  movable: boolean;
  onMove: (stageId: string) => void;
}

/** A deal's card on the board (the board draws its frame): title, company, amount, owner, days at the stage. */
function KanbanCard({ deal, stages, pending, movable, onMove }: KanbanCardProps) {
  const { t } = useTranslation();
  const age = daysSince(deal.stageChangedAt);
  return (
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
          <BoardCardMenu
            label={t("crm.kanban.cardMenu", { title: deal.title })}
            title={t("crm.kanban.moveTo")}
            pending={pending}
            targets={stages
              .filter((stage) => stage.id !== deal.stageId)
              .map((stage) => ({ id: stage.id, label: stage.name, color: stage.color }))}
            onMove={onMove}
          />
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
  );
}
