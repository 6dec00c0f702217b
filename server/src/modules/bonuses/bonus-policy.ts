import type { Actor } from "../../platform/auth/authenticate";
import type { Executor } from "../../platform/db/database";
import { notFound } from "../../platform/errors/problem";
import { findRootUnitId } from "../org/unit.queries";

/**
 * Who may do what with bonuses, in one place (the routes' permissions say which roles may try):
 * schemes are the company's pay rules, so admins, tops and the head of the top unit set them; a
 * sheet is approved by the head of its unit (or of one above) or a top.
 */
export function mayConfigureBonuses(actor: Actor, root: string | null): boolean {
  const { role } = actor.user;
  if (role === "admin" || role === "top") return true;
  return role === "head" && root !== null && actor.scope.headedUnitIds.includes(root);
}

export async function assertMayConfigureBonusesOrThrow(executor: Executor, actor: Actor) {
  // 404 like any route the caller has no business with: the schemes' existence is not secret, but
  // one answer for «not yours» keeps the rule simple.
  if (!mayConfigureBonuses(actor, await findRootUnitId(executor))) throw notFound();
}

export function mayApproveBonuses(actor: Actor): boolean {
  return actor.user.role === "top" || (actor.user.role === "head" && actor.scope.headedUnitIds.length > 0);
}

/** A unit's sheet: a top any unit, a head a unit in the subtree they head. */
export function assertMayApproveUnitOrThrow(actor: Actor, unitId: string) {
  if (actor.user.role === "top") return;
  if (actor.user.role === "head" && actor.scope.isInSubtree(unitId)) return;
  throw notFound();
}
