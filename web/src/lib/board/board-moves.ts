/*
 * The board's arithmetic, kept apart from React and dnd-kit so that it can be tested in node:
 * what a drop means, how a card moves between columns (counts and sums follow), and where the
 * keyboard takes a lifted card.
 */

/** One move the user asked for: the card, the column it was shown in and the column it was dropped on. */
export interface BoardMove {
  cardId: string;
  from: string;
  to: string;
}

/** What a drop means: nothing when the card was let go outside every column or over its own. */
export function dropMove(cardId: string, from: string | undefined, over: string | null | undefined): BoardMove | null {
  if (from === undefined || over === null || over === undefined || over === from) return null;
  return { cardId, from, to: over };
}

/** A column as the moves see it: the cards loaded, how many it holds in all and, when it keeps one, their sum. */
export interface ColumnTally<C> {
  id: string;
  cards: readonly C[];
  count: number;
  sum?: number;
}

export interface MoveOptions<C> {
  /** The card as it should look in its new column (its new stage, say); the moved card itself when absent. */
  placed?: C;
  /** What the card adds to a column's sum (a deal's amount); columns without a sum ignore it. */
  weight?: (card: C) => number;
}

/**
 * Moves a card from one column to another: it leaves every column it was in and goes on top of
 * the new one (as the server orders a column by the latest change); the old column counts one
 * less and the new one one more, and their sums follow. An unknown target changes nothing.
 */
export function moveCard<C extends { id: string }, T extends ColumnTally<C>>(
  columns: readonly T[],
  card: C,
  from: string,
  to: string,
  options: MoveOptions<C> = {},
): T[] {
  if (!columns.some((column) => column.id === to)) return [...columns];
  const placed = options.placed ?? card;
  const weight = options.weight ?? (() => 0);
  return columns.map((column) => {
    let cards = column.cards.filter((item) => item.id !== card.id);
    let { count, sum } = column;
    if (column.id === from) {
      count -= 1;
      if (sum !== undefined) sum -= weight(card);
    }
    if (column.id === to) {
      cards = [placed, ...cards];
      count += 1;
      if (sum !== undefined) sum += weight(placed);
    }
    const moved = { ...column, cards, count: Math.max(0, count) };
    return sum === undefined ? moved : { ...moved, sum };
  });
}

/**
 * The columns as the server sent them with the moves still on their way applied: each moved card
 * is shown in the column it was dropped on, and the counts follow.
 */
export function withMoves<C extends { id: string }, T extends ColumnTally<C>>(
  columns: readonly T[],
  moves: ReadonlyMap<string, string>,
): T[] {
  let result = [...columns];
  for (const [cardId, to] of moves) {
    const from = result.find((column) => column.cards.some((card) => card.id === cardId));
    const card = from?.cards.find((item) => item.id === cardId);
    if (!from || !card || from.id === to) continue;
    result = moveCard(result, card, from.id, to);
  }
  return result;
}

/** Where a card lifted with the keyboard goes next: the neighbouring column to the left or right, or nowhere. */
export function nextColumn(order: readonly string[], current: string | null, key: string): string | null {
  const index = current === null ? -1 : order.indexOf(current);
  if (key === "ArrowRight") {
    if (index === -1) return order[0] ?? null;
    return order[index + 1] ?? null;
  }
  if (key === "ArrowLeft") {
    if (index === -1) return order[order.length - 1] ?? null;
    return index > 0 ? (order[index - 1] ?? null) : null;
  }
  return null;
}

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Where the lifted card's top-left corner goes to sit in a column: centred across it, at the
 * height it had, but never above the column's top or below its bottom (a short column still
 * catches a card carried from a long one).
 */
export function placeInColumn(column: Box, card: Box): { x: number; y: number } {
  const lowest = column.top + column.height - card.height;
  return {
    x: column.left + (column.width - card.width) / 2,
    y: Math.max(column.top, Math.min(card.top, lowest)),
  };
}
