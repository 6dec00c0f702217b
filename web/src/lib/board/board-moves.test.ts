import { describe, expect, it } from "vitest";
import { dropMove, moveCard, nextColumn, placeInColumn, withMoves } from "./board-moves";

interface Card {
  id: string;
  column: string;
  amount: number;
}

const card = (id: string, column: string, amount = 0): Card => ({ id, column, amount });

function columns() {
  return [
    { id: "new", cards: [card("a", "new", 100), card("b", "new", 50)], count: 5, sum: 1000 },
    { id: "talks", cards: [card("c", "talks", 20)], count: 1, sum: 20 },
    { id: "won", cards: [], count: 0, sum: 0 },
  ];
}

describe("what a drop means", () => {
  it("moves the card to the column it was let go over", () => {
    expect(dropMove("a", "new", "talks")).toEqual({ cardId: "a", from: "new", to: "talks" });
  });

  it("means nothing over its own column, outside every column or for a card of no column", () => {
    expect(dropMove("a", "new", "new")).toBeNull();
    expect(dropMove("a", "new", null)).toBeNull();
    expect(dropMove("a", "new", undefined)).toBeNull();
    expect(dropMove("a", undefined, "talks")).toBeNull();
  });
});

describe("moving a card between columns", () => {
  it("puts it on top of the new column, and the counts and sums follow", () => {
    const moved = moveCard(columns(), card("b", "new", 50), "new", "talks", {
      weight: (item) => item.amount,
    });
    expect(moved.map((column) => column.cards.map((item) => item.id))).toEqual([["a"], ["b", "c"], []]);
    expect(moved.map((column) => [column.count, column.sum])).toEqual([
      [4, 950],
      [2, 70],
      [0, 0],
    ]);
  });

  it("shows the card as it should look in its new column, and sums what it weighs there", () => {
    const placed = card("a", "won", 300);
    const moved = moveCard(columns(), card("a", "new", 100), "new", "won", {
      placed,
      weight: (item) => item.amount,
    });
    expect(moved[2]?.cards).toEqual([placed]);
    expect(moved.map((column) => column.sum)).toEqual([900, 20, 300]);
  });

  it("moves back what it moved (a refused move is rolled back)", () => {
    const original = card("a", "new", 100);
    const there = moveCard(columns(), original, "new", "talks", {
      placed: card("a", "talks", 100),
      weight: (item) => item.amount,
    });
    const back = moveCard(there, card("a", "talks", 100), "talks", "new", {
      placed: original,
      weight: (item) => item.amount,
    });
    expect(back.map((column) => [column.count, column.sum])).toEqual([
      [5, 1000],
      [1, 20],
      [0, 0],
    ]);
    expect(back[0]?.cards[0]).toBe(original);
  });

  it("never counts below zero, and keeps columns without a sum without one", () => {
    const plain = [
      { id: "x", cards: [card("a", "x")], count: 0 },
      { id: "y", cards: [], count: 0 },
    ];
    const moved = moveCard(plain, card("a", "x"), "x", "y");
    expect(moved.map((column) => column.count)).toEqual([0, 1]);
    expect(moved.some((column) => "sum" in column)).toBe(false);
  });

  it("changes nothing when the target is not on the board", () => {
    const before = columns();
    expect(moveCard(before, card("a", "new", 100), "new", "lost")).toEqual(before);
  });
});

describe("moves still on their way", () => {
  it("show each card where it was dropped, with the counts following", () => {
    const board = withMoves(
      columns(),
      new Map([
        ["a", "won"],
        ["c", "new"],
      ]),
    );
    expect(board.map((column) => column.cards.map((item) => item.id))).toEqual([["c", "b"], [], ["a"]]);
    expect(board.map((column) => column.count)).toEqual([5, 0, 1]);
  });

  it("ignore cards no longer loaded and cards already where they were sent", () => {
    const board = withMoves(
      columns(),
      new Map([
        ["gone", "won"],
        ["c", "talks"],
      ]),
    );
    expect(board).toEqual(columns());
  });
});

describe("the keyboard's way between columns", () => {
  const order = ["new", "talks", "won"];

  it("steps to the neighbouring column with the left and right arrows", () => {
    expect(nextColumn(order, "new", "ArrowRight")).toBe("talks");
    expect(nextColumn(order, "talks", "ArrowLeft")).toBe("new");
  });

  it("stops at the ends and ignores other keys", () => {
    expect(nextColumn(order, "won", "ArrowRight")).toBeNull();
    expect(nextColumn(order, "new", "ArrowLeft")).toBeNull();
    expect(nextColumn(order, "new", "ArrowDown")).toBeNull();
  });

  it("comes back from outside every column to the first or the last", () => {
    expect(nextColumn(order, null, "ArrowRight")).toBe("new");
    expect(nextColumn(order, null, "ArrowLeft")).toBe("won");
    expect(nextColumn(order, "unknown", "ArrowRight")).toBe("new");
  });

  it("centres the card across the column at its height, kept within the column", () => {
    const column = { left: 300, top: 100, width: 272, height: 400 };
    expect(placeInColumn(column, { left: 10, top: 200, width: 252, height: 90 })).toEqual({ x: 310, y: 200 });
    expect(placeInColumn(column, { left: 10, top: 480, width: 252, height: 90 })).toEqual({ x: 310, y: 410 });
    expect(placeInColumn(column, { left: 10, top: 40, width: 252, height: 90 })).toEqual({ x: 310, y: 100 });
    // A card taller than the column starts at the column's top.
    expect(placeInColumn(column, { left: 10, top: 200, width: 252, height: 500 })).toEqual({ x: 310, y: 100 });
  });
});
