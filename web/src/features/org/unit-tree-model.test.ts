import type { Me, Unit } from "@planerka/common";
import { describe, expect, it } from "vitest";
import { buildUnitTree, flattenTree, subtreeIds } from "./unit-tree-model";
import { assignableRoles, managedUnitIds } from "./user-permissions";

function unit(id: string, kind: Unit["kind"], name: string, parentId: string | null, userCount: number): Unit {
  return {
    id,
    kind,
    name,
    parentId,
    userCount,
    headUserId: null,
    headUserName: null,
    version: 1,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
  };
}

// Listed out of order on purpose, as the API may give them.
const units: Unit[] = [
  unit("sales-b", "department", "Отдел продаж Б", "almaty", 3),
  unit("south", "region", "Южный регион", "company", 0),
  unit("accounts", "department", "Бухгалтерия", "company", 2),
  unit("company", "company", "ТОО «Планерка»", null, 1),
  unit("shymkent", "city", "Шымкент", "south", 1),
  unit("sales-a", "department", "Отдел продаж А", "almaty", 4),
  unit("north", "region", "Северный регион", "company", 0),
  unit("almaty", "city", "Алматы", "south", 2),
  unit("lost", "department", "Склад", "deleted-parent", 5),
];

describe("the company tree", () => {
  const tree = buildUnitTree(units);
  const flat = flattenTree(tree);

  it("reads from the top: regions before departments at each level, then by name in Russian order", () => {
    expect(flat.map((node) => node.unit.id)).toEqual([
      "company",
      "north",
      "south",
      "almaty",
      "sales-a",
      "sales-b",
      "shymkent",
      "accounts",
      "lost",
    ]);
    expect(flat.map((node) => node.depth)).toEqual([0, 1, 1, 2, 3, 3, 2, 1, 0]);
  });

  it("counts everyone below a unit, not only its own people", () => {
    const total = (id: string) => flat.find((node) => node.unit.id === id)?.totalUsers;
    expect(total("almaty")).toBe(2 + 4 + 3);
    expect(total("south")).toBe(0 + 9 + 1);
    expect(total("company")).toBe(1 + 0 + 10 + 2);
    expect(total("sales-a")).toBe(4);
  });

  it("keeps a unit whose parent it cannot see, as a root, so that no one disappears", () => {
    expect(tree.map((node) => node.unit.id)).toEqual(["company", "lost"]);
    expect(flat).toHaveLength(units.length);
  });

  it("finds the units below the chosen ones, the chosen ones included", () => {
    expect([...subtreeIds(units, ["south"])].sort()).toEqual(["almaty", "sales-a", "sales-b", "shymkent", "south"]);
    expect([...subtreeIds(units, ["almaty", "sales-a"])].sort()).toEqual(["almaty", "sales-a", "sales-b"]);
    expect(subtreeIds(units, []).size).toBe(0);
  });
});

function me(role: Me["role"], headedUnitIds: string[], manageUsers = true): Me {
  return {
    id: "me",
    login: "me",
    name: "Абаев Марат",
    position: null,
    email: null,
    phone: null,
    role,
    unitId: headedUnitIds[0] ?? "sales-a",
    unitName: "",
    headedUnitIds,
    hasPhoto: false,
    companyName: "ТОО «Планерка»",
    timeZone: "Asia/Almaty",
    calendarTimeZone: "Asia/Almaty",
    ownCalendarTimeZone: null,
    startPage: "home",
    abilities: {
      manageUsers,
      manageUnits: false,
      manageSettings: false,
      manageAccess: false,
      manageApiTokens: false,
      exchangeWith1C: false,
      assignOneCOrders: false,
      configureBonuses: false,
      approveBonuses: false,
      reconcileOneC: false,
      managedUnits: role === "admin" ? "all" : headedUnitIds,
      assignableRoles: [],
      restoreRecords: role === "admin",
      allowDuplicateBin: role !== "manager",
      seeEveryGroup: role === "admin",
      manageTraining: role !== "manager",
      reportUnits: role === "top" || role === "admin" ? "all" : headedUnitIds,
      access: {} as Me["abilities"]["access"],
    },
  };
}

describe("whom one may manage, as the server sent it", () => {
  it("reads the managed units and the roles one may give from /me", () => {
    const head = me("head", ["south"]);
    expect(managedUnitIds({ ...head, abilities: { ...head.abilities, managedUnits: ["south", "almaty"] } })).toEqual(
      new Set(["south", "almaty"]),
    );
    expect(managedUnitIds(me("admin", []))).toBe("all");
    expect(managedUnitIds(me("top", [], false))).toBeNull();
    expect(assignableRoles({ ...head, abilities: { ...head.abilities, assignableRoles: ["manager"] } })).toEqual([
      "manager",
    ]);
  });
});
