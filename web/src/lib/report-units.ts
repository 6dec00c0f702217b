import type { Me } from "@planerka/common";

// Whose figures the caller may open is the server's answer (`abilities.reportUnits`, from the
// access matrix's reports level): the head cabinet, the team reports and the bonus sheets only read
// it, so a changed matrix reaches the web with the next /me.

export function isCompanyWide(me: Me): boolean {
  return me.abilities.reportUnits === "all";
}

/** The units the caller may pick: every unit, or the ones they head (with all below). */
export function reportUnits(me: Me): "all" | Set<string> {
  const units = me.abilities.reportUnits;
  return units === "all" ? "all" : new Set(units);
}

/** Whether the caller sees anyone's figures but their own: the head cabinet, team reports, a unit to choose. */
export function seesTeamFigures(me: Me): boolean {
  return isCompanyWide(me) || me.abilities.reportUnits.length > 0;
}
