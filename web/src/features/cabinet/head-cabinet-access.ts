import type { Me } from "@planerka/common";

export function isCompanyWide(me: Me): boolean {
  return me.role === "top" || me.role === "admin";
}

export function canSeeHeadCabinet(me: Me): boolean {
  return isCompanyWide(me) || me.headedUnitIds.length > 0;
}
