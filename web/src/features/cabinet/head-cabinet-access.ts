import type { Me } from "@planerka/common";

// Whose figures the caller may open is the server's answer (`abilities.reportUnits`, from the
// access matrix): these only read it, so a changed matrix reaches the web on the next /me.

export function isCompanyWide(me: Me): boolean {
  return me.abilities.reportUnits === "all";
}

/** The units the caller may pick in the head cabinet and the team reports: every unit, or these. */
export function reportUnits(me: Me): "all" | Set<string> {
  const units = me.abilities.reportUnits;
  return units === "all" ? "all" : new Set(units);
}

export function canSeeHeadCabinet(me: Me): boolean {
  return isCompanyWide(me) || me.abilities.reportUnits.length > 0;
}
