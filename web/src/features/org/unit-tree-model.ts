import type { Unit } from "@planerka/common";

export interface UnitNode {
  unit: Unit;
  depth: number;
  children: UnitNode[];
  /** Active users of this unit and all units below it. */
  totalUsers: number;
}

const kindOrder = { company: 0, region: 1, city: 2, department: 3 } as const;

function compareUnits(a: Unit, b: Unit): number {
  return kindOrder[a.kind] - kindOrder[b.kind] || a.name.localeCompare(b.name, "ru");
}

/** Builds the tree from the flat list; a unit whose parent is missing becomes a root so nothing disappears. */
export function buildUnitTree(units: Unit[]): UnitNode[] {
  const ids = new Set(units.map((unit) => unit.id));
  const childrenOf = new Map<string | null, Unit[]>();
  for (const unit of units) {
    const parent = unit.parentId && ids.has(unit.parentId) ? unit.parentId : null;
    const list = childrenOf.get(parent) ?? [];
    list.push(unit);
    childrenOf.set(parent, list);
  }
  const build = (unit: Unit, depth: number, seen: Set<string>): UnitNode => {
    const next = new Set(seen).add(unit.id);
    const children = (childrenOf.get(unit.id) ?? [])
      .filter((child) => !next.has(child.id))
      .sort(compareUnits)
      .map((child) => build(child, depth + 1, next));
    const totalUsers = unit.userCount + children.reduce((sum, child) => sum + child.totalUsers, 0);
    return { unit, depth, children, totalUsers };
  };
  return (childrenOf.get(null) ?? []).sort(compareUnits).map((unit) => build(unit, 0, new Set()));
}

/** Depth-first order, as the tree reads from top to bottom. */
export function flattenTree(nodes: UnitNode[]): UnitNode[] {
  const result: UnitNode[] = [];
  const visit = (node: UnitNode) => {
    result.push(node);
    node.children.forEach(visit);
  };
  nodes.forEach(visit);
  return result;
}

/** The given units and everything below them. */
export function subtreeIds(units: Unit[], rootIds: readonly string[]): Set<string> {
  const result = new Set<string>();
  const queue = [...rootIds];
  while (queue.length > 0) {
    const id = queue.pop() as string;
    if (result.has(id)) continue;
    result.add(id);
    for (const unit of units) if (unit.parentId === id) queue.push(unit.id);
  }
  return result;
}
