import type { UnitRollup } from "@planerka/common";
import { describe, expect, it } from "vitest";
import { meetingPeople, stepOfKey, stepPerson } from "./meeting-people";

const figures = {
  plan: 0,
  planToDate: 0,
  actual: 0,
  completion: null,
  dealsInWork: { count: 0, amount: 0 },
  activityCoefficient: null,
};
const person = (id: string, unitId: string) => ({
  user: { id, name: id, position: null, unitId, unitName: unitId, hasPhoto: false },
  ...figures,
});
const unit = (id: string, users: string[], children: UnitRollup[] = []): UnitRollup => ({
  unit: { id, name: id, kind: "department" },
  totals: figures,
  children,
  users: users.map((user) => person(user, id)),
});

describe("«Планёрка»'s people", () => {
  // A city with two departments (one with a team below it) and the city's own people, the head among them.
  const root = unit(
    "city",
    ["head", "senior"],
    [unit("dept-1", ["a", "b"], [unit("team", ["c"])]), unit("dept-2", ["d"])],
  );

  it("go in the roll-up table's order with every unit open, without the head holding the meeting", () => {
    expect(meetingPeople(root, "head").map((item) => item.user.id)).toEqual(["c", "a", "b", "d", "senior"]);
    expect(meetingPeople(unit("empty", ["head"]), "head")).toEqual([]);
  });

  it("step forward and back, stopping at either end; an unknown person counts as the first", () => {
    const people = meetingPeople(root, "head");
    expect(stepPerson(people, "a", 1)).toBe("b");
    expect(stepPerson(people, "a", -1)).toBe("c");
    expect(stepPerson(people, "c", -1)).toBeNull();
    expect(stepPerson(people, "senior", 1)).toBeNull();
    expect(stepPerson(people, undefined, 1)).toBe("a");
    expect(stepPerson(people, "gone", -1)).toBeNull();
  });

  it("read → and J as next, ← and K as previous, by the key's place whatever the layout, and nothing with a modifier", () => {
    const key = (
      key: string,
      code: string,
      modifiers: Partial<Record<"altKey" | "ctrlKey" | "metaKey" | "shiftKey", boolean>> = {},
    ) => stepOfKey({ key, code, altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...modifiers });
    expect(key("ArrowRight", "ArrowRight")).toBe(1);
    expect(key("j", "KeyJ")).toBe(1);
    // The Russian layout: the J key types «о», the K key «л».
    expect(key("о", "KeyJ")).toBe(1);
    expect(key("л", "KeyK")).toBe(-1);
    expect(key("ArrowLeft", "ArrowLeft")).toBe(-1);
    expect(key("j", "KeyJ", { ctrlKey: true })).toBe(0);
    expect(key("ArrowRight", "ArrowRight", { altKey: true })).toBe(0);
    expect(key("a", "KeyA")).toBe(0);
  });
});
