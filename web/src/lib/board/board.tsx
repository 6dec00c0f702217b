import {
  type Announcements,
  type CollisionDetection,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
  KeyboardSensor,
  MouseSensor,
  pointerWithin,
  rectIntersection,
  TouchSensor,
  type UniqueIdentifier,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { Group, Paper, Skeleton, Text } from "@mantine/core";
import {
  type CSSProperties,
  type ReactNode,
  type SyntheticEvent,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { useTranslation } from "react-i18next";
import classes from "./board.module.css";
import { dropMove, nextColumn, placeInColumn } from "./board-moves";

/*
 * One drag-and-drop board for every kanban (deals by stage, tasks by status), on dnd-kit: a mouse
 * lifts a card once it moves a few pixels (so a click still opens the card's link), a finger by
 * holding it a moment (so a swipe still scrolls the columns), the keyboard with Space or Enter on
 * the focused card, the arrows choosing the column; a screen reader hears each step. The board
 * only reports a drop: what a move means, whether it is allowed and how it reaches the server
 * is the feature's (`onMove`).
 */

/** What the board needs of a card; the feature adds what its `renderCard` shows. */
export interface BoardCard {
  id: string;
  /** The card's name: its `aria-label`, and what the screen reader is told is moving. */
  label: string;
  /** False when the caller may not move this card: it cannot be lifted. */
  movable?: boolean;
  /** A move of this card is on its way to the server: it is dimmed and cannot be lifted. */
  pending?: boolean;
}

export interface BoardColumn<C extends BoardCard> {
  id: string;
  /** The column's name: its heading and its `aria-label` (a `region`). */
  title: string;
  /** Any CSS colour: the column's top edge and its cards' left edges. */
  color: string;
  /** The cards loaded, in the order shown. */
  cards: readonly C[];
  /** How many cards the column holds in all (loaded or not), shown beside the title. */
  count: number;
  /** A line under the title (a column's sum). */
  summary?: ReactNode;
  /** Under the cards: the column's «load more». */
  footer?: ReactNode;
  /** `data-*` attributes for the column's element. */
  data?: Record<`data-${string}`, string>;
}

export interface BoardProps<C extends BoardCard> {
  columns: readonly BoardColumn<C>[];
  /** A card's content; the board draws its frame (border, colour, drag handling). */
  renderCard: (card: C, column: BoardColumn<C>) => ReactNode;
  /** A card was dropped on another column than the one it is shown in. */
  onMove: (cardId: string, fromColumn: string, toColumn: string) => void;
  /** An empty column's text, and what it says while a card is being dragged. */
  emptyText: string;
  dropText: string;
  /** Names the board (a `region`); without it the board is a plain container. */
  label?: string;
  /** Dims the board while newer data is on its way. */
  dimmed?: boolean;
  /** On a laptop the columns share the width rather than keep their own and scroll sideways. */
  fill?: boolean;
}

/** The board's shape while its first data loads. */
export function BoardSkeleton({ columns }: { columns: number }) {
  return (
    <div className={classes.board}>
      {Array.from({ length: columns }, (_, index) => index).map((position) => (
        <Skeleton key={position} className={classes.column} h={360} />
      ))}
    </div>
  );
}

/** A mouse lifts a card after 5 px, a finger after holding it 250 ms without sliding more than 8 px. */
const mouseActivation = { distance: 5 };
const touchActivation = { delay: 250, tolerance: 8 };

/** The column under the pointer; for the keyboard (no pointer), the column the card overlaps most. */
/**
 * The board scrolls sideways only when the pointer is at its very edge: with dnd-kit's default (a
 * fifth of the width) a card dropped on a visible column near the right side was carried past it.
 */
const autoScroll = { threshold: { x: 0.04, y: 0.1 }, acceleration: 6 };

const collisionDetection: CollisionDetection = (args) =>
  args.pointerCoordinates ? pointerWithin(args) : rectIntersection(args);

interface ColumnData {
  column: string;
}

function columnOf(data: { current?: Record<string, unknown> } | undefined): string | undefined {
  const column = (data?.current as Partial<ColumnData> | undefined)?.column;
  return typeof column === "string" ? column : undefined;
}

export function Board<C extends BoardCard>({
  columns,
  renderCard,
  onMove,
  emptyText,
  dropText,
  label,
  dimmed,
  fill,
}: BoardProps<C>) {
  const { t } = useTranslation();
  // The card being dragged and its column, as they were when it was lifted: the picture under the
  // pointer stays even if newer data moves or drops the card meanwhile.
  const [lifted, setLifted] = useState<{ card: C; column: BoardColumn<C> } | null>(null);
  // The latest columns, for the announcements and the keyboard, which dnd-kit calls between renders.
  const columnsRef = useRef(columns);
  useEffect(() => {
    columnsRef.current = columns;
  }, [columns]);
  // The column the screen reader was last told the card is over, so it is not told twice.
  const announcedOver = useRef<UniqueIdentifier | null>(null);

  const coordinateGetter = useCallback<KeyboardCoordinateGetter>((event, { context }) => {
    const { active, collisionRect, droppableRects, over } = context;
    if (!active || !collisionRect) return undefined;
    const current = over?.id ?? columnOf(active.data) ?? null;
    const order = columnsRef.current.map((column) => column.id);
    const target = nextColumn(order, current === null ? null : String(current), event.code);
    const rect = target === null ? undefined : droppableRects.get(target);
    if (!rect) return undefined;
    event.preventDefault();
    return placeInColumn(rect, collisionRect);
  }, []);

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: mouseActivation }),
    useSensor(TouchSensor, { activationConstraint: touchActivation }),
    useSensor(KeyboardSensor, { coordinateGetter }),
  );

  const announcements = useMemo<Announcements>(() => {
    const cardName = (id: UniqueIdentifier) => {
      for (const column of columnsRef.current) {
        const card = column.cards.find((item) => item.id === id);
        if (card) return card.label;
      }
      return String(id);
    };
    const columnName = (id: UniqueIdentifier | undefined) =>
      columnsRef.current.find((column) => column.id === id)?.title ?? "";
    return {
      onDragStart: ({ active }) => {
        announcedOver.current = columnOf(active.data) ?? null;
        return t("board.picked", { card: cardName(active.id), column: columnName(columnOf(active.data)) });
      },
      onDragOver: ({ active, over }) => {
        const overId = over?.id ?? null;
        if (overId === announcedOver.current) return undefined;
        announcedOver.current = overId;
        if (overId === null) return t("board.outside", { card: cardName(active.id) });
        return t("board.over", { card: cardName(active.id), column: columnName(overId) });
      },
      onDragEnd: ({ active, over }) => {
        const from = columnOf(active.data);
        const move = dropMove(String(active.id), from, over ? String(over.id) : null);
        if (move) return t("board.dropped", { card: cardName(active.id), column: columnName(move.to) });
        return t("board.stayed", { card: cardName(active.id), column: columnName(from) });
      },
      onDragCancel: ({ active }) =>
        t("board.cancelled", { card: cardName(active.id), column: columnName(columnOf(active.data)) }),
    };
  }, [t]);

  const onDragStart = ({ active }: DragStartEvent) => {
    for (const column of columnsRef.current) {
      const card = column.cards.find((item) => item.id === active.id);
      if (card) return setLifted({ card, column });
    }
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setLifted(null);
    const move = dropMove(String(active.id), columnOf(active.data), over ? String(over.id) : null);
    if (move) onMove(move.cardId, move.from, move.to);
  };

  const dragging = lifted !== null;
  const Container = label === undefined ? "div" : "section";
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collisionDetection}
      autoScroll={autoScroll}
      accessibility={{
        announcements,
        screenReaderInstructions: { draggable: t("board.instructions", { cancelKey: "Esc" }) },
      }}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setLifted(null)}
    >
      <Container
        className={fill ? `${classes.board} ${classes.fill}` : classes.board}
        style={{ opacity: dimmed ? 0.6 : 1 }}
        aria-label={label}
      >
        {columns.map((column) => (
          <ColumnView key={column.id} column={column} emptyText={emptyText} dropText={dropText} dragging={dragging}>
            {column.cards.map((card) => (
              <DraggableCard
                key={card.id}
                card={card}
                columnId={column.id}
                color={column.color}
                roleDescription={t("board.cardRole")}
              >
                {renderCard(card, column)}
              </DraggableCard>
            ))}
          </ColumnView>
        ))}
      </Container>
      <DragOverlay>
        {lifted ? (
          // What follows the pointer is a picture of the card: not focusable, not read out twice.
          <div inert>
            <CardFrame card={lifted.card} color={lifted.column.color} className={classes.cardOverlay}>
              {renderCard(lifted.card, lifted.column)}
            </CardFrame>
          </div>
        ) : null}
      </DragOverlay>
    </DndContext>
  );
}

