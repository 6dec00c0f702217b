import type { Me } from "@planerka/common";

/** Settings → «Премии»: as the server says (admins, tops, the head of the company's top unit). */
export function canConfigureBonuses(me: Me): boolean {
  return me.abilities.configureBonuses;
}

export function canApproveBonuses(me: Me): boolean {
  return me.abilities.approveBonuses;
}

export function canReconcileOneC(me: Me): boolean {
  return me.abilities.reconcileOneC;
}

export function seesWholeCompany(me: Me): boolean {
  return me.role === "top" || me.role === "admin";
}

/** Who has more than their own row to look at, and so a unit to choose. */
export function choosesUnit(me: Me): boolean {
  return seesWholeCompany(me) || me.headedUnitIds.length > 0;
}
