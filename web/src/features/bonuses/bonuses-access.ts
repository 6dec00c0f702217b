import type { Me } from "@planerka/common";
import { isCompanyWide, seesTeamFigures } from "../../lib/report-units";

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

/** A bonus sheet covers the units whose figures the caller may open. */
export const seesWholeCompany = isCompanyWide;

/** Who has more than their own row to look at, and so a unit to choose. */
export const choosesUnit = seesTeamFigures;