function ColumnView<C extends BoardCard>({
  column,
  emptyText,
  dropText,
  dragging,
  children,
}: {
  column: BoardColumn<C>;
  emptyText: string;
  dropText: string;
  dragging: boolean;
  children: ReactNode;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: column.id });
  return (
    <section
      ref={setNodeRef}
      aria-label={column.title}
      className={isOver ? `${classes.column} ${classes.columnOver}` : classes.column}
      style={{ "--stage-color": column.color } as CSSProperties}
      {...column.data}
    >
      <div className={classes.columnHeader}>
        <Group justify="space-between" wrap="nowrap" gap={4}>
          <Text fw={600} size="sm" truncate title={column.title}>
            {column.title}
          </Text>
          <Text size="xs" c="dimmed" fw={600}>
            {column.count}
          </Text>
        </Group>
        {column.summary !== undefined && (
          <Text size="xs" c="dimmed">
            {column.summary}
          </Text>
        )}
      </div>
      <div className={classes.columnBody}>
        {column.cards.length === 0 && (
          <Text size="xs" c="dimmed" ta="center" py="md">
            {dragging ? dropText : emptyText}
          </Text>
        )}
        {children}
        {column.footer}
      </div>
    </section>
  );
}

type Listeners = Record<string, (event: SyntheticEvent) => void>;

