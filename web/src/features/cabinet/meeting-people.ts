import type { UnitRollup } from "@planerka/common";
import { expandableIds, type RollupUser, shownUserIds } from "./rollup-table";

/**
 * The people of «Планёрка», in the order the roll-up table lists them with every unit open (each
 * unit below first, then the unit's own people), without the head holding the meeting.
 */
export function meetingPeople(root: { children: UnitRollup[]; users: RollupUser[] }, meId: string): RollupUser[] {
  const byId = new Map<string, RollupUser>();
  const collect = (node: { children: UnitRollup[]; users: RollupUser[] }) => {
    for (const item of node.users) byId.set(item.user.id, item);
    node.children.forEach(collect);
  };
  collect(root);
  return shownUserIds(root, new Set(expandableIds(root)))
    .filter((id) => id !== meId)
    .map((id) => byId.get(id)!);
}

/** The person `shift` places away from `current` (the first when `current` is not among them), or null at either end. */
export function stepPerson(people: readonly RollupUser[], current: string | undefined, shift: number): string | null {
  const index = people.findIndex((item) => item.user.id === current);
  const next = people[(index < 0 ? 0 : index) + shift];
  return next ? next.user.id : null;
}

/** A key that steps through the people: → or J to the next, ← or K to the previous (by the key's place, whatever the layout). */
export function stepOfKey(event: Pick<KeyboardEvent, "key" | "code" | "altKey" | "ctrlKey" | "metaKey" | "shiftKey">) {
  if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return 0;
  if (event.key === "ArrowRight" || event.code === "KeyJ") return 1;
  if (event.key === "ArrowLeft" || event.code === "KeyK") return -1;
  return 0;
}
