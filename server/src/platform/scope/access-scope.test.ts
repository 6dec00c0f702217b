import { defaultAccessMatrix } from "@planerka/common";
import { describe, expect, it } from "vitest";
import { AccessScope } from "./access-scope";

describe("AccessScope", () => {
  const matrix = defaultAccessMatrix();
  const manager = new AccessScope({ id: "m1", role: "manager", unitId: "dept-a" }, [], [], matrix);
  const head = new AccessScope({ id: "h1", role: "head", unitId: "dept-a" }, ["dept-a"], ["dept-a", "team-a1"], matrix);
  const headWithoutUnits = new AccessScope({ id: "h2", role: "head", unitId: "dept-b" }, [], [], matrix);
  const top = new AccessScope({ id: "t1", role: "top", unitId: "root" }, [], [], matrix);

  it("reaches own records only for a manager", () => {
    expect(manager.canReachOwner("deals", "read", { id: "m1", unitId: "dept-a" })).toBe(true);
    expect(manager.canReachOwner("deals", "read", { id: "m2", unitId: "dept-a" })).toBe(false);
    expect(manager.canReachOwner("plans", "write", { id: "m1", unitId: "dept-a" })).toBe(false);
  });

  it("reaches the whole subtree for a head, and nothing beside it", () => {
    expect(head.canReachOwner("deals", "write", { id: "m2", unitId: "team-a1" })).toBe(true);
    expect(head.canReachOwner("deals", "write", { id: "m3", unitId: "dept-b" })).toBe(false);
    expect(headWithoutUnits.canReachOwner("deals", "read", { id: "m3", unitId: "dept-b" })).toBe(false);
    expect(headWithoutUnits.canReachOwner("deals", "read", { id: "h2", unitId: "dept-b" })).toBe(true);
  });

  it("reaches everything for a top", () => {
    expect(top.canReachOwner("deals", "delete", { id: "x", unitId: "anywhere" })).toBe(true);
  });

  it("reaches a unit by the matrix's level: all of them, the subtree, or none for own", () => {
    expect(top.canReachUnit("reports", "read", "anywhere")).toBe(true);
    expect(head.canReachUnit("reports", "read", "team-a1")).toBe(true);
    expect(head.canReachUnit("reports", "read", "dept-b")).toBe(false);
    expect(manager.canReachUnit("reports", "read", "dept-a")).toBe(false);
    // An administrator who narrows heads' plans to their own takes their units' plans away too.
    const narrowed = structuredClone(matrix);
    narrowed.head.plans.read = "own";
    const narrowedHead = new AccessScope(head.user, head.headedUnitIds, head.subtreeUnitIds, narrowed);
    expect(narrowedHead.canReachUnit("plans", "read", "dept-a")).toBe(false);
    expect(narrowedHead.canReachUnit("reports", "read", "dept-a")).toBe(true);
  });
});