/**
 * Passes on only the events of the card's own elements: React also bubbles events from a portal
 * (the card's menu opens in one), and a press on a menu item must not lift the card.
 */
function ownEventsOnly(listeners: Listeners | undefined): Listeners | undefined {
  if (!listeners) return undefined;
  const own: Listeners = {};
  for (const [name, handler] of Object.entries(listeners)) {
    own[name] = (event) => {
      const { currentTarget, target } = event;
      if (currentTarget instanceof Node && target instanceof Node && !currentTarget.contains(target)) return;
      handler(event);
    };
  }
  return own;
}

function DraggableCard({
  card,
  columnId,
  color,
  roleDescription,
  children,
}: {
  card: BoardCard;
  columnId: string;
  color: string;
  roleDescription: string;
  children: ReactNode;
}) {
  const movable = card.movable !== false;
  const data: ColumnData = { column: columnId };
  const { setNodeRef, setActivatorNodeRef, listeners, attributes, isDragging } = useDraggable({
    id: card.id,
    data,
    disabled: !movable || card.pending === true,
    attributes: { roleDescription },
  });
  const ref = useCallback(
    (element: HTMLElement | null) => {
      setNodeRef(element);
      // The card itself takes Space and Enter; on its link or menu button they keep their own meaning.
      setActivatorNodeRef(element);
    },
    [setNodeRef, setActivatorNodeRef],
  );
  return (
    <CardFrame
      ref={ref}
      card={card}
      color={color}
      className={isDragging ? classes.cardDragging : undefined}
      // The article stays an article (dnd-kit would make it a button) and is focusable while it can move.
      focusable={movable}
      roleDescription={attributes["aria-roledescription"]}
      describedBy={attributes["aria-describedby"]}
      handlers={ownEventsOnly(listeners as Listeners | undefined)}
    >
      {children}
    </CardFrame>
  );
}

function CardFrame({
  ref,
  card,
  color,
  className,
  focusable,
  roleDescription,
  describedBy,
  handlers,
  children,
}: {
  ref?: (element: HTMLElement | null) => void;
  card: BoardCard;
  color: string;
  className?: string;
  focusable?: boolean;
  roleDescription?: string;
  describedBy?: string;
  handlers?: Listeners;
  children: ReactNode;
}) {
  const classNames = [classes.card, card.pending ? classes.cardPending : "", className ?? ""].filter(Boolean).join(" ");
  return (
    <Paper
      ref={ref}
      component="article"
      aria-label={card.label}
      aria-busy={card.pending || undefined}
      aria-roledescription={focusable ? roleDescription : undefined}
      aria-describedby={focusable ? describedBy : undefined}
      tabIndex={focusable ? 0 : undefined}
      data-fixed={card.movable === false || undefined}
      withBorder
      radius="sm"
      p="xs"
      shadow="xs"
      className={classNames}
      style={{ "--stage-color": color } as CSSProperties}
      {...handlers}
    >
      {children}
    </Paper>
  );
}
